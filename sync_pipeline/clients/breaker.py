"""A circuit breaker per external system whose state is shared by every process on every host.

Runs, sensors and the CLI are separate processes, in production on separate hosts; when the
inventory platform is down they must all stop calling it, not each discover it with five more
failures. The state lives in a small SQLite file (embedded default) or in PostgreSQL
(`SYNC_BREAKER_DATABASE_URL`), where a row lock decides who probes.

closed -> (N consecutive failures) -> open -> (cooldown passed) -> half-open: one probe call is
let through; its success closes the breaker, its failure opens it for another cooldown.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sync_pipeline.clients.errors import TransientError
from sync_pipeline.config import breaker_settings_from_env

# A probe that never reported back (its process died) stops blocking others after this long.
PROBE_TIMEOUT_SECONDS = 60.0


class CircuitOpen(TransientError):
    """The system is considered down: the call was not attempted."""


@dataclass(frozen=True)
class BreakerState:
    system: str
    state: str  # closed | open | half_open
    consecutive_failures: int
    opened_at: float | None
    probe_started_at: float | None

    def reopens_at(self, cooldown: float) -> float | None:
        return None if self.opened_at is None else self.opened_at + cooldown


class CircuitBreaker:
    def __init__(self, system: str, location: Path | str, *, failure_threshold: int = 5,
                 cooldown_seconds: float = 60.0):
        self.system = system
        self.location = str(location)
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self._postgres = self.location.startswith(("postgresql://", "postgres://"))
        if not self._postgres:
            Path(self.location).parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con:
            con.execute("CREATE TABLE IF NOT EXISTS breakers (system TEXT PRIMARY KEY, state TEXT NOT NULL, "
                        "consecutive_failures INTEGER NOT NULL, opened_at DOUBLE PRECISION, "
                        "probe_started_at DOUBLE PRECISION)")
            con.execute("INSERT INTO breakers VALUES (?, 'closed', 0, NULL, NULL) ON CONFLICT (system) DO NOTHING",
                        [system])

    def _connect(self) -> "_Connection":
        if self._postgres:
            import psycopg

            return _Connection(psycopg.connect(self.location, autocommit=True, connect_timeout=10), "%s")
        con = sqlite3.connect(self.location, timeout=30, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        return _Connection(con, "?")

    def _begin(self, con: "_Connection") -> None:
        """Start the transaction that decides: SQLite locks the file, PostgreSQL this system's row."""
        if self._postgres:
            con.execute("BEGIN")
            con.execute("SELECT 1 FROM breakers WHERE system = ? FOR UPDATE", [self.system])
        else:
            con.execute("BEGIN IMMEDIATE")

    def _read(self, con: "_Connection") -> BreakerState:
        row = con.execute("SELECT system, state, consecutive_failures, opened_at, probe_started_at FROM breakers "
                          "WHERE system = ?", [self.system]).fetchone()
        return BreakerState(*row)

    def _write(self, con: "_Connection", state: str, failures: int, opened_at: float | None,
               probe_started_at: float | None) -> None:
        con.execute("UPDATE breakers SET state = ?, consecutive_failures = ?, opened_at = ?, probe_started_at = ? "
                    "WHERE system = ?", [state, failures, opened_at, probe_started_at, self.system])

    def state(self) -> BreakerState:
        with closing(self._connect()) as con:
            return self._read(con)

    def before_call(self) -> None:
        """Raise CircuitOpen unless a call may go out now (closed, or this call is the half-open probe)."""
        now = time.time()
        with closing(self._connect()) as con:
            self._begin(con)  # one process at a time decides who probes
            try:
                current = self._read(con)
                if current.state == "open" and now >= current.reopens_at(self.cooldown_seconds):
                    self._write(con, "half_open", current.consecutive_failures, current.opened_at, now)
                elif current.state == "half_open" and now - (current.probe_started_at or 0) > PROBE_TIMEOUT_SECONDS:
                    self._write(con, "half_open", current.consecutive_failures, current.opened_at, now)
                elif current.state != "closed":
                    con.execute("COMMIT")
                    wait = max(0.0, (current.reopens_at(self.cooldown_seconds) or now) - now)
                    raise CircuitOpen(f"{self.system} circuit is {current.state.replace('_', '-')} after "
                                      f"{current.consecutive_failures} consecutive failures; not calling "
                                      f"(next probe in {wait:.0f} s)", retry_after=wait or None)
                con.execute("COMMIT")
            except CircuitOpen:
                raise
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def record_success(self) -> None:
        with closing(self._connect()) as con:
            self._write(con, "closed", 0, None, None)

    def record_failure(self) -> None:
        """One more consecutive failure; opens the breaker at the threshold, or at once if it was probing."""
        now = time.time()
        with closing(self._connect()) as con:
            self._begin(con)
            current = self._read(con)
            failures = current.consecutive_failures + 1
            if current.state == "half_open" or failures >= self.failure_threshold:
                self._write(con, "open", failures, now, None)
            else:
                self._write(con, current.state, failures, current.opened_at, current.probe_started_at)
            con.execute("COMMIT")


def breaker_for(system: str) -> CircuitBreaker:
    """The breaker every process shares for this system (configured by the SYNC_BREAKER_* variables)."""
    settings = breaker_settings_from_env()
    return CircuitBreaker(system, settings.location, failure_threshold=settings.failure_threshold,
                          cooldown_seconds=settings.cooldown_seconds)


class _Connection:
    """SQLite or psycopg behind one execute(); statements are written with `?` placeholders."""

    def __init__(self, raw, placeholder: str):
        self._raw, self._placeholder = raw, placeholder

    def execute(self, sql: str, params: list | None = None):
        return self._raw.execute(sql.replace("?", self._placeholder), params or [])

    def close(self) -> None:
        self._raw.close()
