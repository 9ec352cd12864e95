"""Every write to the inventory platform goes through here: posted with its Idempotency-Key,
dead-lettered (with an alert) when it still fails after the client's retries, and once it succeeds,
by whatever route, the dead letters still open for the same document are closed.

Replaying a dead letter posts the same body under the same key, so it can never create a
duplicate, whether or not the first attempt reached the platform after all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Callable

import polars as pl

from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.clients.errors import ApiError
from sync_pipeline.clients.inventory import InventoryClient
from sync_pipeline.clients.models import PurchaseDocument, WriteResult
from sync_pipeline.config import Settings
from sync_pipeline.contracts import PurchaseOrderLines, PurchaseOrderWrites, validated
from sync_pipeline.warehouse.dead_letters import (DeadLetter, get_dead_letter, mark_replayed, record_dead_letter,
                                                  resolve_dead_letters)
from sync_pipeline.warehouse.events import EventLog
from sync_pipeline.warehouse.frames import now_utc, utc_column
from sync_pipeline.warehouse.store import Warehouse, insert_frame

Post = Callable[[InventoryClient, dict[str, Any], str, dict[str, Any]], WriteResult]

OPERATIONS: dict[str, Post] = {
    "post_material_requirements":
        lambda client, body, key, context: client.post_material_requirements(context["project_code"], body, key),
    "post_purchase_order_draft": lambda client, body, key, context: client.post_purchase_order_draft(body, key),
    "post_quote_request": lambda client, body, key, context: client.post_quote_request(body, key),
    # Cancels (inventory API 2.4) answer with the document; for a replay only its id matters.
    "cancel_purchase_order_draft": lambda client, body, key, context: _cancelled(
        client.cancel_purchase_order_draft(context["document_id"], body.get("reason"), key)),
    "cancel_quote_request": lambda client, body, key, context: _cancelled(
        client.cancel_quote_request(context["document_id"], key)),
}
CANCEL_OPERATIONS = {"draft": "cancel_purchase_order_draft", "quote_request": "cancel_quote_request"}
# A cancel refused because a buyer got there first, or of a document the platform no longer has: outcomes.
CANCEL_OUTCOMES = frozenset({"already_issued", "already_answered", "not_found"})


def _cancelled(document: PurchaseDocument) -> WriteResult:
    return WriteResult(id=document.id, created_at=document.updated_at, replayed=False)

# Purchase documents: recorded here once the platform accepts them, by procurement or by a replay.
DOCUMENT_KINDS = {"post_purchase_order_draft": "draft", "post_quote_request": "quote_request"}

# Answers that are outcomes, not failures: the caller handles them.
EXPECTED_ERRORS = frozenset({"stale_revision"})

WRITES_SCHEMA = {"idempotency_key": pl.Utf8, "recommendation_id": pl.Utf8, "kind": pl.Utf8,
                 "platform_id": pl.Utf8, "line_count": pl.Int64, "write_status": pl.Utf8}
LINES_SCHEMA = {"idempotency_key": pl.Utf8, "recommendation_id": pl.Utf8, "kind": pl.Utf8, "project_id": pl.Utf8,
                "warehouse_code": pl.Utf8, "vendor_id": pl.Utf8, "sku": pl.Utf8, "quantity": pl.Float64,
                "uom": pl.Utf8}


class DeadLettered(RuntimeError):
    """The write failed after its retries; it is kept as dead letter `dead_letter_id` (the cause is the error)."""

    def __init__(self, message: str, dead_letter_id: int):
        super().__init__(message)
        self.dead_letter_id = dead_letter_id


@dataclass(frozen=True)
class AcceptedDocument:
    """A draft or quote request the platform accepted, with the lines it orders per project and SKU
    (project_id, warehouse_code, vendor_id, sku, quantity, uom)."""

    idempotency_key: str
    recommendation_id: str
    kind: str
    result: WriteResult
    line_count: int
    lines: list[dict[str, Any]]


def post(store: Warehouse, client: InventoryClient, operation: str, *, entity: str, body: dict[str, Any],
         idempotency_key: str, context: dict[str, Any] | None = None, run_id: str | None = None) -> WriteResult:
    context = context or {}
    return _dead_lettered_on_failure(store, operation, entity, body, idempotency_key, context, run_id,
                                     lambda: OPERATIONS[operation](client, body, idempotency_key, context))


def cancel(store: Warehouse, client: InventoryClient, kind: str, document_id: str, reason: str,
           run_id: str | None = None) -> PurchaseDocument:
    """Cancel an open draft or quote request, with the reason (drafts keep it in their notes).

    The key follows the document and the reason, so a retry or a replay never cancels anything else. A refusal
    because it was issued or answered meanwhile, or because it is gone (404), is raised as the ApiError for
    the caller to record; any other failure is dead-lettered (DeadLettered) like every write."""
    operation = CANCEL_OPERATIONS[kind]
    body = {"reason": reason[:500]} if kind == "draft" else {}
    key = f"cancel:{document_id}:{hashlib.sha256(reason.encode()).hexdigest()[:16]}"

    def call() -> PurchaseDocument:
        if kind == "draft":
            return client.cancel_purchase_order_draft(document_id, body["reason"], key)
        return client.cancel_quote_request(document_id, key)
    return _dead_lettered_on_failure(store, operation, document_id, body, key, {"document_id": document_id}, run_id,
                                     call, expected=CANCEL_OUTCOMES, expected_statuses=frozenset({404}))


def _dead_lettered_on_failure(store: Warehouse, operation: str, entity: str, body: dict[str, Any],
                              idempotency_key: str, context: dict[str, Any], run_id: str | None,
                              call: Callable[[], Any], expected: frozenset[str] = EXPECTED_ERRORS,
                              expected_statuses: frozenset[int] = frozenset()) -> Any:
    try:
        result = call()
    except ApiError as exc:
        if exc.error_code in expected or exc.status in expected_statuses:
            raise
        dead_letter_id = record_dead_letter(store, operation=operation, entity=entity, payload=body,
                                            idempotency_key=idempotency_key, context=context, error=exc,
                                            run_id=run_id)
        raise DeadLettered(f"{operation} for {entity} failed ({exc}); kept as dead letter {dead_letter_id}",
                           dead_letter_id) from exc
    resolve_dead_letters(store, operation=operation, entity=entity, idempotency_key=idempotency_key,
                         resolution=f"written by run {run_id or 'outside Dagster'}: {_written(result)}",
                         run_id=run_id)
    return result


def _written(result: WriteResult | PurchaseDocument) -> str:
    if isinstance(result, PurchaseDocument):
        return f"{result.id} cancelled"
    return f"{result.id} ({'already on the platform' if result.replayed else 'created'})"


def record_documents(store: Warehouse, documents: list[AcceptedDocument]) -> None:
    """Record accepted drafts and quote requests, each line from then on counted like stock on order.

    The first write of a key is the record; replays of it add nothing.
    """
    writes = [{"idempotency_key": d.idempotency_key, "recommendation_id": d.recommendation_id, "kind": d.kind,
               "platform_id": d.result.id, "line_count": d.line_count,
               "write_status": "replayed" if d.result.replayed else "created"} for d in documents]
    lines = [{**line, "idempotency_key": d.idempotency_key, "recommendation_id": d.recommendation_id,
              "kind": d.kind} for d in documents for line in d.lines]
    written_at = now_utc()
    write_frame = validated(pl.DataFrame(writes, schema=WRITES_SCHEMA).with_columns(
        written_at=utc_column(written_at, len(writes))), PurchaseOrderWrites)
    line_frame = validated(pl.DataFrame(lines, schema=LINES_SCHEMA).with_columns(
        written_at=utc_column(written_at, len(lines))), PurchaseOrderLines)
    with store.transaction() as con:
        known = con.sql("SELECT DISTINCT idempotency_key FROM purchase_order_writes").pl()
        insert_frame(con, "purchase_order_writes", write_frame.join(known, on="idempotency_key", how="anti"))
        known = con.sql("SELECT DISTINCT idempotency_key FROM purchase_order_lines").pl()
        insert_frame(con, "purchase_order_lines", line_frame.join(known, on="idempotency_key", how="anti"))


def replay(store: Warehouse, client: InventoryClient, letter: DeadLetter) -> WriteResult:
    """Send a dead letter again with its own key; marks it replayed when the platform accepts it.

    A draft or quote request is then recorded like a first-time write, so procurement counts it as
    on order instead of drafting it again. Requirements need no record here: the takeoff's next run
    posts them under the same key, gets the platform's stored answer, and records that.
    """
    result = OPERATIONS[letter.operation](client, letter.payload, letter.idempotency_key, letter.context)
    kind = DOCUMENT_KINDS.get(letter.operation)
    # Dead letters from before lines were kept have none: the next procurement run records those.
    if kind is not None and "lines" in letter.context:
        record_documents(store, [AcceptedDocument(letter.idempotency_key, letter.entity, kind, result,
                                                  len(letter.payload["lines"]), letter.context["lines"])])
    if kind is not None:
        _document_accepted(store, letter.idempotency_key, result.id)
    mark_replayed(store, letter.dead_letter_id, _written(result))
    resolve_dead_letters(store, operation=letter.operation, entity=letter.entity,
                         idempotency_key=letter.idempotency_key,
                         resolution=f"dead letter {letter.dead_letter_id} replayed: {_written(result)}", run_id=None)
    return result


@dataclass(frozen=True)
class Replayed:
    """What became of one dead letter sent again: the platform's answer, or why not."""

    dead_letter_id: int
    result: WriteResult | None
    error: str | None = None       # "not an open dead letter", or "still failing: ..."


def replay_dead_letters(store: Warehouse, settings: Settings, ids: list[int], run_id: str) -> list[Replayed]:
    """Send these open dead letters again, one by one (a failure does not stop the others), through the
    inventory client with its retries and the shared breaker, each call in the event log under `run_id`."""
    outcomes: list[Replayed] = []
    events = EventLog(store, run_id=run_id)
    try:
        with InventoryClient(settings.inventory_api_url, settings.inventory_api_token,
                             timeout=settings.http_timeout_seconds, on_attempt=events.record,
                             breaker=breaker_for("inventory")) as client:
            for dead_letter_id in ids:
                letter = get_dead_letter(store, dead_letter_id)
                if letter is None or letter.status != "open":
                    outcomes.append(Replayed(dead_letter_id, None, "not an open dead letter"))
                    continue
                try:
                    outcomes.append(Replayed(dead_letter_id, replay(store, client, letter)))
                except Exception as exc:  # report and go on with the next one
                    outcomes.append(Replayed(dead_letter_id, None, f"still failing: {exc}"))
    finally:
        events.flush()
    return outcomes


def _document_accepted(store: Warehouse, idempotency_key: str, platform_id: str) -> None:
    """The pending draft or quote request is on the platform now: open until the next read-back says more."""
    from sync_pipeline.warehouse import purchase_documents as stored
    rows = store.query("SELECT * FROM purchase_documents WHERE idempotency_key = ?", [idempotency_key])
    if rows.height and rows["status"][0] == "pending":
        row = rows.row(0, named=True)
        stored.save(store, [{**row, "platform_id": platform_id, "status": "open", "checked_at": now_utc(),
                             "status_reason": "accepted by the platform (dead letter replayed)"}])
