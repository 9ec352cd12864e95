"""The DuckDB warehouse: one file, one writer at a time across processes.

Runs, sensors, the CLI and analysts are separate processes, so write connections are
opened only for the duration of one write and retried while another process holds the
lock. Readers that only look use read-only connections.
"""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import duckdb
import polars as pl

LOCK_WAIT_SECONDS = 60.0


class WarehouseBusy(RuntimeError):
    """Another process kept the warehouse file locked for longer than we were willing to wait."""


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


class Warehouse:
    def __init__(self, path: Path | str):
        self.path = Path(path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection; waits (with jitter) while another process holds the file."""
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.Error as exc:
                if not _is_lock_error(exc) or time.monotonic() > deadline:
                    if _is_lock_error(exc):
                        raise WarehouseBusy(f"{self.path} stayed locked for {LOCK_WAIT_SECONDS:.0f} s") from exc
                    raise
                time.sleep(random.uniform(0.05, 0.25))
        try:
            con.execute("SET TimeZone = 'UTC'")
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.connect() as con:
            con.execute("BEGIN")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the numbered SQL files in migrations/ that this file has not seen yet; returns their names."""
        scripts = sorted(
            (f for f in resources.files("sync_pipeline.warehouse.migrations").iterdir() if f.name.endswith(".sql")),
            key=lambda f: f.name,
        )
        applied: list[str] = []
        with self.transaction() as con:
            con.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
            done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
            for script in scripts:
                version = int(script.name.split("_", 1)[0])
                if version in done:
                    continue
                con.execute(script.read_text())
                con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, script.name])
                applied.append(script.name)
        return applied

    def query(self, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
        """Read into Polars on a read-only connection (falls back to read-write if the file is new)."""
        with self.connect(read_only=self.path.exists()) as con:
            return con.sql(sql, params=params or None).pl()

    def catalog_snapshot_id(self) -> int:
        """The newest catalog snapshot (0 before the first refresh)."""
        return int(self.query("SELECT coalesce(max(snapshot_id), 0) AS id FROM catalog_snapshots")["id"][0])

    def replace_rows(self, table: str, frame: pl.DataFrame, where: dict[str, Any]) -> None:
        """Delete the rows matching `where` and insert `frame` in their place, in one transaction."""
        with self.transaction() as con:
            delete_rows(con, table, where)
            insert_frame(con, table, frame)


def delete_rows(con: duckdb.DuckDBPyConnection, table: str, where: dict[str, Any]) -> None:
    if where:
        clause = " AND ".join(f"{column} = ?" for column in where)
        con.execute(f"DELETE FROM {table} WHERE {clause}", list(where.values()))
    else:
        con.execute(f"DELETE FROM {table}")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.height == 0:
        return
    con.register("incoming_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_frame")
    finally:
        con.unregister("incoming_frame")
