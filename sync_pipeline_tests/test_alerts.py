"""Alerts reach a real webhook receiver on loopback: once per condition, none while it lasts, one "resolved"."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from typing import Iterator

import pytest

from sync_pipeline.alerts import alert_state, raise_alert, resolve_alert, track_alert
from sync_pipeline.clients.breaker import CircuitBreaker
from sync_pipeline.clients.errors import PermanentError, TransientError
from sync_pipeline.clients.inventory import InventoryClient
from sync_pipeline.clients.pm import PmClient
from sync_pipeline.clients.resilience import RetryPolicy
from sync_pipeline.opstore import open_opstore
from sync_pipeline.simulator.faults import Faults
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.warehouse.dead_letters import discard, record_dead_letter
from sync_pipeline.warehouse.store import Warehouse
from sync_pipeline_tests.alert_receiver import HOOK_SECRET, receiver  # noqa: F401 - a fixture
from sync_pipeline_tests.simulator.conftest import seeded_data


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(data=seeded_data(), token_ttl_seconds=3600) as server:
        yield server


def test_one_alert_per_condition_none_while_active_one_resolved(receiver):
    assert raise_alert("check:review_queue", "check", "review queue: 1,200 lines", severity="warn")
    assert not raise_alert("check:review_queue", "check", "review queue: 1,250 lines", severity="warn")
    assert not track_alert("check:review_queue", "check", "warn", "review queue: 1,300 lines")
    assert raise_alert("breaker:inventory", "breaker", "inventory breaker opened")   # another condition
    assert receiver.states() == [("check:review_queue", "raised"), ("breaker:inventory", "raised")]
    first = receiver.bodies[0]
    assert (first["alert"], first["severity"], first["message"]) == ("check", "warn", "review queue: 1,200 lines")

    assert track_alert("check:review_queue", "check", "ok", "review queue: 40 lines")
    assert not track_alert("check:review_queue", "check", "ok", "review queue: 30 lines")   # resolved once
    assert not resolve_alert("auth:pm", "never raised")
    resolved = receiver.bodies[-1]
    assert (resolved["state"], resolved["message"], resolved["alert"]) == ("resolved", "review queue: 40 lines",
                                                                           "check")
    assert len(receiver.bodies) == 3
    assert [a.alert_key for a in alert_state().active()] == ["breaker:inventory"]

    # Back again: a new alert; worse (warn -> fail): one more; no repeat at fail.
    assert track_alert("check:review_queue", "check", "warn", "review queue: 1,100 lines")
    assert track_alert("check:review_queue", "check", "fail", "review queue: 6,000 lines")
    assert not track_alert("check:review_queue", "check", "fail", "review queue: 6,100 lines")
    assert not track_alert("check:review_queue", "check", "warn", "review queue: 1,900 lines")
    assert [(b["state"], b["severity"]) for b in receiver.bodies[3:]] == [("raised", "warn"), ("raised", "fail")]


def test_another_process_does_not_repeat_an_active_alert(receiver):
    assert raise_alert("drift", "drift", "reconciliation drift: 3 of 20 missing")
    code = ("from sync_pipeline.alerts import raise_alert, resolve_alert\n"
            "assert not raise_alert('drift', 'drift', 'reconciliation drift: 4 of 20 missing')\n"
            "assert resolve_alert('drift', 'reconciliation drift: 0 of 20 missing')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert receiver.states() == [("drift", "raised"), ("drift", "resolved")]
    assert not resolve_alert("drift", "already resolved by the other process")


def test_slack_format_posts_a_text_body(receiver, monkeypatch):
    monkeypatch.setenv("SYNC_ALERT_FORMAT", "slack")
    raise_alert("breaker:pm", "breaker", "pm circuit breaker opened after 5 consecutive failures")
    resolve_alert("breaker:pm", "pm circuit breaker closed")
    assert receiver.bodies == [
        {"text": "[ALERT] pm circuit breaker opened after 5 consecutive failures (breaker:pm)"},
        {"text": "[RESOLVED] pm circuit breaker closed (breaker:pm)"}]


def test_undeliverable_alert_is_logged_without_the_url_and_never_fails_the_work(receiver, monkeypatch, caplog):
    receiver.status = 500
    with caplog.at_level(logging.INFO, logger="sync_pipeline.alerts"):
        assert raise_alert("dead_letter:1", "dead_letter", "dead letter 1")
        monkeypatch.setenv("SYNC_ALERT_WEBHOOK_URL", f"http://127.0.0.1:9/services/{HOOK_SECRET}")   # nothing there
        assert raise_alert("dead_letter:2", "dead_letter", "dead letter 2")
        monkeypatch.setenv("SYNC_ALERT_FORMAT", "teams")
        assert raise_alert("dead_letter:3", "dead_letter", "dead letter 3")
    failures = [json.loads(r.message) for r in caplog.records if "alert_delivery_failed" in r.message]
    assert [(f["condition"], f["error"], f["http_status"]) for f in failures[:2]] == [
        ("dead_letter:1", "HTTPStatusError", 500), ("dead_letter:2", "ConnectError", None)]
    assert "SYNC_ALERT_FORMAT must be one of json, slack, not 'teams'" in failures[2]["error"]
    assert len(receiver.bodies) == 1   # the malformed format sent nothing
    assert all(HOOK_SECRET not in r.message for r in caplog.records)
    # Each alert is still one JSON line on the log.
    assert sum('"state": "raised"' in r.message for r in caplog.records) == 3


def test_an_unreachable_store_still_lets_the_alert_out(receiver, monkeypatch, caplog):
    monkeypatch.setenv("SYNC_OPS_DATABASE_URL", "postgresql://ops:hunter2@127.0.0.1:1/ops")   # nothing listens
    with caplog.at_level(logging.ERROR, logger="sync_pipeline.alerts"):
        assert raise_alert("auth:pm", "auth", "pm refused the pipeline's credentials")
        assert not resolve_alert("auth:pm", "pm accepts them again")   # unknown whether it was active: silent
    assert receiver.states() == [("auth:pm", "raised")]
    unavailable = [json.loads(r.message) for r in caplog.records if "alert_state_unavailable" in r.message]
    assert len(unavailable) == 2 and "127.0.0.1:1/ops" in unavailable[0]["error"]
    assert all("hunter2" not in r.message for r in caplog.records)


def test_breaker_opening_under_an_outage_alerts_once_and_resolves_when_it_closes(receiver, sim):
    breaker = CircuitBreaker("inventory", open_opstore(), cooldown_seconds=0.3)
    client = InventoryClient(sim.inventory_url, sim.inventory_token, breaker=breaker,
                             retry=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.01))
    client._http._sleep = lambda seconds: None
    sim.state.set_faults(Faults(outages=frozenset({"inventory"})))
    with client:
        for _ in range(4):   # 5 failures open it; a failed probe after the cooldown opens it again
            with pytest.raises(TransientError):
                client.uom_codes()
            time.sleep(0.35)
        assert breaker.state().state == "open"
        assert receiver.states() == [("breaker:inventory", "raised")]
        assert "opened after 5 consecutive failures" in receiver.bodies[0]["message"]
        sim.state.set_faults(Faults())
        time.sleep(0.35)
        assert client.uom_codes()   # the probe succeeds: closed
    assert receiver.states() == [("breaker:inventory", "raised"), ("breaker:inventory", "resolved")]


def test_credentials_a_refresh_does_not_cure_alert_once_without_the_secret(receiver, sim):
    retry = RetryPolicy(max_attempts=1)
    with PmClient(sim.pm_url, sim.pm_client_id, "wrong-secret", retry=retry) as pm:
        for _ in range(2):
            with pytest.raises(PermanentError):
                pm.projects()
    with InventoryClient(sim.inventory_url, "wrong-token", retry=retry) as inventory:
        with pytest.raises(PermanentError):
            inventory.uom_codes()
    assert receiver.states() == [("auth:pm", "raised"), ("auth:inventory", "raised")]
    sent = json.dumps(receiver.bodies)
    assert "wrong-secret" not in sent and "wrong-token" not in sent and sim.pm_client_secret not in sent
    assert receiver.bodies[0]["http_status"] == 401

    with PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret, retry=retry) as pm:
        assert pm.projects()
        assert pm.projects()
    assert receiver.states()[2:] == [("auth:pm", "resolved")]


def test_a_revoked_token_that_a_refresh_cures_does_not_alert(receiver, sim):
    with PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret) as pm:
        assert pm.projects()
        sim.state.revoke_pm_tokens()
        assert pm.projects()
    assert receiver.bodies == []


def test_a_dead_letter_alerts_once_and_resolves_when_discarded(receiver, tmp_path):
    store = Warehouse(tmp_path / "warehouse")
    store.migrate()
    dead_letter_id = record_dead_letter(store, operation="post_quote_request", entity="Q-1", payload={"a": 1},
                                        idempotency_key="k", context={}, error=TransientError("503"), run_id="r")
    assert receiver.states() == [(f"dead_letter:{dead_letter_id}", "raised")]
    assert "dead-letters replay" in receiver.bodies[0]["message"]
    assert discard(store, dead_letter_id, by="ops", reason="vendor closed")
    assert not discard(store, dead_letter_id, by="ops", reason="again")
    assert receiver.states()[1:] == [(f"dead_letter:{dead_letter_id}", "resolved")]
    assert receiver.bodies[1]["message"] == f"dead letter {dead_letter_id} discarded by ops: vendor closed"
