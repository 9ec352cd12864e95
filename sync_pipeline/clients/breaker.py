"""A circuit breaker per external system whose state is shared by every process on every host.

Runs, sensors and the CLI are separate processes, in production on separate hosts; when the
inventory platform is down they must all stop calling it, not each discover it with five more
failures. The state lives in the operational store (a SQLite file, or PostgreSQL shared by every
host), where one transaction at a time decides who probes.

closed -> (N consecutive failures) -> open -> (cooldown passed) -> half-open: one probe call is
let through; its success closes the breaker, its failure opens it for another cooldown.
Opening raises the alert `breaker:<system>` (once, however often a probe re-opens it); closing resolves it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sync_pipeline.alerts import raise_alert, resolve_alert
from sync_pipeline.clients.errors import TransientError
from sync_pipeline.config import DEFAULT_OPS_PATH, OpsStoreSettings, Secret, breaker_settings_from_env
from sync_pipeline.opstore import OpStore, Transaction, open_opstore

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
    def __init__(self, system: str, location: Path | str | OpStore, *, failure_threshold: int = 5,
                 cooldown_seconds: float = 60.0):
        """`location`: the operational store, or a SQLite file / postgresql:// URL to open one on."""
        self.system = system
        self.store = location if isinstance(location, OpStore) else open_opstore(_store_settings(str(location)))
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        with self.store.transaction() as tx:
            tx.execute("INSERT INTO breakers VALUES (?, 'closed', 0, NULL, NULL) ON CONFLICT (system) DO NOTHING",
                       [system])

    def _decide(self, tx: Transaction) -> BreakerState:
        """Read the state as the one transaction that decides: SQLite's BEGIN IMMEDIATE already holds the
        file, PostgreSQL locks this system's row."""
        lock = " FOR UPDATE" if self.store.dialect == "postgresql" else ""
        [row] = tx.query("SELECT system, state, consecutive_failures, opened_at, probe_started_at FROM breakers "
                         f"WHERE system = ?{lock}", [self.system])
        return BreakerState(**row)

    def _write(self, tx: Transaction, state: str, failures: int, opened_at: float | None,
               probe_started_at: float | None) -> None:
        tx.execute("UPDATE breakers SET state = ?, consecutive_failures = ?, opened_at = ?, probe_started_at = ? "
                   "WHERE system = ?", [state, failures, opened_at, probe_started_at, self.system])

    def state(self) -> BreakerState:
        with self.store.transaction() as tx:
            [row] = tx.query("SELECT system, state, consecutive_failures, opened_at, probe_started_at FROM breakers "
                             "WHERE system = ?", [self.system])
            return BreakerState(**row)

    def before_call(self) -> None:
        """Raise CircuitOpen unless a call may go out now (closed, or this call is the half-open probe)."""
        now = time.time()
        with self.store.transaction() as tx:   # one process at a time decides who probes
            current = self._decide(tx)
            if current.state == "open" and now >= current.reopens_at(self.cooldown_seconds):
                self._write(tx, "half_open", current.consecutive_failures, current.opened_at, now)
                return
            if current.state == "half_open" and now - (current.probe_started_at or 0) > PROBE_TIMEOUT_SECONDS:
                self._write(tx, "half_open", current.consecutive_failures, current.opened_at, now)
                return
        if current.state != "closed":
            wait = max(0.0, (current.reopens_at(self.cooldown_seconds) or now) - now)
            raise CircuitOpen(f"{self.system} circuit is {current.state.replace('_', '-')} after "
                              f"{current.consecutive_failures} consecutive failures; not calling "
                              f"(next probe in {wait:.0f} s)", retry_after=wait or None)

    @property
    def alert_key(self) -> str:
        return f"breaker:{self.system}"

    def record_success(self) -> None:
        with self.store.transaction() as tx:
            was = self._decide(tx).state
            self._write(tx, "closed", 0, None, None)
        if was != "closed":
            resolve_alert(self.alert_key, f"{self.system} circuit breaker closed: a call succeeded again",
                          store=self.store, system=self.system)

    def record_failure(self) -> None:
        """One more consecutive failure; opens the breaker at the threshold, or at once if it was probing."""
        now = time.time()
        with self.store.transaction() as tx:
            current = self._decide(tx)
            failures = current.consecutive_failures + 1
            opened = current.state == "half_open" or failures >= self.failure_threshold
            if opened:
                self._write(tx, "open", failures, now, None)
            else:
                self._write(tx, current.state, failures, current.opened_at, current.probe_started_at)
        if opened:
            raise_alert(self.alert_key, "breaker",
                        f"{self.system} circuit breaker opened after {failures} consecutive failures: calls to "
                        f"{self.system} are refused, with one probe every {self.cooldown_seconds:g} s until one "
                        "succeeds", store=self.store, system=self.system)


def _store_settings(location: str) -> OpsStoreSettings:
    if location.startswith(("postgresql://", "postgres://")):
        return OpsStoreSettings(path=DEFAULT_OPS_PATH, database_url=Secret(location))
    return OpsStoreSettings(path=Path(location))


def breaker_for(system: str) -> CircuitBreaker:
    """The breaker every process and host shares for this system: in the operational store
    (SYNC_OPS_PATH or SYNC_OPS_DATABASE_URL), with the SYNC_BREAKER_* levels."""
    settings = breaker_settings_from_env()
    return CircuitBreaker(system, open_opstore(), failure_threshold=settings.failure_threshold,
                          cooldown_seconds=settings.cooldown_seconds)
