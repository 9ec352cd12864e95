"""The warehouse: a DuckLake — tables as Parquet files, their catalog in SQLite or PostgreSQL.

Analysts keep read-only connections open for hours, and run workers on several hosts write at
the same time. A DuckDB file allows neither (one writer, and an open reader blocks it); a
DuckLake gives every reader a consistent snapshot without blocking anyone (docs/decisions/0001).

Embedded default: a directory holding `catalog.sqlite` (WAL mode, so readers never block the
writer) and `files/`. Production: the catalog in PostgreSQL and the files in a location every
host reaches. Writers take one short writer lock per transaction (a file lock beside a local
catalog, a PostgreSQL advisory lock otherwise), so write transactions never conflict and ids
can be taken as max + 1. Each process keeps one database handle and gives each caller a cursor.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import duckdb
import polars as pl

LOCK_WAIT_SECONDS = 60.0
LAKE = "lake"
# Extensions ship as registry packages (no download at run time); each holds one extension file.
EXTENSION_PACKAGES = {"ducklake": "duckdb_extension_ducklake", "sqlite_scanner": "duckdb_extension_sqlite_scanner",
                      "postgres_scanner": "duckdb_extension_postgres_scanner"}
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
# A stable 64-bit key for the PostgreSQL advisory lock that serializes warehouse writers.
WRITER_LOCK_KEY = int.from_bytes(hashlib.sha256(b"sync_pipeline.warehouse.writer").digest()[:8], "big", signed=True)


class WarehouseBusy(RuntimeError):
    """Another writer held the writer lock for longer than we were willing to wait."""


class WarehouseUnavailable(RuntimeError):
    """The catalog or the data location cannot be reached or written; the message says which and why."""


class MigrationChanged(RuntimeError):
    """An already applied migration file was edited: its checksum no longer matches the record."""


def extension_file(name: str) -> str:
    """The extension binary inside its registry package."""
    package = resources.files(EXTENSION_PACKAGES[name])
    found = sorted(Path(str(package)).glob("extensions/*/*.duckdb_extension"))
    if not found:
        raise WarehouseUnavailable(f"the DuckDB extension {name!r} is missing from {package}; reinstall the project")
    return str(found[-1])


@dataclass(frozen=True)
class LakeLocation:
    """Where the catalog and the data files live."""

    catalog: str  # a directory (embedded) or a postgresql:// URL
    data_path: str

    @classmethod
    def parse(cls, location: str | Path, data_path: str | None = None) -> "LakeLocation":
        text = str(location)
        if text.startswith(POSTGRES_PREFIXES):
            if not data_path:
                raise WarehouseUnavailable("a PostgreSQL warehouse catalog needs a data path (SYNC_WAREHOUSE_DATA_PATH)")
            return cls(text, data_path)
        root = Path(text).resolve()
        return cls(str(root), data_path or str(root / "files"))

    @property
    def is_postgres(self) -> bool:
        return self.catalog.startswith(POSTGRES_PREFIXES)

    @property
    def sqlite_file(self) -> Path:
        return Path(self.catalog) / "catalog.sqlite"

    def attach_target(self) -> str:
        if self.is_postgres:
            return f"ducklake:postgres:{self.catalog}"
        return f"ducklake:sqlite:{self.sqlite_file}"

    def data_dir(self) -> str:
        return self.data_path if "://" in self.data_path else self.data_path.rstrip("/") + "/"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_handles: dict[tuple[int, LakeLocation], duckdb.DuckDBPyConnection] = {}
_handles_lock = threading.Lock()


def _is_storage_error(exc: BaseException) -> bool:
    """A lost catalog connection, a damaged or missing file, an unreachable data path (not a bad query)."""
    if isinstance(exc, (duckdb.IOException, duckdb.ConnectionException, duckdb.HTTPException)):
        return True
    return isinstance(exc, duckdb.InvalidInputException) and "file" in str(exc).lower()


def _forget_handle(location: LakeLocation) -> None:
    with _handles_lock:
        handle = _handles.pop((os.getpid(), location), None)
    if handle is not None:
        try:
            handle.close()
        except duckdb.Error:
            pass  # already broken: dropping it is the point


def _open_lake(location: LakeLocation) -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per process with the lake attached; callers get cursors of it."""
    key = (os.getpid(), location)
    with _handles_lock:
        handle = _handles.get(key)
        if handle is not None:
            return handle
        handle = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
        needed = ["ducklake", "postgres_scanner" if location.is_postgres else "sqlite_scanner"]
        for name in needed:
            handle.execute(f"LOAD {_quote(extension_file(name))}")
        if not location.is_postgres:
            _prepare_local(location)
        elif "://" not in location.data_path:
            Path(location.data_path).mkdir(parents=True, exist_ok=True)
        try:
            handle.execute(f"ATTACH {_quote(location.attach_target())} AS {LAKE} "
                           f"(DATA_PATH {_quote(location.data_dir())})")
        except duckdb.Error as exc:
            handle.close()
            masked = without_password(location.catalog)
            raise WarehouseUnavailable(f"cannot open the warehouse catalog {masked}: "
                                       f"{str(exc).replace(location.catalog, masked)}") from None
        _handles[key] = handle
        return handle


def _prepare_local(location: LakeLocation) -> None:
    """Create the directory and put the SQLite catalog in WAL mode, which readers never block."""
    try:
        Path(location.data_path).mkdir(parents=True, exist_ok=True)
        location.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(location.sqlite_file) as con:
            con.execute("PRAGMA journal_mode=WAL")
    except (OSError, sqlite3.Error) as exc:
        raise WarehouseUnavailable(f"cannot prepare the warehouse in {location.catalog}: {exc}") from exc


def without_password(catalog: str, mask: str = ":***") -> str:
    """A catalog URL with its password replaced by `mask`, for messages, logs and analysts."""
    if "@" in catalog and "://" in catalog:
        scheme, rest = catalog.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user, has_password = credentials.split(":", 1)[0], ":" in credentials
        return f"{scheme}://{user}{mask if has_password else ''}@{host}"
    return catalog


class Warehouse:
    def __init__(self, location: Path | str, data_path: str | None = None):
        self.location = LakeLocation.parse(location, data_path)

    def __repr__(self) -> str:
        return f"Warehouse({without_password(self.location.catalog)!r})"

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the lake. Reads need no lock; writes go through `transaction()`.

        An error reaching the catalog or the files (a restarted PostgreSQL, a damaged or missing file,
        an unreachable data path) becomes WarehouseUnavailable naming it, and the process's handle is
        dropped, so the next use attaches afresh instead of failing on a dead connection.
        """
        cursor = _open_lake(self.location).cursor()
        try:
            cursor.execute(f"USE {LAKE}")
            cursor.execute("SET TimeZone = 'UTC'")
            yield cursor
        except duckdb.Error as exc:
            if not _is_storage_error(exc):
                raise
            _forget_handle(self.location)
            masked = without_password(self.location.catalog)
            raise WarehouseUnavailable(f"the warehouse ({masked}) could not be read or written: "
                                       f"{str(exc).replace(self.location.catalog, masked)}") from None
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction under the writer lock: all of it is committed, or none of it."""
        with self.connect() as con, self._writer_lock():
            con.execute("BEGIN")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def _writer_lock(self) -> Iterator[None]:
        if self.location.is_postgres:
            with _postgres_lock(self.location.catalog):
                yield
        else:
            with _file_lock(Path(self.location.catalog) / "writer.lock"):
                yield

    def migrate(self) -> list[str]:
        """Apply the numbered SQL files this warehouse has not seen; refuse an applied one that was edited."""
        scripts = sorted(
            (f for f in resources.files("sync_pipeline.warehouse.migrations").iterdir() if f.name.endswith(".sql")),
            key=lambda f: f.name,
        )
        applied: list[str] = []
        with self.transaction() as con:
            con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
                        "sha256 VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
            done = {row[0]: (row[1], row[2]) for row in
                    con.execute("SELECT version, name, sha256 FROM schema_migrations").fetchall()}
            for script in scripts:
                text = script.read_text()
                version, checksum = int(script.name.split("_", 1)[0]), hashlib.sha256(text.encode()).hexdigest()
                if version in done:
                    if done[version][1] != checksum:
                        raise MigrationChanged(f"migration {script.name} was edited after it was applied "
                                               f"(recorded {done[version][1][:12]}, now {checksum[:12]}): "
                                               "add a new migration instead")
                    continue
                con.execute(text)
                con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?, now())", [version, script.name, checksum])
                applied.append(script.name)
        return applied

    def query(self, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
        """Read into Polars from the latest committed snapshot."""
        with self.connect() as con:
            return con.sql(sql, params=params or None).pl()

    def catalog_snapshot_id(self) -> int:
        """The newest catalog snapshot (0 before the first refresh)."""
        return int(self.query("SELECT coalesce(max(snapshot_id), 0) AS id FROM catalog_snapshots")["id"][0])

    def replace_rows(self, table: str, frame: pl.DataFrame, where: dict[str, Any]) -> None:
        """Delete the rows matching `where` and insert `frame` in their place, in one transaction."""
        with self.transaction() as con:
            delete_rows(con, table, where)
            insert_frame(con, table, frame)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on a file beside the local catalog, waited for with a deadline."""
    with open(path, "a+") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseBusy(f"another writer held {path} for {LOCK_WAIT_SECONDS:.0f} s") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _postgres_lock(url: str) -> Iterator[None]:
    """A transaction-scoped advisory lock on the catalog's database; released by commit or by a lost session."""
    import psycopg

    try:
        con = psycopg.connect(url, connect_timeout=10)
    except psycopg.Error as exc:
        raise WarehouseUnavailable(f"cannot reach the warehouse catalog {without_password(url)}: {exc}") from exc
    try:
        with con.transaction():
            con.execute(f"SET LOCAL lock_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")
            try:
                con.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK_KEY])
            except psycopg.errors.LockNotAvailable as exc:
                raise WarehouseBusy(f"another writer held the warehouse lock for {LOCK_WAIT_SECONDS:.0f} s") from exc
            yield
    finally:
        con.close()


def next_id(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """The next integer id of a table; safe because writers hold the writer lock."""
    return int(con.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()[0])


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
