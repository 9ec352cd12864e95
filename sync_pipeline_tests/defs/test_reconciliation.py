"""Revisions replace what they supersede; reconciliation finds what the sensor never saw and heals it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

import dagster as dg
import pytest

from sync_pipeline.defs.jobs import procurement_job
from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.reconciliation import reconciliation_gaps, reconciliation_schedule
from sync_pipeline.defs.sensors import procurement_after_takeoffs, takeoff_approvals
from sync_pipeline_tests.defs.intake import approved_keys, refresh_catalog, run_requested, tick
from sync_pipeline_tests.alert_receiver import receiver  # noqa: F401 - a fixture


def intake(defs, instance, cursor=None) -> str:
    result = tick(takeoff_approvals, defs, instance, cursor)
    assert all(r.success for r in run_requested(defs, instance, result))
    return result.cursor


def reconcile(defs, instance) -> dg.ExecuteInProcessResult:
    context = dg.build_schedule_context(instance=instance,
                                        scheduled_execution_time=datetime(2026, 1, 1, 4, tzinfo=timezone.utc))
    [request] = reconciliation_schedule.evaluate_tick(context).run_requests
    return defs.resolve_job_def(reconciliation_schedule.job_name).execute_in_process(
        instance=instance, tags=request.tags, raise_on_error=False)


def drift_check(result) -> dg.AssetCheckEvaluation:
    [evaluation] = result.get_asset_check_evaluations()
    return evaluation


def test_new_revision_replaces_the_old_and_a_late_old_one_is_refused(defs, sim, instance, store):
    refresh_catalog(defs, instance)
    cursor = intake(defs, instance)
    takeoff_id = sorted(approved_keys(sim))[0].split("@")[0]
    revised = sim.state.revise_takeoff(takeoff_id)
    cursor = intake(defs, instance, cursor)
    [held] = [r for r in sim.state.snapshot()["material_requirements"]["current"]
              if r["source_document"] == takeoff_id]
    assert held["source_revision"] == revised["revision"] and held["replaces"] is not None

    # A revision fetched while approved but written only after its successor: the platform refuses it.
    late = sim.state.approve_takeoff(line_count=3)
    instance.add_dynamic_partitions("takeoffs", [late["id"]])
    upstream = dg.AssetSelection.groups("takeoffs") - dg.AssetSelection.assets("material_requirements")
    for selection in (upstream, dg.AssetSelection.assets("material_requirements")):
        if selection is not upstream:
            sim.state.revise_takeoff(late["id"])
            cursor = intake(defs, instance, cursor)   # revision 2 is written first
        assert dg.materialize(defs.assets, selection=selection, partition_key=late["id"], instance=instance,
                              resources=defs.resources, tags={REVISION_TAG: "1"}).success
    assert dict(store.query("SELECT revision, write_status FROM requirement_writes WHERE takeoff_id = ?",
                            [late["id"]]).iter_rows()) == {1: "stale_revision", 2: "created"}
    [held_late] = [r for r in sim.state.snapshot()["material_requirements"]["current"]
                   if r["source_document"] == late["id"]]
    assert held_late["source_revision"] == 2

    # Procurement follows the takeoff runs; the rollups count only the newest written revision.
    result = tick(procurement_after_takeoffs, defs, instance)
    assert len(result.run_requests) == 1
    assert all(r.success for r in run_requested(defs, instance, result, procurement_job.name))
    assert isinstance(tick(procurement_after_takeoffs, defs, instance, result.cursor), dg.SkipReason)
    required = store.query("SELECT sku, sum(quantity) AS q FROM material_requirements m JOIN "
                           "(SELECT takeoff_id, max(revision) AS revision FROM requirement_writes "
                           " WHERE write_status IN ('created', 'replayed') GROUP BY 1) USING (takeoff_id, revision) "
                           "GROUP BY 1 ORDER BY 1")
    rollups = store.query("SELECT sku, sum(required_quantity) AS q FROM project_rollups GROUP BY 1 ORDER BY 1")
    assert required.equals(rollups)
    older = store.query("SELECT count(*) AS n FROM material_requirements WHERE takeoff_id = ? AND revision < ?",
                        [takeoff_id, revised["revision"]])["n"][0]
    assert older > 0   # the superseded revision's lines are kept, just not counted


@pytest.mark.slow   # 20 approved revisions, each its own run
def test_reconciliation_reprocesses_approvals_the_sensor_never_saw(defs, sim, instance, store, receiver):
    refresh_catalog(defs, instance)
    cursor = intake(defs, instance)
    new = [sim.state.approve_takeoff(line_count=2) for _ in range(16)]
    sim.state.hidden_from_change_feed.add(new[7]["id"])   # 1 of 20 approved revisions: 5%
    intake(defs, instance, cursor)
    assert f"{new[7]['id']}@1" not in set(store.query("SELECT takeoff_id || '@' || revision AS k "
                                                      "FROM requirement_writes")["k"])

    first = reconcile(defs, instance)
    assert first.success and not drift_check(first).passed
    report = store.query("SELECT * FROM reconciliation_report").row(0, named=True)
    assert (report["approved_revisions"], report["missing"], report["missing_revisions"]) == \
        (20, 1, [f"{new[7]['id']}@1"])
    assert report["drift_share"] == 0.05 and report["webhook_approvals_unlisted"] == 1
    assert drift_check(first).description == "FAIL: 1 of 20 approved revisions never written (5.0 %, allowed 2.0 % " \
        "by SYNC_RECONCILIATION_MAX_DRIFT)."
    assert receiver.states() == [("drift", "raised")]

    gaps = tick(reconciliation_gaps, defs, instance)
    assert [r.partition_key for r in gaps.run_requests] == [new[7]["id"]]
    assert all(r.success for r in run_requested(defs, instance, gaps))

    second = reconcile(defs, instance)
    assert drift_check(second).passed
    assert receiver.states() == [("drift", "raised"), ("drift", "resolved")]
    assert store.query("SELECT missing FROM reconciliation_report ORDER BY checked_at DESC")["missing"][0] == 0
    snapshot = sim.state.snapshot()["material_requirements"]
    assert {f"{r['source_document']}@{r['source_revision']}" for r in snapshot["current"]} == approved_keys(sim)
    written = Counter((r["source_document"], r["source_revision"]) for r in snapshot["history"])
    assert set(written.values()) == {1}
