"""The service on a real uvicorn server on loopback, with the test's own inbox (a SQLite file under tmp_path),
and for the operations API a warehouse the real flow filled from the simulator."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Iterator

import dagster as dg
import httpx
import pytest
from starlette.applications import Starlette

from sync_pipeline.background_server import BackgroundServer
from sync_pipeline.definitions import build_definitions
from sync_pipeline.defs.pending import revisions_in_flight
from sync_pipeline.defs.resources import InventoryApi, PmApi, WarehouseResource
from sync_pipeline.defs.review_sensor import reprocess
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.opstore import WebhookInbox, webhook_inbox
from sync_pipeline.service.app import create_app
from sync_pipeline.service.signatures import sign
from sync_pipeline.service.tokens import create_token
from sync_pipeline.simulator.generator import generate
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.warehouse.store import Warehouse

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"            # the Standard Webhooks spec's example secret
OLD_SECRET = "whsec_c2VjcmV0LWJlaW5nLXJvdGF0ZWQtb3V0LW5vdw=="


def event(webhook_id: str, takeoff_id: str = "TO-10001", revision: int = 1, event_type: str = "takeoff.approved"
          ) -> bytes:
    return json.dumps({"id": webhook_id, "type": event_type, "created_at": "2026-03-01T12:00:00.000Z",
                       "data": {"takeoff_id": takeoff_id, "project_id": "PRJ-1001", "revision": revision}}).encode()


def signed(webhook_id: str, body: bytes, secret: str = SECRET, timestamp: float | None = None) -> dict[str, str]:
    return {**sign(secret, webhook_id, body, time.time() if timestamp is None else timestamp),
            "content-type": "application/json"}


@pytest.fixture
def inbox() -> WebhookInbox:
    return webhook_inbox()


@pytest.fixture
def service(inbox) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(webhook_secrets=[SECRET, OLD_SECRET], inbox=inbox)) as server:
        yield server


@pytest.fixture
def client(service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=10) as http:
        yield http


# --- the operations API over a warehouse the real flow filled ------------------------------------

# Two approved takeoffs: plenty of lines to review, and a sync of a few seconds.
TWO_TAKEOFFS = generate(11, approved_takeoffs=2)


@dataclass
class Synced:
    """A simulator, a Dagster instance and the warehouse `sync` filled from them (once per test module)."""

    sim: SimulatorServer
    defs: dg.Definitions
    instance: dg.DagsterInstance
    store: Warehouse

    def environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The endpoints `Settings.from_env` reads (dead-letter replay)."""
        for name, value in {"PM_API_URL": self.sim.pm_url, "PM_CLIENT_ID": self.sim.pm_client_id,
                            "PM_CLIENT_SECRET": self.sim.pm_client_secret, "INVENTORY_API_URL": self.sim.inventory_url,
                            "INVENTORY_API_TOKEN": self.sim.inventory_token}.items():
            monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def synced(tmp_path_factory) -> Iterator[Synced]:
    root = tmp_path_factory.mktemp("synced")
    with pytest.MonkeyPatch.context() as patch, SimulatorServer(data=TWO_TAKEOFFS) as sim, \
            dg.instance_for_test() as instance:
        patch.setenv("SYNC_OPS_PATH", str(root / "ops.sqlite"))   # the sync's breakers: not the working directory's
        patch.delenv("SYNC_OPS_DATABASE_URL", raising=False)
        defs = build_definitions({
            "warehouse": WarehouseResource(path=str(root / "warehouse")),
            "pm_api": PmApi(base_url=sim.pm_url, client_id=sim.pm_client_id, client_secret=sim.pm_client_secret),
            "inventory_api": InventoryApi(base_url=sim.inventory_url, token=sim.inventory_token),
        })
        assert run_sync(defs, instance).ok
        yield Synced(sim, defs, instance, Warehouse(root / "warehouse"))


@pytest.fixture
def api_app(synced) -> Starlette:
    """The service over the synced warehouse; decisions re-process on the test's simulator and instance."""
    return create_app(webhook_secrets=[SECRET], warehouse=synced.store,
                      reprocess=lambda after: reprocess(synced.defs, synced.instance, after),
                      runs_in_flight=lambda: revisions_in_flight(synced.instance))


@pytest.fixture
def api(api_app) -> Iterator[BackgroundServer]:
    with BackgroundServer(api_app) as server:
        yield server
    api_app.state.api.reprocessor.wait(300)   # nothing left running against the next test's warehouse


def token_for(role: str, name: str | None = None) -> dict[str, str]:
    """Authorization headers of a new token of this role."""
    _, plaintext = create_token(name or f"{role}-{uuid.uuid4().hex[:8]}", role, "test")
    return {"Authorization": f"Bearer {plaintext}"}
