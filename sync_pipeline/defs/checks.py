"""Asset checks: what operations must hear about without opening a table."""

import dagster as dg

from sync_pipeline.defs.resources import WarehouseResource
from sync_pipeline.defs.takeoff_assets import match_results, takeoff_line_items

# Above these shares of a takeoff's lines, someone should look at the source or the catalog.
QUARANTINE_WARN_SHARE = 0.10
REVIEW_WARN_SHARE = 0.30


def _share(store, sql: str, partition: str) -> tuple[float, int]:
    row = store.query(sql, [partition, partition]).row(0)
    flagged, total = int(row[0] or 0), int(row[1] or 0)
    return (flagged / total if total else 0.0), total


@dg.asset_check(asset=takeoff_line_items, description="Share of quarantined lines in the latest revision.")
def quarantine_share(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    share, total = _share(warehouse.store(), """
        SELECT count(*) FILTER (WHERE line_status = 'quarantined'), count(*) FROM takeoff_line_items
        WHERE takeoff_id = ? AND revision = (SELECT max(revision) FROM takeoff_line_items WHERE takeoff_id = ?)
    """, context.partition_key)
    return dg.AssetCheckResult(passed=share <= QUARANTINE_WARN_SHARE, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"quarantined_share": share, "lines": total,
                                         "threshold": QUARANTINE_WARN_SHARE})


@dg.asset_check(asset=match_results, description="Share of lines sent to review or left unmatched.")
def review_share(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    share, total = _share(warehouse.store(), """
        SELECT count(*) FILTER (WHERE status <> 'matched'), count(*) FROM match_results
        WHERE takeoff_id = ? AND revision = (SELECT max(revision) FROM match_results WHERE takeoff_id = ?)
    """, context.partition_key)
    return dg.AssetCheckResult(passed=share <= REVIEW_WARN_SHARE, severity=dg.AssetCheckSeverity.WARN,
                               metadata={"not_auto_matched_share": share, "lines": total,
                                         "threshold": REVIEW_WARN_SHARE})
