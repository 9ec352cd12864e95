"""Every review decision re-processes the takeoffs it affects, so a confirmation reaches the platform.

Two ways in, one list of what to re-process (`warehouse.mappings.reprocess_after`):
- `review_decisions_sensor` (daemon): watches manual_mappings with the last mapping_id seen as its
  cursor and requests a `takeoff_sync` run per affected takeoff, for its latest revision;
- `reprocess` (no daemon): runs the same jobs in this process, then procurement; used, on the
  configured endpoints and Dagster instance (`reprocess_from_env`), by `sync-pipeline review ... --apply`
  and by the web app's decisions (in its background worker).
A re-run matches again (the mapping wins) and writes the changed requirements under a new
Idempotency-Key, which replaces that takeoff's requirements on the platform; an unchanged
takeoff replays its old key and creates nothing. Run keys carry the mapping id, so one
decision never launches the same run twice.
"""

from __future__ import annotations

import dagster as dg

from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG, takeoff_partitions
from sync_pipeline.defs.resources import WarehouseResource
from sync_pipeline.defs.runner import SyncSummary, process_revisions
from sync_pipeline.warehouse.mappings import Reprocess, reprocess_after


def _run_key(item: Reprocess) -> str:
    return f"mapping-{item.mapping_id}:{item.takeoff_id}@{item.revision}"


@dg.sensor(job=takeoff_job, minimum_interval_seconds=15, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Every 15 s: after a reviewer confirms, corrects or rejects a line, re-processes the "
                       "takeoffs that decision applies to, so their requirements on the platform follow it.")
def review_decisions_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource) -> dg.SensorResult:
    seen = int(context.cursor or 0)
    items, newest = reprocess_after(warehouse.store(), seen)
    if newest == seen:
        return dg.SensorResult(skip_reason="no new review decisions")
    known = set(context.instance.get_dynamic_partitions(takeoff_partitions.name))
    missing = sorted({i.takeoff_id for i in items} - known)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=_run_key(i), partition_key=i.takeoff_id,
                                    tags={REVISION_TAG: str(i.revision)}) for i in items],
        dynamic_partitions_requests=[takeoff_partitions.build_add_request(missing)] if missing else None,
        cursor=str(newest),
    )


def reprocess(defs: dg.Definitions, instance: dg.DagsterInstance, after_mapping_id: int) -> SyncSummary:
    """Re-run, in this process, every takeoff the decisions after `after_mapping_id` affect, then procurement."""
    warehouse: WarehouseResource = defs.resources["warehouse"].process_config_and_initialize()
    items, _ = reprocess_after(warehouse.store(), after_mapping_id)
    summary = SyncSummary()
    if items:
        process_revisions(defs, instance, [(i.takeoff_id, i.revision, {"sync_pipeline/reason": _run_key(i)})
                                           for i in items], summary, log_level="ERROR")
    return summary


def reprocess_from_env(after_mapping_id: int) -> SyncSummary:
    """`reprocess` against the configured endpoints on the CLI's Dagster instance; ConfigError without them."""
    # Imported here: the definitions import this module.
    from sync_pipeline.config import Settings
    from sync_pipeline.definitions import build_definitions
    from sync_pipeline.defs.instance import cli_instance
    from sync_pipeline.defs.resources import resources_from_env

    Settings.from_env()
    with cli_instance() as instance:
        return reprocess(build_definitions(resources_from_env()), instance, after_mapping_id)
