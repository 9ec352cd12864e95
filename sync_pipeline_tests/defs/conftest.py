"""The asset graph against the simulator over loopback, on a temporary warehouse and Dagster instance."""

from __future__ import annotations

from typing import Iterator

import dagster as dg
import pytest

from sync_pipeline.definitions import build_definitions
from sync_pipeline.defs.resources import InventoryApi, PmApi, WarehouseResource
from sync_pipeline.simulator.generator import generate
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.warehouse.store import Warehouse

# A few takeoffs keep these tests quick; the demo runs the full generated set.
SMALL_DATA = generate(11, approved_takeoffs=4)


@pytest.fixture(autouse=True)
def quick_step_retries(monkeypatch):
    """A step that fails on a transient error is retried after seconds in production; here after a blink,
    so outages cost the tests no waiting (the retries themselves still happen)."""
    monkeypatch.setenv("SYNC_STEP_RETRY_SECONDS", "0.05")


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(data=SMALL_DATA) as server:
        yield server


@pytest.fixture
def warehouse_path(tmp_path):
    return tmp_path / "warehouse"


@pytest.fixture
def defs(sim, warehouse_path) -> dg.Definitions:
    return build_definitions({
        "warehouse": WarehouseResource(path=str(warehouse_path)),
        "pm_api": PmApi(base_url=sim.pm_url, client_id=sim.pm_client_id, client_secret=sim.pm_client_secret),
        "inventory_api": InventoryApi(base_url=sim.inventory_url, token=sim.inventory_token),
    })


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as inst:
        yield inst


@pytest.fixture
def store(warehouse_path) -> Warehouse:
    return Warehouse(warehouse_path)
