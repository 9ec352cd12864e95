"""The Dagster code location (workspace.yaml and `dagster dev` load `defs` from here)."""

from __future__ import annotations

from typing import Mapping

import dagster as dg

from sync_pipeline.defs import catalog_assets, checks, procurement_assets, takeoff_assets
from sync_pipeline.defs.jobs import catalog_refresh_job, procurement_job, takeoff_job
from sync_pipeline.defs.resources import resources_from_env


def build_definitions(resources: Mapping[str, object]) -> dg.Definitions:
    """The whole graph with the given resources (tests pass their own; production reads the environment)."""
    return dg.Definitions(
        assets=dg.load_assets_from_modules([catalog_assets, takeoff_assets, procurement_assets]),
        asset_checks=dg.load_asset_checks_from_modules([checks]),
        jobs=[catalog_refresh_job, takeoff_job, procurement_job],
        resources=dict(resources),
    )


defs = build_definitions(resources_from_env())
