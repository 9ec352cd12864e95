"""Our drafts and quote requests as the platform shows them (inventory API 2.4), counted exactly once.

A quantity we asked for is in exactly one place:
- a document that is `open` on the platform (at its current quantities: a buyer may have changed
  them, and what a buyer typed is respected) or `pending` (posted or being posted but not yet read
  back: the process died after the POST, or the POST was dead-lettered and waits for a replay or a
  discard) counts as *drafted*;
- an `issued` draft became a purchase order: the platform counts it in StockLevel.on_order, so we
  do not count it again (unless it was issued after the stock levels in use were read);
- `cancelled`, `answered` (a quote request the buyer now acts on), `missing` (the platform no longer
  has it) and `abandoned` (the POST never reached the platform) count nothing.

When the need falls below what is open, open documents no buyer has touched are cancelled, newest
first, as long as cancelling one (and topping up again, rounded to the vendor's packs and minimum)
leaves less on order than keeping it; procurement then proposes what is still missing. Issued
documents and documents a buyer changed are never touched.

A document's Idempotency-Key comes from what it is for (kind, warehouse, vendor(s), projects and the
requirement writes it covers) and a sequence number, never from the day it is posted.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal

import polars as pl

from sync_pipeline.core.purchasing import order_quantity

COUNTED = ("pending", "open")
CANCELLABLE = "open"
CONTRACT_STATUSES = {"draft": ("open", "issued", "cancelled"), "quote_request": ("open", "answered", "cancelled")}
EPSILON = 1e-6
ISSUED_MARGIN = timedelta(0)   # how far the platform's clock may be behind ours (assumed in sync)

DRAFTED_SCHEMA = {"sku": pl.Utf8, "warehouse_code": pl.Utf8, "quantity": pl.Float64}
DECISION_SCHEMA = {"idempotency_key": pl.Utf8, "action": pl.Utf8, "reason": pl.Utf8}


def document_identity(kind: str, warehouse_code: str, vendors: list[str] | str, projects: list[str],
                      requirement_keys: list[str]) -> str:
    """What a document is for, hashed: the same on every run and every day for the same need."""
    vendor_part = vendors if isinstance(vendors, str) else "+".join(sorted(vendors))
    text = "\n".join([kind, warehouse_code, vendor_part, ",".join(sorted(set(projects))),
                      ",".join(sorted(set(requirement_keys)))])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def document_key(kind: str, warehouse_code: str, vendors: list[str] | str, identity: str, sequence: int) -> str:
    """The Idempotency-Key of the `sequence`-th document (0, 1, ...) with this identity (at most 255 characters)."""
    vendor_part = vendors if isinstance(vendors, str) else "+".join(sorted(vendors))
    return f"{kind}:{warehouse_code}:{vendor_part}:{identity}:{sequence}"[-255:]


def reconciled_status(kind: str, recorded: str, platform_status: str | None, *, found: bool | None,
                      dead_letter: str | None) -> tuple[str, str | None]:
    """The status to keep for one of our documents after reading it back, and why (None: nothing to say).

    recorded: our last status. found: True when the platform showed it (platform_status then set), False when
    it answered that there is none (404, or no document for the key), None when it was not read this time.
    dead_letter: the status of the dead letter holding its POST (open, replayed, discarded) or None.
    """
    if found is None:
        return recorded, None
    if found:
        if platform_status not in CONTRACT_STATUSES[kind]:
            return recorded, (f"the platform shows status {platform_status!r}, which the contract does not list: "
                              f"left alone, kept as {recorded}")
        return platform_status, None
    if recorded == "pending":
        if dead_letter == "open":
            return "pending", "dead-lettered: counted as drafted until it is replayed or discarded"
        if dead_letter == "discarded":
            return "abandoned", "its dead letter was discarded and the platform never received it"
        return "abandoned", "the platform never received it (the process stopped before the POST arrived)"
    if recorded in COUNTED:
        return "missing", "the platform no longer has it (404): no longer counted, left alone"
    return recorded, None


def counted_drafts(documents: pl.DataFrame, lines: pl.DataFrame, stock_read_at: datetime | None = None
                   ) -> pl.DataFrame:
    """What our documents still ask for, per SKU and warehouse (counted like stock on order).

    documents: idempotency_key, status (and platform_updated_at, text, when stock_read_at is given).
    lines: idempotency_key, warehouse_code, sku, quantity (as it stands).
    stock_read_at: when the stock levels in use were read. A draft issued after that (or within
    ISSUED_MARGIN before it, for clocks that disagree) is not in their on_order yet: it still counts here,
    so an issue between the stock read and this run never orders twice (the next read has it in on_order).
    """
    counts = pl.col("status").is_in(COUNTED)
    if stock_read_at is not None and "platform_updated_at" in documents.columns:
        issued_at = pl.col("platform_updated_at").str.to_datetime(time_unit="us", time_zone="UTC", strict=False)
        counts = counts | ((pl.col("status") == "issued") & (issued_at > stock_read_at - ISSUED_MARGIN))
    counted = documents.filter(counts).select("idempotency_key")
    if counted.height == 0 or lines.height == 0:
        return pl.DataFrame(schema=DRAFTED_SCHEMA)
    return (lines.join(counted, on="idempotency_key", how="semi")
            .group_by("sku", "warehouse_code").agg(quantity=pl.col("quantity").sum().cast(pl.Float64))
            .filter(pl.col("quantity") > 0).sort("warehouse_code", "sku").select(list(DRAFTED_SCHEMA)))


def open_draft_totals(documents: pl.DataFrame, lines: pl.DataFrame) -> dict[tuple[str, str], Decimal]:
    """Per (vendor, warehouse): the value of our drafts still open there, at their current quantities."""
    counted = documents.filter((pl.col("status").is_in(COUNTED)) & (pl.col("kind") == "draft"))
    totals: dict[tuple[str, str], Decimal] = {}
    for line in lines.join(counted.select("idempotency_key"), on="idempotency_key", how="semi").iter_rows(named=True):
        if line["unit_price"] is None or line["vendor_id"] is None:
            continue
        key = (line["vendor_id"], line["warehouse_code"])
        totals[key] = totals.get(key, Decimal(0)) + Decimal(str(line["unit_price"])) * Decimal(str(line["quantity"]))
    return {key: value.quantize(Decimal("0.01")) for key, value in totals.items()}


def need_per_warehouse(rollups: pl.DataFrame) -> pl.DataFrame:
    """rollups computed without our documents -> warehouse_code, sku, need (what should be on order from us)."""
    return (rollups.filter(pl.col("warehouse_code").is_not_null())
            .group_by("warehouse_code", "sku").agg(need=pl.col("net_requirement").sum().round(6)))


def cancellations(documents: pl.DataFrame, lines: pl.DataFrame, needs: pl.DataFrame, vendor_items: pl.DataFrame,
                  causes: dict[tuple[str, str], str] | None = None) -> pl.DataFrame:
    """Which open documents to cancel because the need fell, with the reason; and those left alone.

    documents: idempotency_key, kind, status, vendor_id, buyer_changed, posted_at, platform_id.
    lines: idempotency_key, warehouse_code, sku, quantity. needs: warehouse_code, sku, need.
    vendor_items: vendor_id, sku, pack_quantity, min_order_quantity. causes: (warehouse, sku) -> what now
    requires it, in words. Returns idempotency_key, action (`cancel` or `left_alone`), reason.
    """
    causes = causes or {}
    docs = {d["idempotency_key"]: d for d in documents.iter_rows(named=True)}
    counted = [line for line in lines.iter_rows(named=True)
               if line["idempotency_key"] in docs and docs[line["idempotency_key"]]["status"] in COUNTED]
    need = {(n["warehouse_code"], n["sku"]): n["need"] for n in needs.iter_rows(named=True)}
    rounding = {(i["vendor_id"], i["sku"]): (i["pack_quantity"], i["min_order_quantity"])
                for i in vendor_items.iter_rows(named=True)}
    by_sku: dict[str, list[tuple[float, float]]] = {}
    for (_, item_sku), pack_and_minimum in rounding.items():
        by_sku.setdefault(item_sku, []).append(pack_and_minimum)

    def top_up_of(quantity: float, doc: dict, sku: str) -> float:
        """What a replacement would order: the draft's vendor's rounding; for a quote request (whose quantity
        was rounded for the best offer) the largest any vendor of the SKU could round to, so a replacement
        never comes out bigger and nothing is cancelled back and forth."""
        if quantity <= EPSILON:
            return 0.0
        options = ([rounding[(doc["vendor_id"], sku)]] if (doc["vendor_id"], sku) in rounding
                   else by_sku.get(sku) or [(1.0, 0.0)])
        return max(order_quantity(quantity, pack, minimum) for pack, minimum in options)
    newest_first = sorted(docs.values(), key=lambda d: (d["posted_at"], d["idempotency_key"]), reverse=True)
    cancelled: dict[str, str] = {}
    left_alone: dict[str, str] = {}
    for pair in sorted({(line["warehouse_code"], line["sku"]) for line in counted}):
        warehouse, sku = pair
        quantity = {line["idempotency_key"]: line["quantity"] for line in counted
                    if (line["warehouse_code"], line["sku"]) == pair and line["idempotency_key"] not in cancelled}
        open_now = sum(quantity.values())
        target = need.get(pair, 0.0)
        if open_now <= target + EPSILON:
            continue
        before = open_now
        for doc in newest_first:
            key = doc["idempotency_key"]
            if key not in quantity or quantity[key] <= 0 or key in cancelled:
                continue
            if doc["status"] != CANCELLABLE or doc["platform_id"] is None:
                continue   # pending: not on the platform yet (or dead-lettered); it is counted and waits
            after = open_now - quantity[key]
            top_up = top_up_of(target - after, doc, sku)
            if after + top_up >= open_now - EPSILON:
                continue   # cancelling and topping up again would not order less
            if doc["buyer_changed"]:
                left_alone.setdefault(key, f"need for {sku} at {warehouse} fell to {target:g} but a buyer changed "
                                           f"this document: left for the buyer")
                continue
            cause = causes.get(pair, "no current takeoff revision requires it")
            cancelled[key] = f"need for {sku} at {warehouse} fell to {target:g} (open {before:g}; {cause})"
            open_now = after
            if open_now <= target + EPSILON:
                break
    rows = [{"idempotency_key": k, "action": "cancel", "reason": r} for k, r in sorted(cancelled.items())]
    rows += [{"idempotency_key": k, "action": "left_alone", "reason": r} for k, r in sorted(left_alone.items())
             if k not in cancelled]
    return pl.DataFrame(rows, schema=DECISION_SCHEMA)
