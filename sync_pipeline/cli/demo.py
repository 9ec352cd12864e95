"""`sync-pipeline demo`: start the bundled simulator, then run `sync` against it."""

from __future__ import annotations

import argparse
import os
import shutil

from sync_pipeline.cli.sync import sync_and_report
from sync_pipeline.config import DATA_DIR, Settings, warehouse_settings_from_env

SIMULATOR_STATE = DATA_DIR / "run" / "simulator-state.json"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="run the whole flow end to end on the embedded default (simulator, DuckDB, local Dagster)",
        description="Start the simulated PM system and inventory platform on loopback, process every approved "
                    "takeoff, and print a summary. The simulator keeps its state between demos, so a second "
                    "demo writes nothing twice.")
    parser.add_argument("--seed", type=int, default=7, help="seed of the simulator's generated data (default 7)")
    parser.add_argument("--fresh", action="store_true",
                        help="forget the simulator's saved state and the warehouse, and start over")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sync_pipeline.simulator.server import SimulatorServer

    warehouse = warehouse_settings_from_env()
    if args.fresh:
        SIMULATOR_STATE.unlink(missing_ok=True)
        if not warehouse.store().location.is_postgres:
            shutil.rmtree(warehouse.location.reveal(), ignore_errors=True)
    with SimulatorServer(seed=args.seed, state_file=SIMULATOR_STATE) as simulator:
        os.environ.update({
            "PM_API_URL": simulator.pm_url, "PM_CLIENT_ID": simulator.pm_client_id,
            "PM_CLIENT_SECRET": simulator.pm_client_secret, "INVENTORY_API_URL": simulator.inventory_url,
            "INVENTORY_API_TOKEN": simulator.inventory_token,
        })
        print(f"simulator: PM API {simulator.pm_url}, inventory API {simulator.inventory_url}")
        code = sync_and_report(Settings.from_env())
        writes = simulator.state.snapshot()["counts"]
    print(f"inventory platform (simulated): {writes}")
    print("Dagster UI on the same runs: from the repo root, `.venv/bin/dagster dev`, then http://127.0.0.1:3000")
    return code
