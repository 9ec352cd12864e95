"""The dead-letter table: failed writes kept with their payload, error and context, replayable.

A letter is open until it is replayed, discarded, or resolved: its document was written
successfully since, by whatever route (the takeoff's next run, a UI backfill, a replay of another
letter for it), and then it closes itself with an integration_events row saying so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from sync_pipeline.alerts import raise_alert, resolve_alert
from sync_pipeline.clients.errors import ApiError
from sync_pipeline.clients.resilience import Attempt
from sync_pipeline.warehouse.events import append_events, event_row
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
    """Keep the failed write and alert about it; returns the dead letter's id.

    A document already waiting in an open letter (its write retried by a step or run retry, or requested
    again) keeps that one letter, with the latest body, error and run, and no second alert."""
    status = error.status if isinstance(error, ApiError) else None
    error_type = (error.error_code if isinstance(error, ApiError) and error.error_code else type(error).__name__)
    with store.transaction() as con:
        waiting = con.execute("SELECT min(dead_letter_id) FROM dead_letters WHERE status = 'open' "
                              "AND idempotency_key = ?", [idempotency_key]).fetchone()[0]
        if waiting is not None:
            con.execute("UPDATE dead_letters SET payload = ?, context = ?, error_type = ?, error_detail = ?, "
                        "http_status = ?, run_id = ? WHERE dead_letter_id = ?",
                        [json.dumps(payload), json.dumps(context), error_type, str(error)[:2000], status, run_id,
                         waiting])
            return int(waiting)
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
                       "coalesce(replay_result, resolution, 'discarded by ' || discarded_by || ': ' || discard_reason) "
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


# Operations whose entity names the document itself (a takeoff revision's requirements, the draft or quote
# request a cancel is for): any later successful write of the same entity makes their open letters moot.
# A draft's or quote request's entity is only the recommendation it came from: for those only the key counts.
SAME_ENTITY_SAME_DOCUMENT = frozenset({"post_material_requirements", "cancel_purchase_order_draft",
                                       "cancel_quote_request"})


def resolve_dead_letters(store: Warehouse, *, operation: str, entity: str | None, idempotency_key: str,
                         resolution: str, run_id: str | None) -> list[int]:
    """Close the open letters of a document just written successfully (same Idempotency-Key, or the same
    operation and entity where that names the document), each with an integration_events row, and clear their
    alerts; returns their ids."""
    match, params = "idempotency_key = ?", [idempotency_key]
    if operation in SAME_ENTITY_SAME_DOCUMENT and entity is not None:
        match, params = f"{match} OR (operation = ? AND entity = ?)", [*params, operation, entity]
    query = f"SELECT dead_letter_id, operation, entity FROM dead_letters WHERE status = 'open' AND ({match})"
    if store.query(query, params).height == 0:   # the common case: a read, no write transaction
        return []
    with store.transaction() as con:
        letters = con.execute(f"{query} ORDER BY dead_letter_id", params).fetchall()
        for dead_letter_id, _, _ in letters:
            con.execute("UPDATE dead_letters SET status = 'resolved', resolved_at = ?, resolution = ? "
                        "WHERE dead_letter_id = ?", [now_utc(), resolution[:2000], dead_letter_id])
        append_events(con, [event_row(Attempt(
            system="inventory", operation="resolve_dead_letter", method="", path="", entity=letter_entity,
            payload_sha256=None, attempt=1, status="resolved", http_status=None, error_type=None,
            error_detail=f"dead letter {dead_letter_id} ({letter_operation}) closed: {resolution}"[:1000],
            latency_ms=0.0), run_id)
            for dead_letter_id, letter_operation, letter_entity in letters])
    for dead_letter_id, _, _ in letters:
        resolve_alert(alert_key(dead_letter_id), f"dead letter {dead_letter_id} resolved: {resolution}",
                      dead_letter_id=dead_letter_id)
    return [row[0] for row in letters]
