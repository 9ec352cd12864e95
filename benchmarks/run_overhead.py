"""Per-run overhead of a takeoff run: database handles, cursors, catalog index builds, OAuth tokens.

Runs `sync` in this process against the simulator on a fresh warehouse and counts, per
takeoff_sync run: DuckDB databases opened (duckdb.connect), warehouse cursors (connections on
the lake), catalog index builds, and OAuth tokens fetched (get_token rows of the event log).

    python benchmarks/run_overhead.py [--takeoffs 10]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb

import sync_pipeline.defs.catalog_index as index_cache
from sync_pipeline.definitions import build_definitions
from sync_pipeline.defs.resources import resources_from_env
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.simulator.generator import generate
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.warehouse import store as store_module

counts: Counter[str] = Counter()


def counting(name: str, function):
    def wrapper(*args, **kwargs):
        counts[name] += 1
        return function(*args, **kwargs)
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takeoffs", type=int, default=10)
    args = parser.parse_args()
    duckdb.connect = counting("duckdb databases opened", duckdb.connect)
    store_module.Warehouse.connect = counting("warehouse cursors", store_module.Warehouse.connect)
    index_cache.build_catalog_index = counting("catalog index builds", index_cache.build_catalog_index)
    with tempfile.TemporaryDirectory() as tmp, SimulatorServer(data=generate(5, approved_takeoffs=args.takeoffs)) as sim:
        os.environ.update({"PM_API_URL": sim.pm_url, "PM_CLIENT_ID": sim.pm_client_id,
                           "PM_CLIENT_SECRET": sim.pm_client_secret, "INVENTORY_API_URL": sim.inventory_url,
                           "INVENTORY_API_TOKEN": sim.inventory_token,
                           "SYNC_WAREHOUSE_PATH": str(Path(tmp) / "warehouse"),
                           "SYNC_OPS_PATH": str(Path(tmp) / "ops.sqlite")})
        defs = build_definitions(resources_from_env())
        with dg.instance_for_test() as instance:
            started = time.perf_counter()
            summary = run_sync(defs, instance, log_level="ERROR")
            elapsed = time.perf_counter() - started
        store = defs.resources["warehouse"].process_config_and_initialize().store()
        tokens = store.query("SELECT count(*) AS n FROM integration_events WHERE operation = 'get_token'")["n"][0]
    runs = len(summary.revisions)
    print(f"{runs} takeoff runs (+ catalog refresh and procurement) in {elapsed:.1f} s, {len(summary.failures)} failed")
    for name in ("duckdb databases opened", "warehouse cursors", "catalog index builds"):
        print(f"{name}: {counts[name]} in all, {counts[name] / max(runs, 1):.1f} per takeoff run")
    print(f"OAuth tokens fetched: {tokens} in all, {tokens / max(runs, 1):.1f} per takeoff run")


if __name__ == "__main__":
    main()
