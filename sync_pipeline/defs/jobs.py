"""Jobs: the same assets, grouped the way they are launched."""

from __future__ import annotations

import dagster as dg

from sync_pipeline.defs import catalog_assets, procurement_assets, takeoff_assets

catalog_refresh_job = dg.define_asset_job(
    "catalog_refresh", selection=dg.AssetSelection.groups(catalog_assets.GROUP),
    description="Refresh the catalog snapshot: products (incremental), unit codes, stock, vendor items.",
)

# A failed run is retried from the failed step when the instance enables run retries (its writes are
# idempotent); past that, the intake requests it again once the failed system is back (defs/failed_runs.py).
takeoff_job = dg.define_asset_job(
    "takeoff_sync", selection=dg.AssetSelection.groups(takeoff_assets.GROUP),
    description="One takeoff revision: fetch, normalize, match, write its material requirements.",
    tags={"dagster/max_retries": "2", "dagster/retry_strategy": "FROM_FAILURE"},
)

procurement_job = dg.define_asset_job(
    "procurement", selection=dg.AssetSelection.groups(procurement_assets.GROUP),
    description="Roll requirements up per project, recommend purchases, write drafts and quote requests.",
)
