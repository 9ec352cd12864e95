"""The dead-letter table: failed writes kept with their payload, error and context, replayable."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from sync_pipeline.alerts import raise_alert, resolve_alert
from sync_pipeline.clients.errors import ApiError
from sync_pipeline.warehouse.frames import now_utc
from sync_pipeline.warehouse.store import Warehouse, next_id


@dataclass(frozen=True)
class DeadLetter:
    dead_letter_id: int
    operation: str
    entity: str | None
    payload: dict[str, Any]
    idempotency_key: str
    context: dict[str, Any]
    error_type: str
    error_detail: str
    status: str


def record_dead_letter(store: Warehouse, *, operation: str, entity: str | None, payload: dict[str, Any],
                       idempotency_key: str, context: dict[str, Any], error: Exception,
                       run_id: str | None) -> int:
    """Keep the failed write and alert about it; returns the dead letter's id."""
    status = error.status if isinstance(error, ApiError) else None
    error_type = (error.error_code if isinstance(error, ApiError) and error.error_code else type(error).__name__)
    with store.transaction() as con:
        dead_letter_id = next_id(con, "dead_letters", "dead_letter_id")
        con.execute(
            "INSERT INTO dead_letters (dead_letter_id, created_at, target_system, operation, entity, payload, "
            "idempotency_key, context, error_type, error_detail, http_status, run_id, status) "
            "VALUES (?, ?, 'inventory', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
            [dead_letter_id, now_utc(), operation, entity, json.dumps(payload), idempotency_key, json.dumps(context),
             error_type, str(error)[:2000], status, run_id])
    raise_alert(alert_key(dead_letter_id), "dead_letter",
                f"dead letter {dead_letter_id}: {operation} for {entity} failed after retries ({error_type}); "
                f"replay it with `sync-pipeline dead-letters replay {dead_letter_id}` once the platform is back",
                dead_letter_id=dead_letter_id, error_type=error_type, run_id=run_id)
    return int(dead_letter_id)


def alert_key(dead_letter_id: int) -> str:
    """The alert condition a dead letter raises while it is open."""
    return f"dead_letter:{dead_letter_id}"


def list_dead_letters(store: Warehouse, status: str | None = "open") -> pl.DataFrame:
    where, params = ("WHERE status = ?", [status]) if status else ("", [])
    return store.query("SELECT dead_letter_id, created_at, operation, entity, error_type, http_status, status, "
                       "coalesce(replay_result, 'discarded by ' || discarded_by || ': ' || discard_reason) "
                       f"AS replay_result FROM dead_letters {where} ORDER BY dead_letter_id", params)


def get_dead_letter(store: Warehouse, dead_letter_id: int) -> DeadLetter | None:
    rows = store.query("SELECT * FROM dead_letters WHERE dead_letter_id = ?", [dead_letter_id])
    if rows.height == 0:
        return None
    row = rows.row(0, named=True)
    return DeadLetter(dead_letter_id=row["dead_letter_id"], operation=row["operation"], entity=row["entity"],
                      payload=json.loads(row["payload"]), idempotency_key=row["idempotency_key"],
                      context=json.loads(row["context"]), error_type=row["error_type"],
                      error_detail=row["error_detail"], status=row["status"])


def mark_replayed(store: Warehouse, dead_letter_id: int, result: str) -> None:
    with store.transaction() as con:
        con.execute("UPDATE dead_letters SET status = 'replayed', replayed_at = ?, replay_result = ? "
                    "WHERE dead_letter_id = ?", [now_utc(), result, dead_letter_id])
    resolve_alert(alert_key(dead_letter_id), f"dead letter {dead_letter_id} replayed: {result}",
                  dead_letter_id=dead_letter_id)


def discard(store: Warehouse, dead_letter_id: int, *, by: str, reason: str) -> bool:
    """Give up on an open dead letter, saying who and why; False when it is not open. A discarded draft or
    quote request stops counting as drafted at the next procurement run (unless the platform has it after all)."""
    with store.transaction() as con:
        row = con.execute("SELECT status FROM dead_letters WHERE dead_letter_id = ?", [dead_letter_id]).fetchone()
        if row is None or row[0] != "open":
            return False
        con.execute("UPDATE dead_letters SET status = 'discarded', discarded_by = ?, discard_reason = ?, "
                    "discarded_at = ? WHERE dead_letter_id = ?", [by, reason, now_utc(), dead_letter_id])
    resolve_alert(alert_key(dead_letter_id), f"dead letter {dead_letter_id} discarded by {by}: {reason}",
                  dead_letter_id=dead_letter_id)
    return True
