"""Reconciliation every four hours: what the PM system says is approved vs what reached the platform.

The sensor reads the PM change feed; anything that feed never showed (a lagging index, an outage
longer than the overlap, a bug) is found here from the full approved listing and reprocessed.
The webhook deliveries are compared with the change feed too: they are the PM system's own
record of approvals, so an approval the feed leaves out is counted even before it is found.
The report is a table; its figures drive an asset check with a configurable threshold, and a
sensor on the report requests a takeoff_sync run per gap.
"""


from bisect import bisect_right
from datetime import datetime, timedelta

import dagster as dg
import polars as pl

from sync_pipeline.alerts import track_alert
from sync_pipeline.clients.models import TakeoffSummary, WebhookDelivery
from sync_pipeline.config import reconciliation_max_drift_from_env
from sync_pipeline.contracts import ReconciliationReport, validated
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import takeoff_partitions
from sync_pipeline.defs.pending import revision_key, revision_run_request, revisions_in_flight, unwritten
from sync_pipeline.defs.resources import PmApi, WarehouseResource
from sync_pipeline.defs.sensors import parse_pm_time
from sync_pipeline.defs.takeoff_assets import material_requirements
from sync_pipeline.warehouse.frames import now_utc
from sync_pipeline.warehouse.monitoring import format_figure, rounded_figure
from sync_pipeline.warehouse.store import insert_frame

GROUP = "reconciliation"
FIRST_WEBHOOK_WINDOW = timedelta(hours=24)    # deliveries compared by the first report ever
WEBHOOK_OVERLAP = timedelta(hours=1)          # later reports re-read this much before the previous one
DELIVERY_RETRY_HORIZON = timedelta(hours=1)   # a delivery retried later than this is not matched to its approval
def unlisted_approvals(deliveries: list[WebhookDelivery], feed: list[TakeoffSummary]) -> tuple[int, int]:
    """(approval events delivered, those with no approval in the change feed at or shortly before them)."""
    first: dict[str, datetime] = {}
    for delivery in deliveries:
        if delivery.event_type == "takeoff.approved":
            at = parse_pm_time(delivery.attempted_at)
            first[delivery.event_id] = min(at, first.get(delivery.event_id, at))
    approvals = sorted(parse_pm_time(t.approved_at) for t in feed if t.approved_at)
    unlisted = 0
    for at in sorted(first.values()):
        i = bisect_right(approvals, at) - 1
        if i >= 0 and at - approvals[i] <= DELIVERY_RETRY_HORIZON:
            approvals.pop(i)
        else:
            unlisted += 1
    return len(first), unlisted


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[material_requirements], pool="warehouse_writer")
def reconciliation_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                          pm_api: PmApi) -> dg.MaterializeResult:
    """Approved revisions vs written ones, the gaps by name, and what the webhook deliveries say."""
    store = warehouse.store()
    checked_at = now_utc()
    previous = store.query("SELECT max(checked_at) AS at FROM reconciliation_report")["at"][0]
    window_start = previous - WEBHOOK_OVERLAP if previous is not None else checked_at - FIRST_WEBHOOK_WINDOW
    with warehouse.event_log(context) as events, pm_api.client(events) as client:
        approved = list(client.takeoffs(status="approved"))
        feed = list(client.takeoffs(updated_after=(window_start - DELIVERY_RETRY_HORIZON).isoformat()))
        deliveries = list(client.webhook_deliveries(since=window_start.isoformat()))
    in_flight = revisions_in_flight(context.instance)
    gaps = [revision_key(t.id, t.revision) for t in unwritten(approved, store)]
    missing = [key for key in gaps if key not in in_flight]
    delivered, unlisted = unlisted_approvals(deliveries, feed)
    max_drift = reconciliation_max_drift_from_env()
    frame = validated(pl.DataFrame([{
        "report_id": context.run.run_id, "checked_at": checked_at, "approved_revisions": len(approved),
        "written": len(approved) - len(gaps), "in_flight": len(gaps) - len(missing), "missing": len(missing),
        "drift_share": len(missing) / len(approved) if approved else 0.0, "max_drift": max_drift,
        "webhook_window_start": window_start, "webhook_approvals": delivered,
        "webhook_approvals_unlisted": unlisted, "missing_revisions": missing,
    }], schema_overrides={"missing_revisions": pl.List(pl.Utf8)}), ReconciliationReport)
    with store.transaction() as con:
        insert_frame(con, "reconciliation_report", frame)
    row = frame.row(0, named=True)
    if missing:
        context.log.warning(f"{len(missing)} approved revision(s) never written, reprocessing: {', '.join(missing)}")
    return dg.MaterializeResult(metadata={
        **{name: row[name] for name in ("approved_revisions", "written", "in_flight", "missing",
                                        "webhook_approvals", "webhook_approvals_unlisted")},
        "drift_percent": rounded_figure(row["drift_share"], "%"),
        "missing_revisions": dg.MetadataValue.json(missing),
    })


@dg.asset_check(asset=reconciliation_report, description=(
    "Share of the takeoff revisions the PM system lists as approved that were never written to the platform "
    "(neither written nor in a run), from the latest reconciliation report. Fails above "
    "SYNC_RECONCILIATION_MAX_DRIFT (default 2 %) and then alerts once (`drift`) until a report is back under it. "
    "The reconciliation_gaps sensor already requests a run per missing revision; if the share stays high, "
    "look for failed takeoff_sync runs and open dead letters."))
def reconciliation_drift(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    row = warehouse.store().query("SELECT * FROM reconciliation_report ORDER BY checked_at DESC LIMIT 1") \
        .row(0, named=True)
    passed = row["drift_share"] <= row["max_drift"]
    drift, limit = format_figure(row["drift_share"], "%"), format_figure(row["max_drift"], "%")
    finding = (f"{row['missing']} of {row['approved_revisions']} approved revisions never written ({drift}, "
               f"allowed {limit} by SYNC_RECONCILIATION_MAX_DRIFT)")
    track_alert("drift", "drift", "ok" if passed else "fail",
                f"reconciliation drift: {finding}" + ("" if passed else
                                                      "; runs were requested for each, look for failed "
                                                      "takeoff_sync runs and open dead letters"),
                missing=row["missing"], approved_revisions=row["approved_revisions"])
    return dg.AssetCheckResult(
        passed=passed, severity=dg.AssetCheckSeverity.ERROR,
        description=("OK: " if passed else "FAIL: ") + finding + ".",
        metadata={"drift": drift, "max_drift": limit,
                  **{name: row[name] for name in ("missing", "approved_revisions", "webhook_approvals_unlisted")}})


reconciliation_job = dg.define_asset_job(
    "reconciliation", selection=dg.AssetSelection.assets(reconciliation_report),
    description="Compare approvals in the PM system with what was written (reconciliation_report); the "
                "reconciliation_gaps sensor then reprocesses every gap.")

reconciliation_schedule = dg.ScheduleDefinition(
    name="reconciliation_every_four_hours", cron_schedule="0 */4 * * *", execution_timezone="UTC",
    job=reconciliation_job, default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every 4 hours: compare the revisions the PM system lists as approved (and its webhook "
                "deliveries) with what was written; every gap gets a takeoff_sync run, and drift above "
                "SYNC_RECONCILIATION_MAX_DRIFT fails the reconciliation_drift check and alerts.")


@dg.asset_sensor(asset_key=reconciliation_report.key, job=takeoff_job, default_status=dg.DefaultSensorStatus.RUNNING,
                 description="After each reconciliation report: one takeoff_sync run per approved revision it "
                             "found missing, so nothing approved stays unwritten.")
def reconciliation_gaps(context: dg.SensorEvaluationContext, asset_event: dg.EventLogEntry) -> dg.SensorResult:
    missing = asset_event.asset_materialization.metadata["missing_revisions"].value
    requests = []
    for key in missing:
        takeoff_id, revision = key.rsplit("@", 1)
        # Keyed by report too: a gap still open at the next reconciliation is requested again.
        requests.append(revision_run_request(takeoff_id, int(revision),
                                             run_key=f"{key} reconciliation {asset_event.run_id}"))
    partitions = sorted({r.partition_key for r in requests} - set(
        context.instance.get_dynamic_partitions(takeoff_partitions.name)))
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[takeoff_partitions.build_add_request(partitions)] if partitions else [])
