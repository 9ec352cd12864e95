"""Dagster resources: the warehouse and the two external systems, configured from the environment."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, Optional

import dagster as dg

from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.clients.inventory import InventoryClient
from sync_pipeline.clients.pm import PmClient
from sync_pipeline.config import http_timeout_from_env, warehouse_settings_from_env
from sync_pipeline.warehouse.events import EventLog
from sync_pipeline.warehouse.mappings import ensure_text_keys
from sync_pipeline.warehouse.store import Warehouse


# Warehouses this process has already migrated (and whose mapping keys are the typed text): checking costs a
# write transaction, so it is done once.
_migrated: set[tuple[str, str | None]] = set()


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse lake (a local directory, or a PostgreSQL catalog URL and a shared data path);
    migrated on first use in each process."""

    path: str
    data_path: Optional[str] = None

    def store(self) -> Warehouse:
        warehouse = Warehouse(self.path, self.data_path)
        if (self.path, self.data_path) not in _migrated:
            warehouse.migrate()
            ensure_text_keys(warehouse)  # once per warehouse; afterwards a one-row read of sync_state
            _migrated.add((self.path, self.data_path))
        return warehouse

    @contextmanager
    def event_log(self, context: dg.AssetExecutionContext) -> Iterator[EventLog]:
        """An event log for one step, flushed even when the step fails."""
        log = EventLog(self.store(), context.run.run_id)
        try:
            yield log
        finally:
            log.flush()


class PmApi(dg.ConfigurableResource):
    base_url: str
    client_id: str
    client_secret: str
    timeout_seconds: float = 30.0

    def client(self, events: EventLog) -> PmClient:
        return PmClient(self.base_url, self.client_id, self.client_secret, timeout=self.timeout_seconds,
                        on_attempt=events.record, breaker=breaker_for("pm"))


class InventoryApi(dg.ConfigurableResource):
    base_url: str
    token: str
    timeout_seconds: float = 30.0

    def client(self, events: EventLog) -> InventoryClient:
        return InventoryClient(self.base_url, self.token, timeout=self.timeout_seconds, on_attempt=events.record,
                               breaker=breaker_for("inventory"))


def resources_from_env() -> dict[str, dg.ConfigurableResource]:
    """Resources read from environment variables when a run starts; nothing secret is stored in config."""
    return {
        "warehouse": warehouse_resource_from_env(),
        "pm_api": PmApi(base_url=dg.EnvVar("PM_API_URL"), client_id=dg.EnvVar("PM_CLIENT_ID"),
                        client_secret=dg.EnvVar("PM_CLIENT_SECRET"), timeout_seconds=http_timeout_from_env()),
        "inventory_api": InventoryApi(base_url=dg.EnvVar("INVENTORY_API_URL"), token=dg.EnvVar("INVENTORY_API_TOKEN"),
                                      timeout_seconds=http_timeout_from_env()),
    }


def warehouse_resource_from_env() -> WarehouseResource:
    """A catalog URL may hold a password: it stays an EnvVar, so Dagster never shows or stores its value."""
    settings = warehouse_settings_from_env()
    if os.environ.get("SYNC_WAREHOUSE_CATALOG_URL"):
        return WarehouseResource(path=dg.EnvVar("SYNC_WAREHOUSE_CATALOG_URL"), data_path=settings.data_path)
    return WarehouseResource(path=settings.location.reveal(), data_path=settings.data_path)
