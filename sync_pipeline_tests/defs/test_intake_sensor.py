"""The intake sensor against the simulator: cursor, overlap, revisions, paging, PM outages."""

from __future__ import annotations

import json

import pytest

from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.sensors import IntakeCursor, build_intake_sensor, takeoff_approvals
from sync_pipeline.simulator.faults import ErrorRule, Faults
from sync_pipeline_tests.defs.intake import approved_keys, tick


def keys(result) -> list[str]:
    return [r.run_key for r in result.run_requests or []]


def test_cursor_advances_and_the_overlap_requests_nothing_twice(defs, sim, instance):
    first = tick(takeoff_approvals, defs, instance)
    assert sorted(keys(first)) == sorted(approved_keys(sim))
    assert all(r.tags[REVISION_TAG] == r.run_key.split("@")[1] and r.partition_key == r.run_key.split("@")[0]
               for r in first.run_requests)
    [added] = first.dynamic_partitions_requests
    assert sorted(added.partition_keys) == sorted({k.split("@")[0] for k in approved_keys(sim)})
    instance.add_dynamic_partitions(added.partitions_def_name, list(added.partition_keys))  # as the daemon does
    cursor = IntakeCursor.load(first.cursor)
    newest = max(t["updated_at"] for t in sim.state.takeoff_revisions() if t["status"] == "approved")
    assert cursor.high_water == newest and cursor.page is None

    # Nothing new: the overlap re-reads the newest approvals, and none is requested again.
    again = tick(takeoff_approvals, defs, instance, first.cursor)
    assert keys(again) == [] and again.skip_reason

    revised_id = sorted(approved_keys(sim))[0].split("@")[0]
    new = sim.state.approve_takeoff(line_count=3)
    revised = sim.state.revise_takeoff(revised_id)
    third = tick(takeoff_approvals, defs, instance, again.cursor)
    assert keys(third) == [f"{new['id']}@1", f"{revised_id}@{revised['revision']}"]
    assert list(third.dynamic_partitions_requests[0].partition_keys) == [new["id"]]  # the revised one exists
    assert IntakeCursor.load(third.cursor).high_water == revised["updated_at"]


def test_a_long_feed_is_read_a_few_pages_per_tick(defs, sim, instance):
    sensor = build_intake_sensor(page_size=1, pages_per_tick=2, name="small_pages")
    requested, cursor, ticks = [], None, 0
    while True:
        result = tick(sensor, defs, instance, cursor)
        requested += keys(result)
        cursor, ticks = result.cursor, ticks + 1
        state = IntakeCursor.load(cursor)
        if state.page is None:
            break
        assert state.high_water is None   # the mark moves only when a sweep is complete
    assert sorted(requested) == sorted(approved_keys(sim)) and len(requested) == len(set(requested))
    assert ticks == 2 and IntakeCursor.load(cursor).high_water is not None


def test_pm_outage_fails_the_tick_and_the_next_one_picks_up_where_it_stopped(defs, sim, instance):
    sensor = build_intake_sensor(page_size=1, pages_per_tick=2, name="outage")
    first = tick(sensor, defs, instance)
    assert len(keys(first)) == 2
    sim.state.set_faults(Faults(errors={"/v1/takeoffs": ErrorRule(rate=1.0, status=503, retry_after_seconds=0)}))
    with pytest.raises(Exception, match="could not read the change feed of the PM API"):
        tick(sensor, defs, instance, first.cursor)   # Dagster keeps the old cursor when a tick raises
    sim.state.set_faults(Faults())
    second = tick(sensor, defs, instance, first.cursor)
    assert sorted(keys(first) + keys(second)) == sorted(approved_keys(sim))
    assert json.loads(second.cursor)["page"] is None


def test_no_work_is_launched_while_the_inventory_circuit_is_open(defs, sim, instance):
    from sync_pipeline.clients.breaker import breaker_for

    breaker = breaker_for("inventory")
    for _ in range(breaker.failure_threshold):
        breaker.record_failure()
    skipped = tick(takeoff_approvals, defs, instance)
    assert "circuit is open" in skipped.skip_message   # a SkipReason: no runs, cursor untouched
    breaker.record_success()
    resumed = tick(takeoff_approvals, defs, instance)
    assert sorted(keys(resumed)) == sorted(approved_keys(sim))   # nothing was skipped meanwhile
