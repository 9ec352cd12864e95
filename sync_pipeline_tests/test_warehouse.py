"""The DuckDB warehouse: migrations, partition replacement, and one writer at a time across processes."""

from __future__ import annotations

import multiprocessing
import time
from datetime import datetime, timezone

import duckdb
import polars as pl
import pytest

from sync_pipeline.warehouse.store import Warehouse

ANALYST_TABLES = {"raw_takeoffs", "takeoff_line_items", "catalog_products", "uom_codes", "stock_levels",
                  "vendor_items", "match_results", "material_requirements", "project_rollups", "po_recommendations",
                  "integration_events", "manual_mappings"}


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    store = Warehouse(tmp_path / "w.duckdb")
    store.migrate()
    return store


def test_migrations_create_every_analyst_table_once(warehouse):
    tables = set(warehouse.query("SELECT table_name FROM information_schema.tables")["table_name"])
    assert ANALYST_TABLES <= tables
    assert warehouse.migrate() == []  # a second run applies nothing
    assert warehouse.query("SELECT count(*) AS n FROM schema_migrations")["n"][0] >= 1


def test_replace_rows_touches_only_the_given_partition(warehouse):
    with warehouse.transaction() as con:
        con.execute("INSERT INTO sync_state VALUES ('a', '1', now()), ('b', '2', now())")
    replacement = pl.DataFrame({"name": ["a", "a2"], "value": ["9", "10"],
                                "updated_at": [datetime(2026, 1, 1, tzinfo=timezone.utc)] * 2})
    warehouse.replace_rows("sync_state", replacement, {"name": "a"})
    state = dict(warehouse.query("SELECT name, value FROM sync_state ORDER BY name").iter_rows())
    assert state == {"a": "9", "a2": "10", "b": "2"}


def test_failed_transaction_leaves_nothing(warehouse):
    with pytest.raises(RuntimeError):
        with warehouse.transaction() as con:
            con.execute("INSERT INTO sync_state VALUES ('x', '1', now())")
            raise RuntimeError("boom")
    assert warehouse.query("SELECT count(*) AS n FROM sync_state")["n"][0] == 0


def _hold_write_lock(path: str, seconds: float, ready) -> None:
    con = duckdb.connect(path)
    con.execute("INSERT INTO sync_state VALUES ('held', '1', now())")
    ready.set()
    time.sleep(seconds)
    con.close()


def test_writer_waits_for_another_process_to_release_the_file(warehouse):
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_write_lock, args=(str(warehouse.path), 1.5, ready))
    holder.start()
    try:
        assert ready.wait(10)
        started = time.monotonic()
        with warehouse.transaction() as con:
            con.execute("INSERT INTO sync_state VALUES ('after', '1', now())")
        assert time.monotonic() - started > 0.5  # it really waited for the other process
    finally:
        holder.join(10)
    assert set(warehouse.query("SELECT name FROM sync_state")["name"]) == {"held", "after"}
