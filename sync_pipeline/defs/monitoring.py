"""The pipeline's health as an asset: its figures as metadata the Dagster UI plots over time, and one
asset check per configured threshold.

A schedule materializes it every 15 minutes. It reads only the warehouse and the run queue, so it
is cheap, takes no warehouse_writer slot, and keeps reporting while an external system is down.
"""

from typing import Any

import dagster as dg

from sync_pipeline.config import monitor_settings_from_env
from sync_pipeline.defs.checks import threshold_result
from sync_pipeline.defs.pending import revisions_in_flight
from sync_pipeline.defs.resources import WarehouseResource
from sync_pipeline.warehouse.monitoring import MONITORS, Health, health, verdicts

GROUP = "monitoring"


def health_metadata(figures: Health) -> dict[str, Any]:
    """One number per key, so each is a series in the asset's plots; last successes also as timestamps."""
    metadata: dict[str, Any] = {m.name: m.figure(figures) for m in MONITORS}
    metadata.update({
        "latency_p50_seconds": figures.latency_p50_seconds, "calls": figures.attempts,
        "unmatched": figures.unmatched, "window_hours": figures.window_hours,
        **{f"errors {kind}": n for kind, n in figures.errors.items()},
        **{f"confidence {bucket}": n for bucket, n in figures.confidence_buckets.items()},
        **{f"{system}_last_success": dg.MetadataValue.timestamp(at) if at else None
           for system, at in figures.last_success.items()},
    })
    return metadata


@dg.asset(group_name=GROUP, kinds={"duckdb"},
          check_specs=[dg.AssetCheckSpec(m.name, asset="pipeline_health", description=m.description)
                       for m in MONITORS])
def pipeline_health(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sync latency, error rate by type, queue depths, match confidence and last success per system
    (the figures of `sync-pipeline status`), checked against the SYNC_MONITOR_* thresholds."""
    settings = monitor_settings_from_env()
    figures = health(warehouse.store(), settings.window_hours, revisions_in_flight(context.instance))
    return dg.MaterializeResult(
        metadata=health_metadata(figures),
        check_results=[threshold_result(v.threshold, v.value, check_name=v.monitor.name)
                       for v in verdicts(figures, settings)])


monitoring_job = dg.define_asset_job(
    "monitoring", selection=dg.AssetSelection.assets(pipeline_health),
    description="Record the pipeline's health figures and check them against the configured thresholds.")

monitoring_schedule = dg.ScheduleDefinition(
    name="pipeline_health_every_15_minutes", cron_schedule="*/15 * * * *", execution_timezone="UTC",
    job=monitoring_job, default_status=dg.DefaultScheduleStatus.RUNNING)
