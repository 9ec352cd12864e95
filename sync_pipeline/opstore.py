"""Operational state that every process and host of the pipeline shares, in a small transactional SQL store.

Not the warehouse (DuckDB, one writer at a time, analysts' tables): this is the small, hot state
that several processes write at once and must agree on: the webhook inbox the receiver fills and
the intake sensor drains, the circuit breakers, which alerts are active, the API tokens and recent
failed sign-ins (so every process rate-limits alike). Embedded default: one SQLite file in WAL mode
(`SYNC_OPS_PATH`, default data/run/ops.sqlite), enough for one host. Several hosts:
PostgreSQL, when `SYNC_OPS_DATABASE_URL` is a postgresql:// URL (psycopg 3).

Each component owns numbered schema steps in `SCHEMA`; a store applies the missing ones once,
under a lock (BEGIN IMMEDIATE / an advisory lock), and records them in `ops_schema`. Another
component (circuit breakers, API tokens) moves onto the store by adding its steps and a small
class like `WebhookInbox` that speaks plain SQL through `OpStore.transaction()`.
SQL is written once with `?` placeholders and only portable types (TEXT, BIGINT).
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from sync_pipeline.config import OpsStoreSettings, ops_store_settings_from_env

# component -> schema steps; step i (1-based) is version i, a list of statements run in one transaction.
SCHEMA: dict[str, list[list[str]]] = {
    "webhook_inbox": [[
        """CREATE TABLE IF NOT EXISTS webhook_inbox (
            webhook_id TEXT PRIMARY KEY,
            event_type TEXT NOT NULL,
            takeoff_id TEXT NOT NULL,
            project_id TEXT,
            revision BIGINT NOT NULL,
            event_created_at TEXT,
            received_at TEXT NOT NULL,
            body TEXT NOT NULL,
            consumed_at TEXT,
            outcome TEXT
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_inbox_pending ON webhook_inbox (received_at, webhook_id) "
        "WHERE consumed_at IS NULL",
    ]],
    "breakers": [[
        """CREATE TABLE IF NOT EXISTS breakers (
            system TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            consecutive_failures BIGINT NOT NULL,
            opened_at DOUBLE PRECISION,
            probe_started_at DOUBLE PRECISION
        )""",
    ]],
    "alerts": [[
        """CREATE TABLE IF NOT EXISTS alerts (
            alert_key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            raised_at TEXT NOT NULL,
            resolved_at TEXT
        )""",
    ]],
    "api_tokens": [[
        """CREATE TABLE IF NOT EXISTS api_tokens (
            token_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            secret_sha256 TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        "CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL",
    ]],
    "auth_failures": [[
        "CREATE TABLE IF NOT EXISTS auth_failures (address TEXT NOT NULL, failed_at DOUBLE PRECISION NOT NULL)",
        "CREATE INDEX IF NOT EXISTS auth_failures_by_address ON auth_failures (address, failed_at)",
    ]],
}
SCHEMA_LOCK_ID = 7_214_003   # PostgreSQL advisory lock held while the schema is applied
POOL_SIZE = 4                # connections per store and process; callers beyond it wait
CONNECT_TIMEOUT_SECONDS = 5


class OpStoreError(RuntimeError):
    """The operational store could not be reached or refused a statement."""


def now_text() -> str:
    """A UTC timestamp as fixed-width ISO 8601 text (microseconds), so stored times sort as text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class Transaction:
    """Statements inside one transaction; `?` placeholders in either dialect."""

    def __init__(self, con: Any, dialect: str):
        self._con, self._dialect = con, dialect

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        cur = self._con.execute(self._sql(sql), tuple(params))
        return cur.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            if self._dialect == "postgresql":
                with self._con.cursor() as cur:
                    cur.executemany(self._sql(sql), [tuple(r) for r in rows])
            else:
                self._con.executemany(sql, [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._con.execute(self._sql(sql), tuple(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


class OpStore:
    """One store (a SQLite file or a PostgreSQL database) with a small pool of connections.

    Thread-safe: a transaction takes a connection from the pool for its duration. Use `open_opstore`
    to share one object per location within a process.
    """

    def __init__(self, settings: OpsStoreSettings, *, pool_size: int = POOL_SIZE):
        self.settings = settings
        self.dialect = "postgresql" if settings.database_url else "sqlite"
        self._pool: queue.LifoQueue = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        if self.dialect == "sqlite":
            settings.path.parent.mkdir(parents=True, exist_ok=True)
        self._apply_schema()

    @property
    def location(self) -> str:
        """Where the store is, for messages: the file, or host/database (never a password)."""
        if self.dialect == "sqlite":
            return str(self.settings.path)
        from psycopg.conninfo import conninfo_to_dict

        try:
            info = conninfo_to_dict(self.settings.database_url.reveal())
        except Exception:  # noqa: BLE001 - a malformed URL is reported when connecting
            return "postgresql (unparseable URL)"
        return f"postgresql {info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"

    def _connect(self) -> Any:
        try:
            if self.dialect == "sqlite":
                con = sqlite3.connect(self.settings.path, timeout=30, isolation_level=None, check_same_thread=False)
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=FULL")   # a commit is on disk before the caller acknowledges
                return con
            import psycopg

            return psycopg.connect(self.settings.database_url.reveal(), autocommit=True,
                                   connect_timeout=CONNECT_TIMEOUT_SECONDS)
        except Exception as exc:  # noqa: BLE001 - both drivers' errors, reported without the URL
            raise OpStoreError(f"cannot open the operational store ({self.location}): "
                               f"{type(exc).__name__}: {_first_line(exc)}") from None

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if not self._slots.acquire(timeout=60):
            raise OpStoreError(f"no free connection to the operational store ({self.location}) within 60 s")
        con, healthy = None, True
        try:
            try:
                con = self._pool.get_nowait()
            except queue.Empty:
                con = self._connect()
            try:
                if self.dialect == "sqlite":
                    con.execute("BEGIN IMMEDIATE")   # writers queue here rather than fail on upgrade
                    try:
                        yield Transaction(con, self.dialect)
                    except BaseException:
                        con.execute("ROLLBACK")
                        raise
                    con.execute("COMMIT")
                else:
                    with con.transaction():
                        yield Transaction(con, self.dialect)
            except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
                healthy = False
                raise OpStoreError(f"operational store ({self.location}): {_first_line(exc)}") from exc
            except Exception as exc:
                if self.dialect == "postgresql":
                    import psycopg

                    if isinstance(exc, psycopg.Error):
                        healthy = not isinstance(exc, psycopg.OperationalError) and not con.closed
                        raise OpStoreError(f"operational store ({self.location}): {_first_line(exc)}") from exc
                raise
        finally:
            if con is not None:
                if healthy and not getattr(con, "closed", False):
                    self._pool.put(con)
                else:
                    _close_quietly(con)
            self._slots.release()

    def _apply_schema(self) -> None:
        with self.transaction() as tx:
            if self.dialect == "postgresql":
                tx.execute("SELECT pg_advisory_xact_lock(?)", [SCHEMA_LOCK_ID])
            tx.execute("CREATE TABLE IF NOT EXISTS ops_schema (component TEXT NOT NULL, version BIGINT NOT NULL, "
                       "applied_at TEXT NOT NULL, PRIMARY KEY (component, version))")
            applied = {(r["component"], r["version"]) for r in tx.query("SELECT component, version FROM ops_schema")}
            for component, steps in SCHEMA.items():
                for version, statements in enumerate(steps, start=1):
                    if (component, version) in applied:
                        continue
                    for statement in statements:
                        tx.execute(statement)
                    tx.execute("INSERT INTO ops_schema VALUES (?, ?, ?)", [component, version, now_text()])

    def close(self) -> None:
        while True:
            try:
                _close_quietly(self._pool.get_nowait())
            except queue.Empty:
                return


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


def _close_quietly(con: Any) -> None:
    try:
        con.close()
    except Exception:  # noqa: BLE001
        pass


_stores: dict[OpsStoreSettings, OpStore] = {}
_stores_lock = threading.Lock()


def open_opstore(settings: OpsStoreSettings | None = None) -> OpStore:
    """The process's store for these settings (default: from the environment), schema applied on first use."""
    settings = settings or ops_store_settings_from_env()
    with _stores_lock:
        store = _stores.get(settings)
        if store is None:
            store = _stores[settings] = OpStore(settings)
        return store


# --- the webhook inbox ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """One verified webhook delivery, as the receiver stores it."""

    webhook_id: str
    event_type: str
    takeoff_id: str
    project_id: str | None
    revision: int
    event_created_at: str | None
    body: str


@dataclass(frozen=True)
class InboxRow(Delivery):
    """A stored delivery: when it arrived, and when and how the intake dealt with it."""

    received_at: str
    consumed_at: str | None
    outcome: str | None


class WebhookInbox:
    """Deliveries the receiver acknowledged, until the intake sensor has dealt with them.

    A delivery is stored once per webhook-id (a repeat is recognised, not stored again); `consumed_at`
    and `outcome` say when and how the intake dealt with it (a run requested, or why it was ignored).
    """

    def __init__(self, store: OpStore):
        self.store = store

    def record(self, delivery: Delivery) -> bool:
        """Store the delivery durably; False when this webhook-id was already stored."""
        return self.record_many([delivery])[0]

    def record_many(self, deliveries: Sequence[Delivery]) -> list[bool]:
        """Store several deliveries in one transaction (one commit, one sync to disk); for each, whether it
        was new (False: its webhook-id was already stored, or came earlier in the same batch)."""
        received_at = now_text()
        with self.store.transaction() as tx:
            return [tx.execute(
                "INSERT INTO webhook_inbox (webhook_id, event_type, takeoff_id, project_id, revision, "
                "event_created_at, received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (webhook_id) DO NOTHING",
                [d.webhook_id, d.event_type, d.takeoff_id, d.project_id, d.revision, d.event_created_at,
                 received_at, d.body]) == 1 for d in deliveries]

    def pending(self, limit: int = 200) -> list[InboxRow]:
        """Deliveries not consumed yet, oldest first."""
        with self.store.transaction() as tx:
            rows = tx.query("SELECT * FROM webhook_inbox WHERE consumed_at IS NULL "
                            "ORDER BY received_at, webhook_id LIMIT ?", [limit])
        return [InboxRow(**row) for row in rows]

    def mark_consumed(self, outcomes: dict[str, str]) -> int:
        """Set consumed_at and the outcome of these webhook-ids (those not consumed yet); how many changed."""
        if not outcomes:
            return 0
        at = now_text()
        changed = 0
        with self.store.transaction() as tx:
            for webhook_id, outcome in sorted(outcomes.items()):
                changed += tx.execute("UPDATE webhook_inbox SET consumed_at = ?, outcome = ? "
                                      "WHERE webhook_id = ? AND consumed_at IS NULL", [at, outcome, webhook_id])
        return changed

    def last_received_at(self) -> datetime | None:
        with self.store.transaction() as tx:
            [row] = tx.query("SELECT max(received_at) AS at FROM webhook_inbox")
        return datetime.fromisoformat(row["at"]) if row["at"] else None

    def rows(self) -> list[InboxRow]:
        """Every stored delivery, oldest first (for status pages and tests)."""
        with self.store.transaction() as tx:
            return [InboxRow(**row) for row in tx.query("SELECT * FROM webhook_inbox ORDER BY received_at, webhook_id")]


def webhook_inbox(settings: OpsStoreSettings | None = None) -> WebhookInbox:
    return WebhookInbox(open_opstore(settings))
