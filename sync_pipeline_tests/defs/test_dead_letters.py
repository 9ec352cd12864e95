"""Writes that fail after their retries become dead letters, alert, and replay without duplicates."""

from __future__ import annotations

import logging
import time

from sync_pipeline.cli import main
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.simulator.faults import ErrorRule, Faults
from sync_pipeline.warehouse.dead_letters import list_dead_letters
from sync_pipeline.warehouse.monitoring import health
from sync_pipeline_tests.defs.intake import approved_keys, materialize_outside_takeoff_sync, refresh_catalog

DOCUMENT_POSTS = ("post_purchase_order_draft", "post_quote_request")


def cli_environment(monkeypatch, sim, warehouse_path) -> None:
    """What `sync-pipeline dead-letters replay` reads: the simulator's endpoints and the test's warehouse."""
    for name, value in {"PM_API_URL": sim.pm_url, "PM_CLIENT_ID": sim.pm_client_id,
                        "PM_CLIENT_SECRET": sim.pm_client_secret, "INVENTORY_API_URL": sim.inventory_url,
                        "INVENTORY_API_TOKEN": sim.inventory_token, "SYNC_WAREHOUSE_PATH": str(warehouse_path)}.items():
        monkeypatch.setenv(name, value)


def document_posts(store) -> int:
    """Attempts to post a draft or quote request, whatever their outcome."""
    return store.query("SELECT count(*) AS n FROM integration_events WHERE operation IN (?, ?)",
                       list(DOCUMENT_POSTS))["n"][0]


def test_outage_dead_letters_then_replay_writes_each_document_once(defs, sim, instance, store, monkeypatch,
                                                                    caplog, warehouse_path):
    monkeypatch.setenv("SYNC_BREAKER_COOLDOWN_SECONDS", "0.5")
    approved = {t["id"] for t in sim.state.takeoff_revisions() if t["status"] == "approved"}
    # Reads work, every write fails: the platform's write side is down.
    sim.state.set_faults(Faults(errors={"/v2/projects": ErrorRule(rate=1.0, status=503, retry_after_seconds=0),
                                        "POST /v2/purchase-order-drafts": ErrorRule(rate=1.0, status=503,
                                                                                    retry_after_seconds=0)}))
    with caplog.at_level(logging.ERROR, logger="sync_pipeline.alerts"):
        first = run_sync(defs, instance)
    assert {label.split("@")[0] for label in first.failures if "@" in label} == approved
    assert all("dead letter" in reason for label, reason in first.failures.items() if "@" in label)
    letters = list_dead_letters(store)
    assert set(letters.filter(letters["operation"] == "post_material_requirements")["entity"].str.split("@")
               .list.first()) == approved
    assert any('"alert": "dead_letter"' in r.message for r in caplog.records)
    # The breaker opened: later writes were refused without being sent.
    assert "CircuitOpen" in set(letters["error_type"])
    assert sim.state.snapshot()["counts"]["records_created"] == 0

    sim.state.set_faults(Faults())
    time.sleep(0.6)
    cli_environment(monkeypatch, sim, warehouse_path)
    assert main(["dead-letters", "replay", "--all"]) == 0
    assert list_dead_letters(store).height == 0
    held = {r["source_document"] for r in sim.state.snapshot()["material_requirements"]["current"]}
    assert held == approved
    created = sim.state.snapshot()["counts"]["records_created"]

    # The next sync records what the replay wrote and creates nothing new on the platform.
    again = run_sync(defs, instance)
    assert again.ok and again.requirements_created == 0 and again.requirements_replayed == len(approved)
    assert sim.state.snapshot()["counts"]["records_created"] == created + again.drafts_created + \
        again.quote_requests_created
    attempts = store.query("SELECT count(*) AS n FROM integration_events WHERE status = 'transient_error'")
    assert attempts["n"][0] >= 4   # every failed attempt is on the record


def test_replayed_purchase_document_is_recorded_so_procurement_does_not_post_it_again(defs, sim, instance, store,
                                                                                      monkeypatch, warehouse_path):
    monkeypatch.setenv("SYNC_BREAKER_COOLDOWN_SECONDS", "0.5")
    # Requirements go through; every draft and quote request fails.
    down = ErrorRule(rate=1.0, status=503, retry_after_seconds=0)
    sim.state.set_faults(Faults(errors={"POST /v2/purchase-order-drafts": down, "POST /v2/quote-requests": down}))
    first = run_sync(defs, instance)
    assert list(first.failures) == ["procurement"] and first.requirements_created == len(first.revisions)
    letters = list_dead_letters(store)
    assert letters.height > 0 and set(letters["operation"]) <= set(DOCUMENT_POSTS)
    assert store.query("SELECT count(*) AS n FROM purchase_order_lines")["n"][0] == 0

    sim.state.set_faults(Faults())
    time.sleep(0.6)
    cli_environment(monkeypatch, sim, warehouse_path)
    assert main(["dead-letters", "replay", "--all"]) == 0
    platform = sim.state.snapshot()
    assert len(platform["purchase_order_drafts"]) + len(platform["quote_requests"]) == letters.height
    # Recorded like a first-time write: every line the recommendations asked for now counts as on order.
    recorded = store.query("SELECT w.idempotency_key, w.write_status, count(l.sku) AS lines "
                           "FROM purchase_order_writes w JOIN purchase_order_lines l USING (idempotency_key) "
                           "GROUP BY 1, 2")
    keys = store.query("SELECT idempotency_key FROM dead_letters")["idempotency_key"]
    assert sorted(recorded["idempotency_key"]) == sorted(keys) and set(recorded["write_status"]) == {"created"}
    ordered = store.query("SELECT count(*) AS n FROM po_recommendations WHERE kind <> 'unsourced'")["n"][0]
    assert recorded["lines"].sum() == ordered

    posts = document_posts(store)
    again = run_sync(defs, instance)
    assert again.ok and document_posts(store) == posts   # not even a replay under the same key
    assert sim.state.snapshot()["counts"] == platform["counts"]


def test_a_dead_lettered_requirement_written_later_by_another_route_closes_its_letter(defs, sim, instance, store,
                                                                                       monkeypatch, warehouse_path,
                                                                                       capsys, caplog):
    monkeypatch.setenv("SYNC_BREAKER_COOLDOWN_SECONDS", "0.5")
    refresh_catalog(defs, instance)
    key = sorted(approved_keys(sim))[0]
    takeoff_id, revision = key.split("@")
    sim.state.set_faults(Faults(errors={"/v2/projects": ErrorRule(rate=1.0, status=503, retry_after_seconds=0)}))
    instance.add_dynamic_partitions("takeoffs", [takeoff_id])
    takeoff_sync = defs.resolve_job_def(takeoff_job.name)
    with caplog.at_level(logging.INFO, logger="sync_pipeline.alerts"):
        for _ in range(2):   # the run and a retry of it: both fail, the document waits in one letter
            assert not takeoff_sync.execute_in_process(instance=instance, partition_key=takeoff_id,
                                                       raise_on_error=False, tags={REVISION_TAG: revision}).success
    [letter] = list_dead_letters(store).iter_rows(named=True)
    condition = f'"condition": "dead_letter:{letter["dead_letter_id"]}"'
    assert sum(condition in r.message and '"state": "raised"' in r.message for r in caplog.records) == 1
    assert (letter["entity"], letter["status"]) == (key, "open")
    cli_environment(monkeypatch, sim, warehouse_path)
    assert main(["dead-letters", "list"]) == 0 and key in capsys.readouterr().out

    sim.state.set_faults(Faults())
    time.sleep(0.6)
    with caplog.at_level(logging.INFO, logger="sync_pipeline.alerts"):
        written = materialize_outside_takeoff_sync(defs, instance, key)   # e.g. a UI backfill of the failed partition
    assert written.success
    assert any(condition in r.message and '"state": "resolved"' in r.message for r in caplog.records)
    closed = store.query("SELECT status, resolved_at, resolution FROM dead_letters").row(0, named=True)
    assert closed["status"] == "resolved" and closed["resolved_at"] is not None
    assert written.run_id in closed["resolution"] and "created" in closed["resolution"]
    [event] = store.query("SELECT * FROM integration_events WHERE operation = 'resolve_dead_letter'") \
        .iter_rows(named=True)
    assert (event["status"], event["entity"], event["run_id"]) == ("resolved", key, written.run_id)
    assert f"dead letter {letter['dead_letter_id']} (post_material_requirements) closed" in event["error_detail"]
    assert main(["dead-letters", "list"]) == 0 and capsys.readouterr().out.strip() == "no open dead letters"
    assert main(["dead-letters", "list", "--all"]) == 0 and "resolved" in capsys.readouterr().out
    calls = store.query("SELECT count(*) AS n FROM integration_events")["n"][0]
    assert health(store, 24).attempts == calls - 1   # the resolution row is bookkeeping, not a call
    # The one write reached the platform once.
    assert [r["source_document"] for r in sim.state.snapshot()["material_requirements"]["current"]] == [takeoff_id]
