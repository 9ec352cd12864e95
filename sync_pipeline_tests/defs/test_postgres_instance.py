"""Intake and reconciliation on a PostgreSQL-backed Dagster instance (dagster-postgres), as in production.

A fresh database per session, dropped afterwards. Without a reachable server these tests skip
with the reason, unless REQUIRE_POSTGRES=1 (CI), where they fail.
"""

from __future__ import annotations

from datetime import datetime, timezone

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from sync_pipeline.defs.partitions import REVISION_TAG, takeoff_partitions
from sync_pipeline.defs.reconciliation import reconciliation_schedule
from sync_pipeline.defs.sensors import IntakeCursor, takeoff_approvals
from sync_pipeline_tests.postgres import PG
from sync_pipeline_tests.defs.intake import approved_keys, refresh_catalog, run_requested, tick

pytestmark = pytest.mark.postgres
CURSOR_NAME = "takeoff_approvals_test_cursor"


@pytest.fixture
def pg_home(pg_database, tmp_path):
    """A DAGSTER_HOME whose dagster.yaml is the production one's storage section, on the test database."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(f"""
storage:
  postgres:
    postgres_db:
      hostname: {PG['host']}
      port: {PG['port']}
      username: {PG['user']}
      password: "{PG['password']}"
      db_name: {pg_database}
      scheme: postgresql+psycopg2
telemetry:
  enabled: false
""")
    return str(home)


def pg_instance(home: str) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(home))


def test_sensor_runs_and_reconciliation_survive_a_new_instance_object(defs, sim, pg_home, store):
    with pg_instance(pg_home) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        refresh_catalog(defs, instance)
        result = tick(takeoff_approvals, defs, instance)
        assert all(r.success for r in run_requested(defs, instance, result))
        instance.run_storage.set_cursor_values({CURSOR_NAME: result.cursor})

    with pg_instance(pg_home) as instance:   # a new process would see the same
        cursor = instance.run_storage.get_cursor_values({CURSOR_NAME})[CURSOR_NAME]
        assert IntakeCursor.load(cursor).high_water is not None
        runs = instance.get_run_records(dg.RunsFilter(job_name="takeoff_sync", statuses=[dg.DagsterRunStatus.SUCCESS]))
        assert {f"{r.dagster_run.tags['dagster/partition']}@{r.dagster_run.tags[REVISION_TAG]}" for r in runs} == \
            approved_keys(sim)
        assert set(instance.get_dynamic_partitions(takeoff_partitions.name)) == \
            {k.split("@")[0] for k in approved_keys(sim)}
        assert tick(takeoff_approvals, defs, instance, cursor).run_requests == []

        sim.state.approve_takeoff(line_count=2)   # seen by reconciliation only: the sensor is not ticked
        context = dg.build_schedule_context(instance=instance,
                                            scheduled_execution_time=datetime(2026, 1, 1, 8, tzinfo=timezone.utc))
        [request] = reconciliation_schedule.evaluate_tick(context).run_requests
        report = defs.resolve_job_def("reconciliation").execute_in_process(instance=instance, tags=request.tags)
        [check] = report.get_asset_check_evaluations()
        assert report.success and not check.passed   # 1 of 5 approved revisions missing: above 2 %

    with pg_instance(pg_home) as instance:
        [materialization] = instance.fetch_materializations(dg.AssetKey("reconciliation_report"), limit=1).records
        assert materialization.asset_materialization.metadata["missing"].value == 1
        assert store.query("SELECT missing FROM reconciliation_report")["missing"].to_list() == [1]
