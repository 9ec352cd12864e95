"""The warehouse lake: migrations, partition replacement, writers taking turns, analysts never in the way."""

from __future__ import annotations

import multiprocessing
import time
from datetime import datetime, timezone

import duckdb
import polars as pl
import pytest

from sync_pipeline.warehouse.analytics import attach_sql, install_extensions
from sync_pipeline.warehouse.store import MigrationChanged, Warehouse, WarehouseUnavailable

ANALYST_TABLES = {"raw_takeoffs", "takeoff_line_items", "catalog_products", "uom_codes", "stock_levels",
                  "vendor_items", "match_results", "material_requirements", "project_rollups", "po_recommendations",
                  "integration_events", "manual_mappings"}


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    store = Warehouse(tmp_path / "warehouse")
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


def _hold_write_transaction(location: str, seconds: float, ready) -> None:
    with Warehouse(location).transaction() as con:
        con.execute("INSERT INTO sync_state VALUES ('held', '1', now())")
        ready.set()
        time.sleep(seconds)


def test_writers_take_turns_across_processes(warehouse):
    ready = multiprocessing.get_context("spawn").Event()
    holder = multiprocessing.get_context("spawn").Process(
        target=_hold_write_transaction, args=(warehouse.location.catalog, 1.5, ready))
    holder.start()
    try:
        assert ready.wait(30)
        started = time.monotonic()
        with warehouse.transaction() as con:
            con.execute("INSERT INTO sync_state VALUES ('after', '1', now())")
        assert time.monotonic() - started > 0.5  # it really waited for the other writer
    finally:
        holder.join(30)
    assert set(warehouse.query("SELECT name FROM sync_state")["name"]) == {"held", "after"}


def _analyst_session(attach: str, hold_seconds: float, ready, counts) -> None:
    """An analyst's own DuckDB: attach once, keep the connection, query now and then."""
    con = duckdb.connect()
    con.execute(attach)
    counts.append(con.execute("SELECT count(*) FROM sync.sync_state").fetchone()[0])
    ready.set()
    deadline = time.monotonic() + hold_seconds
    while time.monotonic() < deadline:
        time.sleep(0.2)
    counts.append(con.execute("SELECT count(*) FROM sync.sync_state").fetchone()[0])
    con.close()


def test_an_analyst_connection_held_open_never_blocks_writers_and_sees_their_commits(warehouse):
    install_extensions(False)
    context = multiprocessing.get_context("spawn")
    ready, counts = context.Event(), context.Manager().list()
    analyst = context.Process(target=_analyst_session, args=(attach_sql(warehouse), 4.0, ready, counts))
    analyst.start()
    try:
        assert ready.wait(30)
        started = time.monotonic()
        for n in range(5):
            with warehouse.transaction() as con:
                con.execute("INSERT INTO sync_state VALUES (?, '1', now())", [f"k{n}"])
        assert time.monotonic() - started < 10  # no lock wait behind the analyst
    finally:
        analyst.join(30)
    assert list(counts) == [0, 5]  # the same open connection sees what was committed meanwhile


def test_an_edited_migration_is_refused_by_checksum(warehouse):
    with warehouse.transaction() as con:
        con.execute("UPDATE schema_migrations SET sha256 = 'edited' WHERE version = 1")
    with pytest.raises(MigrationChanged, match="0001_initial.sql was edited"):
        warehouse.migrate()


def test_a_location_that_cannot_be_created_gives_a_clear_error(tmp_path):
    tmp_path.joinpath("not-a-directory").write_text("")
    with pytest.raises(WarehouseUnavailable, match="cannot prepare the warehouse"):
        Warehouse(tmp_path / "not-a-directory" / "warehouse").migrate()


def test_an_unreachable_catalog_gives_a_clear_error_without_the_password(tmp_path):
    store = Warehouse("postgresql://sync:pw-s3cret@127.0.0.1:1/nowhere", str(tmp_path / "files"))
    with pytest.raises(WarehouseUnavailable) as raised:
        store.migrate()
    assert "127.0.0.1:1" in str(raised.value) and "pw-s3cret" not in str(raised.value)


def _rows(n: int) -> pl.DataFrame:
    return pl.DataFrame({"name": [f"k{i}" for i in range(n)], "value": ["v"] * n,
                         "updated_at": [datetime(2026, 1, 1, tzinfo=timezone.utc)] * n})


def test_a_damaged_table_file_gives_a_clear_error_naming_it(warehouse, tmp_path):
    warehouse.replace_rows("sync_state", _rows(50), {})
    [data_file] = (tmp_path / "warehouse" / "files").rglob("sync_state/*.parquet")
    data_file.write_bytes(data_file.read_bytes()[:100])
    with pytest.raises(WarehouseUnavailable, match=data_file.name):
        warehouse.query("SELECT * FROM sync_state")


def _write_forever(location: str, ready) -> None:
    store = Warehouse(location)
    with store.transaction() as con:
        con.execute("INSERT INTO sync_state VALUES ('half', '1', now())")
        ready.set()
        time.sleep(600)


def test_a_writer_killed_mid_transaction_leaves_nothing_half_written_and_no_lock(warehouse):
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    writer = context.Process(target=_write_forever, args=(warehouse.location.catalog, ready))
    writer.start()
    assert ready.wait(30)
    writer.kill()
    writer.join(10)
    warehouse.replace_rows("sync_state", _rows(3), {})   # the lock died with its holder
    assert sorted(warehouse.query("SELECT name FROM sync_state")["name"]) == ["k0", "k1", "k2"]


@pytest.fixture
def own_database():
    from sync_pipeline_tests.postgres import throwaway_database

    yield from throwaway_database()


@pytest.mark.postgres
def test_a_lost_catalog_connection_fails_one_call_clearly_and_the_next_reconnects(own_database, tmp_path):
    import psycopg

    store = Warehouse(own_database, str(tmp_path / "files"))
    store.migrate()
    store.replace_rows("sync_state", _rows(2), {})
    with psycopg.connect(own_database, autocommit=True) as admin:   # as a server restart would
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    try:
        store.replace_rows("sync_state", _rows(3), {})
    except WarehouseUnavailable as exc:   # the dead connection is reported, never half-applied
        assert "could not be read or written" in str(exc)
        store.replace_rows("sync_state", _rows(3), {})
    assert sorted(store.query("SELECT name FROM sync_state")["name"]) == ["k0", "k1", "k2"]
