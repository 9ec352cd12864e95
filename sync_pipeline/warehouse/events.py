"""The append-only integration_events log: rows are only ever inserted, never updated or deleted."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import polars as pl

from sync_pipeline.clients.resilience import Attempt
from sync_pipeline.warehouse.store import Warehouse, insert_frame, next_id

SOURCE_AND_TARGET = {"pm": ("pm", "sync_pipeline"), "inventory": ("sync_pipeline", "inventory")}


def event_row(attempt: Attempt, run_id: str | None) -> dict:
    """One attempt as a row of the log."""
    source, target = SOURCE_AND_TARGET.get(attempt.system, (attempt.system, attempt.system))
    if attempt.method == "POST" and attempt.system == "pm":
        source, target = "sync_pipeline", "pm"
    return {
        "occurred_at": datetime.now(timezone.utc), "source_system": source, "target_system": target,
        "operation": attempt.operation, "entity": attempt.entity, "payload_sha256": attempt.payload_sha256,
        "status": attempt.status, "http_status": attempt.http_status, "attempt": attempt.attempt,
        "error_type": attempt.error_type, "error_detail": attempt.error_detail, "run_id": run_id,
        "latency_ms": attempt.latency_ms,
    }


def append_events(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Append rows within the caller's write transaction, numbered after the last one."""
    if rows:
        first = next_id(con, "integration_events", "event_id")
        frame = pl.DataFrame(rows).with_columns(event_id=pl.int_range(first, first + len(rows), dtype=pl.Int64))
        insert_frame(con, "integration_events", frame)


class EventLog:
    """Collects attempts in memory while a step runs and appends them in one short write.

    A step's write transaction stays short (writers take turns), and a step that fails still
    flushes what it tried, so every attempt is visible.
    """

    def __init__(self, warehouse: Warehouse, run_id: str | None):
        self._warehouse = warehouse
        self._run_id = run_id
        self._rows: list[dict] = []

    def record(self, attempt: Attempt) -> None:
        self._rows.append(event_row(attempt, self._run_id))

    def flush(self) -> int:
        rows, self._rows = self._rows, []
        if rows:
            with self._warehouse.transaction() as con:
                append_events(con, rows)
        return len(rows)
