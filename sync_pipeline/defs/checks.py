"""Asset checks: each monitored figure against its SYNC_MONITOR_* levels, worded for an operator.

A result states the figure, the level it is past and what to do, in its description (what the
Dagster UI shows beside "Failed") and its metadata, in the same readable forms as `sync-pipeline status`.
A per-takeoff check names its takeoff and revision in its result (description and metadata); the checks
are not partitioned themselves (Dagster's partitioned asset checks are still a preview feature).
"""

import dagster as dg

from sync_pipeline.config import Threshold, monitor_settings_from_env
from sync_pipeline.defs.resources import WarehouseResource
from sync_pipeline.defs.takeoff_assets import match_results, takeoff_line_items
from sync_pipeline.warehouse.monitoring import TAKEOFF_MONITORS, Monitor, takeoff_shares


def threshold_result(monitor: Monitor, threshold: Threshold, value: float | None, *, check_name: str | None = None,
                     subject: str = "", **figures) -> dg.AssetCheckResult:
    """Passed below the warn level, WARN past it, ERROR past the fail level; the figure and levels in words."""
    level = threshold.verdict(value)
    side = "below" if threshold.low_is_bad else "above"
    return dg.AssetCheckResult(
        check_name=check_name, passed=level == "ok",
        severity=dg.AssetCheckSeverity.ERROR if level == "fail" else dg.AssetCheckSeverity.WARN,
        description=monitor.finding(threshold, value, subject),
        metadata={"verdict": level.upper(), "value": monitor.format(value),
                  **{f"{name}_{side}": "off" if at is None else monitor.format(at)
                     for name, at in (("warn", threshold.warn), ("fail", threshold.fail))},
                  "configured_by": " / ".join(threshold.variables), **figures})


def takeoff_check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource,
                  name: str) -> dg.AssetCheckResult:
    """The per-takeoff figure `name` on this partition's latest revision."""
    monitor = TAKEOFF_MONITORS[name][0]
    takeoff = context.partition_key
    [row] = takeoff_shares(warehouse.store(), name, takeoff) or [None]
    value = None if row is None or not row.lines else row.share
    subject = f"takeoff {takeoff}" + (f" revision {row.revision}" if row else "") + ": "
    return threshold_result(monitor, monitor_settings_from_env().thresholds[name], value, subject=subject,
                            takeoff=takeoff, revision=row.revision if row else "no data",
                            lines=row.lines if row else 0, flagged=row.flagged if row else 0)


@dg.asset_check(asset=takeoff_line_items, description=TAKEOFF_MONITORS["quarantine_share"][0].check_description)
def quarantine_share(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return takeoff_check(context, warehouse, "quarantine_share")


@dg.asset_check(asset=match_results, description=TAKEOFF_MONITORS["review_share"][0].check_description)
def review_share(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return takeoff_check(context, warehouse, "review_share")
