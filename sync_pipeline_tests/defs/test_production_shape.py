"""Production shape on the real PostgreSQL server: two run workers on "different hosts" and an analyst.

Each worker is its own process with its own working directory and Dagster instance; they share
only PostgreSQL (the warehouse catalog and the breakers) and the lake's data path, which stands
in for object storage. An analyst keeps one read-only connection open the whole time.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections import Counter

import dagster as dg
import duckdb
import pytest

from sync_pipeline.definitions import build_definitions
from sync_pipeline.defs.resources import resources_from_env
from sync_pipeline.simulator.generator import generate
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.warehouse.analytics import attach_sql, install_extensions
from sync_pipeline.warehouse.store import Warehouse
from sync_pipeline_tests.defs.intake import approved_keys, refresh_catalog
from sync_pipeline_tests.defs.test_fault_e2e import held_revisions
from sync_pipeline_tests.postgres import pg_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _analyst(attach: str, password: str, started, stop, seen) -> None:
    """Attach once, then keep the connection (and a query now and then) until told to stop."""
    os.environ["PGPASSWORD"] = password
    con = duckdb.connect()
    con.execute(attach)
    seen.append(con.execute("SELECT count(*) FROM sync.requirement_writes").fetchone()[0])
    started.set()
    while not stop.wait(0.5):
        con.execute("SELECT count(*) FROM sync.integration_events").fetchone()
    seen.append(con.execute("SELECT count(*) FROM sync.requirement_writes").fetchone()[0])
    seen.append(con.execute("SELECT count(DISTINCT run_id) FROM sync.integration_events").fetchone()[0])
    con.close()


def _worker(tmp_path, name: str, *args: str) -> subprocess.CompletedProcess:
    home = tmp_path / name
    home.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "sync_pipeline_tests.defs.lake_worker", *args], cwd=home,
                          env={**os.environ, "PYTHONPATH": os.getcwd(), "DAGSTER_HOME": str(home)},
                          capture_output=True, text=True, timeout=600)


def test_two_workers_and_an_open_analyst_share_nothing_but_postgres(pg_database, tmp_path, monkeypatch):
    url = pg_url(pg_database)
    with SimulatorServer(data=generate(23, approved_takeoffs=6)) as sim:
        for name, value in {"PM_API_URL": sim.pm_url, "PM_CLIENT_ID": sim.pm_client_id,
                            "PM_CLIENT_SECRET": sim.pm_client_secret, "INVENTORY_API_URL": sim.inventory_url,
                            "INVENTORY_API_TOKEN": sim.inventory_token, "SYNC_WAREHOUSE_CATALOG_URL": url,
                            "SYNC_WAREHOUSE_DATA_PATH": str(tmp_path / "object-storage"),
                            "SYNC_OPS_DATABASE_URL": url}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("SYNC_WAREHOUSE_PATH", raising=False)
        with dg.instance_for_test() as instance:
            refresh_catalog(build_definitions(resources_from_env()), instance)
        store = Warehouse(url, str(tmp_path / "object-storage"))

        install_extensions(True)
        context = multiprocessing.get_context("spawn")
        started, stop, seen = context.Event(), context.Event(), context.Manager().list()
        analyst = context.Process(target=_analyst, args=(attach_sql(store), "", started, stop, seen))
        analyst.start()
        try:
            assert started.wait(60)
            approved = sorted(approved_keys(sim))
            takeoffs = sorted({key.split("@")[0] for key in approved})
            with context.Pool(2) as pool:
                results = pool.starmap(_worker, [(tmp_path, "host-a", "takeoffs", *takeoffs[0::2]),
                                                 (tmp_path, "host-b", "takeoffs", *takeoffs[1::2])])
        finally:
            stop.set()
            analyst.join(60)
        for result in results:
            assert result.returncode == 0, result.stderr[-3000:]

        # Every approved revision written exactly once, on the platform and in the warehouse.
        assert held_revisions(sim) == set(approved)
        posted = Counter(r["source_document"] for r in sim.state.snapshot()["material_requirements"]["history"])
        assert set(posted.values()) == {1}
        writes = store.query("SELECT takeoff_id || '@' || revision AS key, count(*) AS n FROM requirement_writes "
                             "GROUP BY 1")
        assert dict(writes.iter_rows()) == {key: 1 for key in approved}
        # Every attempt logged: each posted document has its event, from runs of both workers.
        events = store.query("SELECT entity, run_id FROM integration_events "
                             "WHERE operation = 'post_material_requirements' AND status = 'ok'")
        assert set(events["entity"]) >= set(approved)
        assert events["run_id"].n_unique() >= 2
        # The analyst's connection, open throughout, saw none of it at first and all of it at the end.
        assert seen[0] == 0 and seen[1] == len(approved)
        assert seen[2] >= len(approved)   # and every run's events

        # A breaker opened by one worker is open for the other.
        assert _worker(tmp_path, "host-a", "open-breaker").stdout.split()[-1] == "open"
        assert _worker(tmp_path, "host-b", "breaker-state").stdout.split()[-1] == "open"
