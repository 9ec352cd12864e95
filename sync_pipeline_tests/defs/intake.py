"""Helpers for intake tests: tick a sensor as the daemon would, and run what it requested in process."""

from __future__ import annotations

import inspect

import dagster as dg

from sync_pipeline.defs.jobs import catalog_refresh_job, takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.takeoff_assets import GROUP


def tick(sensor: dg.SensorDefinition, defs: dg.Definitions, instance: dg.DagsterInstance,
         cursor: str | None = None) -> dg.SensorResult:
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources=defs.resources,
                                      definitions=defs)
    result = sensor(context)
    if inspect.isgenerator(result):   # an asset sensor invoked directly yields its result
        [result] = list(result)
    return result


def run_requested(defs: dg.Definitions, instance: dg.DagsterInstance, result: dg.SensorResult,
                  job_name: str = takeoff_job.name) -> list[dg.ExecuteInProcessResult]:
    """Add the partitions a tick asked for, then execute each requested run."""
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    job = defs.resolve_job_def(job_name)
    return [job.execute_in_process(instance=instance, partition_key=r.partition_key, tags=r.tags,
                                   raise_on_error=False) for r in result.run_requests or []]


def refresh_catalog(defs: dg.Definitions, instance: dg.DagsterInstance) -> None:
    assert defs.resolve_job_def(catalog_refresh_job.name).execute_in_process(instance=instance).success


def approved_keys(sim) -> set[str]:
    return {f"{t['id']}@{t['revision']}" for t in sim.state.takeoff_revisions() if t["status"] == "approved"}


def materialize_outside_takeoff_sync(defs: dg.Definitions, instance: dg.DagsterInstance,
                                     key: str) -> dg.ExecuteInProcessResult:
    """A takeoff revision as `dagster asset materialize` or a UI backfill writes it: not the takeoff_sync job."""
    takeoff_id, revision = key.split("@")
    instance.add_dynamic_partitions("takeoffs", [takeoff_id])
    result = dg.materialize(defs.assets, selection=dg.AssetSelection.groups(GROUP), partition_key=takeoff_id,
                            instance=instance, resources=defs.resources, tags={REVISION_TAG: revision},
                            raise_on_error=False)
    assert result.dagster_run.job_name != takeoff_job.name
    return result
