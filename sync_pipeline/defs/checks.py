"""Asset checks: what operations must hear about without opening a table."""

import dagster as dg

from sync_pipeline.config import Threshold, monitor_settings_from_env
from sync_pipeline.defs.resources import WarehouseResource
from sync_pipeline.defs.takeoff_assets import match_results, takeoff_line_items


def threshold_result(threshold: Threshold, value: float | None, check_name: str | None = None,
                     **figures) -> dg.AssetCheckResult:
    """Passed below the warn level, WARN past it, ERROR past the fail level; the value and levels in metadata."""
    level = threshold.verdict(value)
    side = "below" if threshold.low_is_bad else "above"
    return dg.AssetCheckResult(
        check_name=check_name, passed=level == "ok",
        severity=dg.AssetCheckSeverity.ERROR if level == "fail" else dg.AssetCheckSeverity.WARN,
        metadata={"value": value, f"warn_{side}": threshold.warn, f"fail_{side}": threshold.fail,
                  "configured_by": " / ".join(threshold.variables), **figures})


def _share(store, sql: str, partition: str) -> tuple[float, int]:
    row = store.query(sql, [partition, partition]).row(0)
    flagged, total = int(row[0] or 0), int(row[1] or 0)
    return (flagged / total if total else 0.0), total


@dg.asset_check(asset=takeoff_line_items, description="Share of quarantined lines in the latest revision, "
                "against SYNC_MONITOR_QUARANTINE_SHARE_WARN / _FAIL.")
def quarantine_share(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    share, total = _share(warehouse.store(), """
        SELECT count(*) FILTER (WHERE line_status = 'quarantined'), count(*) FROM takeoff_line_items
        WHERE takeoff_id = ? AND revision = (SELECT max(revision) FROM takeoff_line_items WHERE takeoff_id = ?)
    """, context.partition_key)
    return threshold_result(monitor_settings_from_env().thresholds["quarantine_share"], share, lines=total)


@dg.asset_check(asset=match_results, description="Share of lines sent to review or left unmatched, "
                "against SYNC_MONITOR_REVIEW_SHARE_WARN / _FAIL.")
def review_share(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    share, total = _share(warehouse.store(), """
        SELECT count(*) FILTER (WHERE status <> 'matched'), count(*) FROM match_results
        WHERE takeoff_id = ? AND revision = (SELECT max(revision) FROM match_results WHERE takeoff_id = ?)
    """, context.partition_key)
    return threshold_result(monitor_settings_from_env().thresholds["review_share"], share, lines=total)
