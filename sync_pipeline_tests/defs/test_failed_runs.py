"""Failed takeoff work heals itself: steps retried with backoff, Dagster's run retries, and past those the
intake requesting the revision again once the system that failed is back."""

from __future__ import annotations

import time
from datetime import timedelta

import dagster as dg

from sync_pipeline.defs import failed_runs
from sync_pipeline.defs.failed_runs import RETRY_TAG, WILL_RETRY_TAG
from sync_pipeline.defs.pending import written_revisions
from sync_pipeline.defs.sensors import takeoff_approvals
from sync_pipeline.simulator.faults import ErrorRule, Faults
from sync_pipeline_tests.defs.intake import refresh_catalog, run_requested, tick


def keys(result) -> list[str]:
    return sorted(r.run_key for r in result.run_requests or [])


def written(store) -> set[str]:
    return {f"{takeoff_id}@{revision}" for takeoff_id, revision in written_revisions(store)}


def test_runs_failed_in_an_outage_are_requested_again_once_the_platform_is_back(defs, sim, instance, store,
                                                                               monkeypatch):
    monkeypatch.setenv("SYNC_BREAKER_COOLDOWN_SECONDS", "0.5")
    refresh_catalog(defs, instance)
    first = tick(takeoff_approvals, defs, instance)
    two = first.run_requests[:2]   # two runs are enough, and the others were never launched
    approved = {r.run_key for r in two}
    sim.state.set_faults(Faults(errors={"/v2/": ErrorRule(rate=1.0, status=503, retry_after_seconds=0)}))
    failed = run_requested(defs, instance, dg.SensorResult(
        run_requests=two, dynamic_partitions_requests=first.dynamic_partitions_requests))
    assert not any(r.success for r in failed)
    retried = [e for e in failed[0].all_events if e.event_type_value == "STEP_UP_FOR_RETRY"]
    # The write step was tried again after a backoff; that try opened the circuit, and an open circuit is
    # not waited for within the run.
    assert len(retried) == 1
    assert not written(store) & approved

    # Still down: the tick probes the platform (its breaker's cooldown is over), finds it down, requests nothing.
    time.sleep(0.6)
    down = tick(takeoff_approvals, defs, instance, first.cursor)
    assert isinstance(down, dg.SkipReason) and "circuit is open" in down.skip_message

    sim.state.set_faults(Faults())
    time.sleep(0.6)
    healed = tick(takeoff_approvals, defs, instance, first.cursor)   # the probe closes the breaker
    assert keys(healed) == sorted(f"{key}#retry-1" for key in approved)
    assert all(r.tags[RETRY_TAG] == "1" for r in healed.run_requests)
    assert all(r.success for r in run_requested(defs, instance, healed))
    assert written(store) >= approved
    assert keys(tick(takeoff_approvals, defs, instance, healed.cursor)) == []   # written: nothing more to ask


def test_a_run_dagster_will_retry_is_left_to_its_run_retries(defs, sim, monkeypatch):
    monkeypatch.setenv("SYNC_BREAKER_COOLDOWN_SECONDS", "0.5")
    with dg.instance_for_test(overrides={"run_retries": {"enabled": True}}) as instance:
        refresh_catalog(defs, instance)
        first = tick(takeoff_approvals, defs, instance)
        sim.state.set_faults(Faults(errors={"/v1/takeoffs/": ErrorRule(rate=1.0, status=503, retry_after_seconds=0)}))
        [one, *_] = first.run_requests
        failed = run_requested(defs, instance, dg.SensorResult(
            run_requests=[one], dynamic_partitions_requests=first.dynamic_partitions_requests))
        [run] = [r.dagster_run for r in failed]
        assert not failed[0].success
        assert instance.get_run_by_id(run.run_id).tags[WILL_RETRY_TAG] == "true"   # takeoff_sync's max_retries
        sim.state.set_faults(Faults())
        time.sleep(0.6)
        assert keys(tick(takeoff_approvals, defs, instance, first.cursor)) == []
        # A retry that never came (no daemon, or a run the CLI made): past the grace, the intake takes over.
        monkeypatch.setattr(failed_runs, "RUN_RETRY_GRACE", timedelta(0))
        assert keys(tick(takeoff_approvals, defs, instance, first.cursor)) == [f"{one.run_key}#retry-1"]
