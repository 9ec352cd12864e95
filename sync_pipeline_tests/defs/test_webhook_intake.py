"""The intake sensor with webhooks: the inbox first (checked against the PM API), the change feed as a slower
fallback, and the whole path simulator -> signed webhook -> receiver -> inbox -> sensor -> run."""

from __future__ import annotations

import json
from typing import Iterator

import pytest

from sync_pipeline.defs.sensors import FEED_FALLBACK_SECONDS, IntakeCursor, takeoff_approvals
from sync_pipeline.opstore import Delivery, webhook_inbox
from sync_pipeline.service.app import create_app
from sync_pipeline.background_server import BackgroundServer
from sync_pipeline.simulator.webhooks import WebhookFaults, WebhookTarget
from sync_pipeline_tests.defs.intake import approved_keys, refresh_catalog, run_requested, tick

SECRET = "whsec_aW50YWtlLXRlc3RzLXdlYmhvb2stc2lnbmluZy1zZWNyZXQ="


def keys(result) -> list[str]:
    return [r.run_key for r in result.run_requests or []]


def announce(webhook_id: str, takeoff: dict, event_type: str = "takeoff.approved", revision: int | None = None
             ) -> bool:
    """A delivery as the receiver stores it (the receiver itself is exercised in the end-to-end test below)."""
    return webhook_inbox().record(Delivery(
        webhook_id=webhook_id, event_type=event_type, takeoff_id=takeoff["id"], project_id=takeoff["project_id"],
        revision=revision or takeoff["revision"], event_created_at=takeoff["updated_at"], body="{}"))


def outcomes() -> dict[str, str | None]:
    return {row.webhook_id: row.outcome for row in webhook_inbox().rows()}


def rewind_feed(cursor: str, seconds: float) -> str:
    state = json.loads(cursor)
    state["feed_read_at"] -= seconds
    return json.dumps(state)


def test_inbox_first_checked_against_the_pm_api_and_consumed_after_the_runs_are_requested(defs, sim, instance):
    refresh_catalog(defs, instance)
    first = tick(takeoff_approvals, defs, instance)     # the backlog, from the change feed (not run here)
    assert sorted(keys(first)) == sorted(approved_keys(sim))

    new = sim.state.approve_takeoff(line_count=3)
    sim.state.hidden_from_change_feed.add(new["id"])   # only the webhook tells of it
    revised_id = sorted(approved_keys(sim) - {f"{new['id']}@1"})[0].split("@")[0]
    old = sim.state.takeoff(revised_id)
    revised = sim.state.revise_takeoff(revised_id)
    assert announce("evt_new", new) and not announce("evt_new", new)            # a duplicate is not stored
    announce("evt_revised", revised)
    announce("evt_late_old", old)                       # an approval of a revision superseded since
    announce("evt_superseded", old, "takeoff.superseded")
    announce("evt_unknown", {**new, "id": "TO-00001"})  # the PM system has no such takeoff
    unannounced = sim.state.approve_takeoff(line_count=2)   # in the change feed only

    second = tick(takeoff_approvals, defs, instance, first.cursor)
    assert keys(second) == [f"{new['id']}@1", f"{revised_id}@{revised['revision']}"]
    assert outcomes() == {
        "evt_new": None, "evt_revised": None,           # pending until the next tick: runs requested, not yet stored
        "evt_late_old": f"ignored: {revised_id}@{old['revision']} is superseded in the PM system, not approved",
        "evt_superseded": "ignored: takeoff.superseded announces no approval",
        "evt_unknown": "ignored: the PM system has no takeoff TO-00001 revision 1"}
    assert IntakeCursor.load(second.cursor).inbox_requested == ["evt_new", "evt_revised"]
    assert all(r.success for r in run_requested(defs, instance, second))

    # Webhooks are arriving: the change feed waits FEED_FALLBACK_SECONDS, so the unannounced one waits too.
    third = tick(takeoff_approvals, defs, instance, second.cursor)
    assert keys(third) == [] and outcomes()["evt_new"] == outcomes()["evt_revised"] == "run requested"
    fourth = tick(takeoff_approvals, defs, instance, rewind_feed(third.cursor, FEED_FALLBACK_SECONDS))
    assert keys(fourth) == [f"{unannounced['id']}@1"]   # the feed caught what no webhook announced

    # A late repeat of an approval already written: consumed as such, nothing requested.
    announce("evt_new_retry", new)
    fifth = tick(takeoff_approvals, defs, instance, fourth.cursor)
    assert keys(fifth) == [] and outcomes()["evt_new_retry"] == "already written"


def test_a_tick_whose_result_was_lost_requests_the_same_runs_again(defs, sim, instance):
    first = tick(takeoff_approvals, defs, instance)
    new = sim.state.approve_takeoff(line_count=2)
    announce("evt_a", new)
    second = tick(takeoff_approvals, defs, instance, first.cursor)
    assert f"{new['id']}@1" in keys(second)
    # The daemon died before storing the tick's result: the next tick starts from the old cursor.
    again = tick(takeoff_approvals, defs, instance, first.cursor)
    assert f"{new['id']}@1" in keys(again) and outcomes() == {"evt_a": None}   # same run key: launched once


def test_an_unreachable_operational_store_fails_the_tick_visibly_naming_it(defs, sim, instance, monkeypatch):
    # The inbox and the circuit breakers share the store: without it no call may go out unguarded,
    # so the tick fails with the reason (and the cursor stays) instead of launching blind.
    monkeypatch.setenv("SYNC_OPS_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    with pytest.raises(Exception, match="cannot open the operational store"):
        tick(takeoff_approvals, defs, instance)


@pytest.fixture
def receiver() -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(webhook_secrets=[SECRET], inbox=webhook_inbox())) as service:
        yield service


@pytest.mark.slow   # three takeoff runs in process
def test_simulator_to_receiver_to_inbox_to_sensor(defs, sim, instance, store, receiver):
    refresh_catalog(defs, instance)
    first = tick(takeoff_approvals, defs, instance)     # the backlog, from the change feed (not run here)
    sim.state.webhooks.configure(WebhookTarget(f"{receiver.url}/webhooks/pm", (SECRET,)),
                                 WebhookFaults(duplicate_rate=0.5, reorder_rate=0.5, reorder_seconds=0.3, seed=9))
    approved = []
    for _ in range(3):
        takeoff = sim.state.approve_takeoff(line_count=3)
        sim.state.hidden_from_change_feed.add(takeoff["id"])   # the webhooks alone carry these
        approved.append(f"{takeoff['id']}@1")
    assert sim.state.webhooks.wait_idle()

    second = tick(takeoff_approvals, defs, instance, first.cursor)
    assert sorted(keys(second)) == sorted(approved)
    assert all(r.success for r in run_requested(defs, instance, second))
    third = tick(takeoff_approvals, defs, instance, second.cursor)
    assert keys(third) == []
    rows = webhook_inbox().rows()
    assert len(rows) == 3 and {r.outcome for r in rows} == {"run requested"}
    written = set(store.query("SELECT takeoff_id || '@' || revision AS k FROM requirement_writes")["k"].to_list())
    assert set(approved) <= written
    on_platform = {r["source_document"] for r in sim.state.snapshot()["material_requirements"]["current"]}
    assert {k.split("@")[0] for k in approved} <= on_platform
    sent = [d for d in sim.state.webhook_deliveries() if d["event_id"] in {r.webhook_id for r in rows}]
    assert len(sent) >= 3 and {d["response_status"] for d in sent} == {200}
