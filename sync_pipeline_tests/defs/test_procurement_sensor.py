"""Procurement follows every write of takeoff requirements, whichever job made it, once each."""

from __future__ import annotations

import time

import dagster as dg

from sync_pipeline.defs.jobs import procurement_job
from sync_pipeline.defs.sensors import procurement_after_takeoffs
from sync_pipeline_tests.defs.intake import approved_keys, materialize_outside_takeoff_sync, refresh_catalog, tick


def test_a_takeoff_written_by_another_job_leads_to_one_procurement_request(defs, sim, instance):
    refresh_catalog(defs, instance)
    first, second, third = sorted(approved_keys(sim))[:3]
    assert isinstance(tick(procurement_after_takeoffs, defs, instance), dg.SkipReason)   # nothing written yet

    before = time.time()
    assert materialize_outside_takeoff_sync(defs, instance, first).success
    requested = tick(procurement_after_takeoffs, defs, instance)
    [request] = requested.run_requests
    assert isinstance(tick(procurement_after_takeoffs, defs, instance, requested.cursor), dg.SkipReason)
    # The cursor this sensor kept when it followed takeoff_sync runs (a run-update timestamp) still works.
    assert len(tick(procurement_after_takeoffs, defs, instance, f"{before:.6f}").run_requests) == 1
    assert isinstance(tick(procurement_after_takeoffs, defs, instance, f"{time.time():.6f}"), dg.SkipReason)

    # Two more written between ticks: one request covers both, under a new run key.
    for key in (second, third):
        assert materialize_outside_takeoff_sync(defs, instance, key).success
    again = tick(procurement_after_takeoffs, defs, instance, requested.cursor)
    [later] = again.run_requests
    assert later.run_key != request.run_key and int(again.cursor) > int(requested.cursor)

    # A procurement run not started yet has not read anything: it covers what was written meanwhile.
    instance.create_run_for_job(defs.resolve_job_def(procurement_job.name), status=dg.DagsterRunStatus.NOT_STARTED)
    assert materialize_outside_takeoff_sync(defs, instance, first).success
    covered = tick(procurement_after_takeoffs, defs, instance, again.cursor)
    assert not covered.run_requests and int(covered.cursor) > int(again.cursor)
