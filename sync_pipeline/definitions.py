"""The Dagster code location (workspace.yaml and `dagster dev` load `defs` from here)."""

from __future__ import annotations

from typing import Mapping

import dagster as dg

from sync_pipeline.defs import catalog_assets, checks, monitoring, procurement_assets, reconciliation, takeoff_assets
from sync_pipeline.defs.jobs import catalog_refresh_job, procurement_job, takeoff_job
from sync_pipeline.defs.resources import resources_from_env
from sync_pipeline.defs.review_sensor import review_decisions_sensor
from sync_pipeline.defs.sensors import procurement_after_takeoffs, takeoff_approvals


def build_definitions(resources: Mapping[str, object]) -> dg.Definitions:
    """The whole graph with the given resources (tests pass their own; production reads the environment).

    Runs use the in-process executor: every step writes the one DuckDB file through the
    `warehouse_writer` pool of 1, so a process per step would only add seconds of start-up to
    each run, and intake latency is measured in seconds.
    """
    return dg.Definitions(
        assets=dg.load_assets_from_modules([catalog_assets, takeoff_assets, procurement_assets, reconciliation,
                                            monitoring]),
        asset_checks=dg.load_asset_checks_from_modules([checks, reconciliation]),
        jobs=[catalog_refresh_job, takeoff_job, procurement_job, reconciliation.reconciliation_job,
              monitoring.monitoring_job],
        schedules=[reconciliation.reconciliation_schedule, monitoring.monitoring_schedule],
        sensors=[takeoff_approvals, procurement_after_takeoffs, reconciliation.reconciliation_gaps,
                 review_decisions_sensor],
        executor=dg.in_process_executor,
        resources=dict(resources),
    )


defs = build_definitions(resources_from_env())
