"""Our purchase documents in the warehouse: purchase_documents (one row per draft or quote request, its
status as last read back), purchase_document_lines (per SKU: asked for and as it stands) and the
purchase_document_actions log. Rows are replaced per document (delete + insert in one transaction);
the tables have no keys, so every write here goes through these functions."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, Iterable

import polars as pl

from sync_pipeline.warehouse.frames import now_utc
from sync_pipeline.warehouse.store import Warehouse, delete_rows, insert_frame

DOCUMENT_SCHEMA = {
    "idempotency_key": pl.Utf8, "identity": pl.Utf8, "recommendation_id": pl.Utf8, "kind": pl.Utf8,
    "warehouse_code": pl.Utf8, "vendor_id": pl.Utf8, "platform_id": pl.Utf8, "status": pl.Utf8,
    "issued_po_number": pl.Utf8, "buyer_changed": pl.Boolean, "notes": pl.Utf8, "status_reason": pl.Utf8,
    "platform_updated_at": pl.Utf8, "posted_at": pl.Datetime("us", "UTC"), "checked_at": pl.Datetime("us", "UTC"),
}
LINE_SCHEMA = {
    "idempotency_key": pl.Utf8, "kind": pl.Utf8, "warehouse_code": pl.Utf8, "vendor_id": pl.Utf8, "sku": pl.Utf8,
    "posted_quantity": pl.Float64, "quantity": pl.Float64, "uom": pl.Utf8, "unit_price": pl.Decimal(18, 4),
    "checked_at": pl.Datetime("us", "UTC"),
}
ACTION_SCHEMA = {
    "action_id": pl.Utf8, "acted_at": pl.Datetime("us", "UTC"), "run_id": pl.Utf8, "idempotency_key": pl.Utf8,
    "platform_id": pl.Utf8, "kind": pl.Utf8, "action": pl.Utf8, "detail": pl.Utf8,
}
DOCUMENT_OPERATIONS = {"post_purchase_order_draft": "draft", "post_quote_request": "quote_request"}


def load(store: Warehouse) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(documents, lines) as stored."""
    documents = store.query("SELECT * FROM purchase_documents ORDER BY posted_at, idempotency_key")
    lines = store.query("SELECT * FROM purchase_document_lines ORDER BY idempotency_key, sku")
    return documents, lines


def save(store: Warehouse, documents: Iterable[dict[str, Any]], lines: Iterable[dict[str, Any]] | None = None,
         actions: Iterable[dict[str, Any]] = ()) -> None:
    """Replace the rows of these documents (and, when given, all their lines); append the actions."""
    documents, actions = list(documents), list(actions)
    lines = None if lines is None else list(lines)
    with store.transaction() as con:
        for document in documents:
            delete_rows(con, "purchase_documents", {"idempotency_key": document["idempotency_key"]})
            if lines is not None:
                delete_rows(con, "purchase_document_lines", {"idempotency_key": document["idempotency_key"]})
        insert_frame(con, "purchase_documents", pl.DataFrame(documents, schema=DOCUMENT_SCHEMA))
        if lines:
            insert_frame(con, "purchase_document_lines", pl.DataFrame(lines, schema=LINE_SCHEMA))
        insert_frame(con, "purchase_document_actions", pl.DataFrame(actions, schema=ACTION_SCHEMA))


def action(kind: str, name: str, detail: str, *, idempotency_key: str | None = None, platform_id: str | None = None,
           run_id: str | None = None, at: datetime | None = None) -> dict[str, Any]:
    return {"action_id": str(uuid.uuid4()), "acted_at": at or now_utc(), "run_id": run_id,
            "idempotency_key": idempotency_key, "platform_id": platform_id, "kind": kind, "action": name,
            "detail": detail[:2000]}


def register_earlier_documents(store: Warehouse) -> int:
    """Documents posted before purchase_documents existed join it: recorded ones as open at the quantities
    posted (the next read-back corrects them), open dead letters as pending. Returns how many were added."""
    known = set(store.query("SELECT idempotency_key FROM purchase_documents")["idempotency_key"])
    writes = store.query("SELECT w.*, l.warehouse_code, l.vendor_id, l.sku, l.quantity, l.uom "
                         "FROM purchase_order_writes w JOIN purchase_order_lines l USING (idempotency_key)")
    letters = store.query("SELECT idempotency_key, entity, operation, payload, context, created_at "
                          "FROM dead_letters WHERE status = 'open' AND operation IN (?, ?)",
                          list(DOCUMENT_OPERATIONS))
    documents: dict[str, dict[str, Any]] = {}
    lines: dict[tuple[str, str], dict[str, Any]] = {}
    now = now_utc()

    def add(key: str, rec_id: str, kind: str, row: dict[str, Any], status: str, platform_id: str | None,
            posted_at: datetime) -> None:
        documents.setdefault(key, {
            "idempotency_key": key, "identity": key, "recommendation_id": rec_id, "kind": kind,
            "warehouse_code": row["warehouse_code"], "vendor_id": row.get("vendor_id"), "platform_id": platform_id,
            "status": status, "issued_po_number": None, "buyer_changed": False, "notes": None,
            "status_reason": "recorded before read-back existed", "platform_updated_at": None,
            "posted_at": posted_at, "checked_at": now})
        line = lines.setdefault((key, row["sku"]), {
            "idempotency_key": key, "kind": kind, "warehouse_code": row["warehouse_code"],
            "vendor_id": row.get("vendor_id"), "sku": row["sku"], "posted_quantity": 0.0, "quantity": 0.0,
            "uom": row["uom"], "unit_price": None, "checked_at": now})
        line["posted_quantity"] += row["quantity"]
        line["quantity"] += row["quantity"]

    for row in writes.iter_rows(named=True):
        if row["idempotency_key"] not in known:
            add(row["idempotency_key"], row["recommendation_id"], row["kind"], row, "open", row["platform_id"],
                row["written_at"])
    for letter in letters.iter_rows(named=True):
        key = letter["idempotency_key"]
        if key in known or key in documents:
            continue
        context = json.loads(letter["context"])
        for row in context.get("lines", []):
            add(key, letter["entity"] or key, DOCUMENT_OPERATIONS[letter["operation"]], row, "pending", None,
                letter["created_at"])
    prices = {}
    for key, document in documents.items():
        if document["kind"] == "draft":
            payload = _payload(store, key)
            prices.update({(key, l["sku"]): l.get("unit_price") for l in (payload or {}).get("lines", [])})
    for (key, sku), line in lines.items():
        line["unit_price"] = prices.get((key, sku))
    if documents:
        save(store, documents.values(), list(lines.values()))
    return len(documents)


def _payload(store: Warehouse, key: str) -> dict[str, Any] | None:
    rows = store.query("SELECT payload FROM dead_letters WHERE idempotency_key = ? ORDER BY dead_letter_id DESC "
                       "LIMIT 1", [key])
    return json.loads(rows["payload"][0]) if rows.height else None


def dead_letter_states(store: Warehouse) -> dict[str, str]:
    """Per idempotency key of a purchase document: its latest dead letter's status (open/replayed/discarded)."""
    rows = store.query("SELECT idempotency_key, arg_max(status, dead_letter_id) AS status FROM dead_letters "
                       "WHERE operation IN (?, ?) GROUP BY 1", list(DOCUMENT_OPERATIONS))
    return dict(rows.iter_rows())
