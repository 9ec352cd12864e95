"""The simulator's outgoing webhooks, received by the real receiver: signed, retried, and the fault knobs;
/v1/webhook-deliveries lists exactly the attempts made."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime
from typing import Iterator

import pytest

from sync_pipeline.opstore import webhook_inbox
from sync_pipeline.service.app import create_app
from sync_pipeline.background_server import BackgroundServer
from sync_pipeline.simulator.webhooks import WebhookFaults, WebhookTarget
from sync_pipeline_tests.simulator.conftest import pm_client, walk_cursor_pages

SECRET = "whsec_c2ltdWxhdG9yLXdlYmhvb2stc2VjcmV0LWZvci10ZXN0cw=="
NEW_SECRET = "whsec_dGhlLW5ldy1zZWNyZXQtYWZ0ZXItYS1yb3RhdGlvbg=="


@pytest.fixture
def receiver() -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(webhook_secrets=[SECRET], inbox=webhook_inbox())) as service:
        yield service


def deliveries(sim) -> list[dict]:
    with pm_client(sim) as pm:
        records, _ = walk_cursor_pages(pm, "/v1/webhook-deliveries", limit=200)
    return records


def approve(sim, n: int) -> list[str]:
    """Approve n new takeoffs; their approval events' ids, in order."""
    before = len(sim.state.webhook_events())
    for _ in range(n):
        sim.state.approve_takeoff(line_count=2)
    return [e["id"] for e in sim.state.webhook_events()[before:]]


def test_each_event_arrives_signed_once_and_is_listed(fresh_sim, receiver, http, contracts):
    listed_before = len(deliveries(fresh_sim))
    answer = http.post(f"{fresh_sim.pm_url}/_sim/webhooks",
                       json={"url": f"{receiver.url}/webhooks/pm", "secrets": [NEW_SECRET, SECRET]})
    assert answer.status_code == 200 and answer.json()["secrets"] == ["***", "***"]   # rotation: two signatures
    events = approve(fresh_sim, 3)
    assert fresh_sim.state.webhooks.wait_idle()
    rows = webhook_inbox().rows()
    assert [r.webhook_id for r in rows] == events
    assert {(r.event_type, r.revision) for r in rows} == {("takeoff.approved", 1)}
    listed = deliveries(fresh_sim)
    assert len(listed) == listed_before + 3
    assert sorted((d["event_id"], d["response_status"]) for d in listed[:3]) == sorted((e, 200) for e in events)
    with pm_client(fresh_sim) as pm:
        contracts["pm"].validate("/v1/webhook-deliveries", "get", pm.get("/v1/webhook-deliveries"))


def test_duplicated_reordered_and_delayed_deliveries_are_stored_once(fresh_sim, receiver):
    fresh_sim.state.webhooks.configure(
        WebhookTarget(f"{receiver.url}/webhooks/pm", (SECRET,)),
        WebhookFaults(duplicate_rate=1.0, reorder_rate=0.5, reorder_seconds=0.6, delay_seconds=0.2, seed=3))
    started = time.time()
    events = approve(fresh_sim, 8)
    assert fresh_sim.state.webhooks.wait_idle()
    rows = webhook_inbox().rows()
    assert sorted(r.webhook_id for r in rows) == sorted(events)           # each once
    assert [r.webhook_id for r in rows] != events                          # but not in the order they happened
    attempts = Counter(d["event_id"] for d in deliveries(fresh_sim) if d["event_id"] in events)
    assert attempts == {e: 2 for e in events}                              # every one sent twice
    first = min(datetime.fromisoformat(r.received_at).timestamp() for r in rows)
    assert first >= started + 0.2                                          # delay_seconds


def test_dropped_deliveries_are_listed_with_no_answer_and_never_arrive(fresh_sim, receiver):
    fresh_sim.state.webhooks.configure(WebhookTarget(f"{receiver.url}/webhooks/pm", (SECRET,)),
                                       WebhookFaults(drop_rate=1.0))
    events = approve(fresh_sim, 2)
    assert fresh_sim.state.webhooks.wait_idle()
    assert webhook_inbox().rows() == []
    assert sorted((d["event_id"], d["response_status"]) for d in deliveries(fresh_sim)[:2]) == \
        sorted((e, None) for e in events)   # listed (two in one millisecond sort by id)


def test_refused_deliveries_are_retried_then_given_up(fresh_sim, receiver):
    wrong = "whsec_bm90LXRoZS1yZWNlaXZlcnMtc2VjcmV0LWF0LWFsbA=="
    fresh_sim.state.webhooks.configure(WebhookTarget(f"{receiver.url}/webhooks/pm", (wrong,),
                                                     retry_delays=(0.05, 0.05)))
    [event] = approve(fresh_sim, 1)
    assert fresh_sim.state.webhooks.wait_idle()
    assert [d["response_status"] for d in deliveries(fresh_sim) if d["event_id"] == event] == [401, 401, 401]
    assert webhook_inbox().rows() == []


def test_bad_webhook_settings_are_refused(fresh_sim, http):
    for body in ({"url": "ftp://x", "secrets": [SECRET]}, {"url": "http://x", "secrets": ["plain"]},
                 {"url": "http://x", "secrets": [SECRET], "faults": {"drop_rate": 2}}):
        assert http.post(f"{fresh_sim.pm_url}/_sim/webhooks", json=body).status_code == 400
    assert http.get(f"{fresh_sim.pm_url}/_sim/webhooks").json()["url"] is None
