"""The pipeline's health as an asset: its figures as metadata the Dagster UI plots over time, one asset
check per configured threshold, and an alert for each check past its level.

A schedule materializes it every 15 minutes, and `sync-pipeline sync` / `demo` at their end. It reads
only the warehouse and the run queue, so it is cheap, takes no warehouse_writer slot, and keeps
reporting while an external system is down.
"""

from typing import Any

import dagster as dg

from sync_pipeline.alerts import track_alert
from sync_pipeline.config import MonitorSettings, monitor_settings_from_env
from sync_pipeline.defs.checks import threshold_result
from sync_pipeline.defs.pending import revisions_in_flight
from sync_pipeline.defs.resources import WarehouseResource
from sync_pipeline.warehouse.monitoring import (MONITORS, TAKEOFF_MONITORS, Health, Verdict, format_figure,
                                                format_levels, health, rounded_figure, takeoff_shares, verdicts)
from sync_pipeline.warehouse.store import Warehouse

GROUP = "monitoring"
LISTED_TAKEOFFS = 5   # an alert about per-takeoff figures names this many takeoffs


def health_metadata(figures: Health) -> dict[str, Any]:
    """One rounded number per key, the unit in its name, so each is a readable series in the asset's plots;
    a figure not measured yet is left out (the UI would show null); last successes also as timestamps."""
    metadata: dict[str, Any] = {m.label: rounded_figure(m.figure(figures), m.unit) for m in MONITORS}
    metadata.update({
        "latency_p50_seconds": rounded_figure(figures.latency_p50_seconds, "s"), "calls": figures.attempts,
        "unmatched": figures.unmatched, "window_hours": figures.window_hours,
        **{f"errors {kind}": n for kind, n in figures.errors.items()},
        **{f"confidence {bucket}": n for bucket, n in figures.confidence_buckets.items()},
        **{f"{system}_last_success": dg.MetadataValue.timestamp(at) for system, at in figures.last_success.items()
           if at is not None},
    })
    return {key: value for key, value in metadata.items() if value is not None}


def alert_on_verdicts(results: list[Verdict]) -> None:
    """Alert `check:<name>` for each figure past a level, resolved once it is back."""
    for v in results:
        track_alert(f"check:{v.monitor.name}", "check", v.level, v.monitor.finding(v.threshold, v.value),
                    check=v.monitor.name, value=format_figure(v.value, v.monitor.unit))


def alert_on_takeoffs(store: Warehouse, settings: MonitorSettings) -> None:
    """One alert per per-takeoff check (not one per takeoff): the latest revisions past its level, named."""
    for name, (monitor, _, _) in TAKEOFF_MONITORS.items():
        threshold = settings.thresholds[name]
        past = [(s, threshold.verdict(s.share)) for s in takeoff_shares(store, name) if s.lines]
        past = [(s, level) for s, level in past if level != "ok"]
        level = "fail" if any(lv == "fail" for _, lv in past) else "warn" if past else "ok"
        if past:
            listed = ", ".join(f"{s.takeoff_id} {monitor.format(s.share)}" for s, _ in past[:LISTED_TAKEOFFS])
            more = f" and {len(past) - LISTED_TAKEOFFS} more" if len(past) > LISTED_TAKEOFFS else ""
            message = (f"{monitor.description} past its level ({format_levels(threshold, monitor.unit)}) in "
                       f"{len(past)} takeoff(s): {listed}{more}. {monitor.action}")
        else:
            message = (f"{monitor.description} past its level ({format_levels(threshold, monitor.unit)}) in no "
                       "takeoff")
        track_alert(f"check:{name}", "check", level, message, check=name, takeoffs=len(past))


@dg.asset(group_name=GROUP, kinds={"duckdb"},
          check_specs=[dg.AssetCheckSpec(m.name, asset="pipeline_health", description=m.check_description)
                       for m in MONITORS])
def pipeline_health(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sync latency, error rate by type, queue depths, match confidence and last success per system
    (the figures of `sync-pipeline status`), checked against the SYNC_MONITOR_* thresholds; a check past its
    level raises an alert (SYNC_ALERT_WEBHOOK_URL) once, until it is back."""
    settings = monitor_settings_from_env()
    store = warehouse.store()
    figures = health(store, settings.window_hours, revisions_in_flight(context.instance))
    results = verdicts(figures, settings)
    alert_on_verdicts(results)
    alert_on_takeoffs(store, settings)
    return dg.MaterializeResult(
        metadata=health_metadata(figures),
        check_results=[threshold_result(v.monitor, v.threshold, v.value, check_name=v.monitor.name)
                       for v in results])


monitoring_job = dg.define_asset_job(
    "monitoring", selection=dg.AssetSelection.assets(pipeline_health),
    description="Record the pipeline's health figures (pipeline_health), check them against the SYNC_MONITOR_* "
                "levels and alert on those past a level. Reads only; safe to run at any time.")

monitoring_schedule = dg.ScheduleDefinition(
    name="pipeline_health_every_15_minutes", cron_schedule="*/15 * * * *", execution_timezone="UTC",
    job=monitoring_job, default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every 15 minutes: record the pipeline's health figures (latency, error rate, queues, dead "
                "letters, last success per system) and check them; a check past its level alerts once.")
