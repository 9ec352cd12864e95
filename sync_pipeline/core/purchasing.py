"""Net requirements -> purchase-order drafts and quote requests, by the vendor rules.

The projects a warehouse supplies are bought for together: their needs of one SKU are pooled
into one order line, so pack rounding, minimum order quantities and price breaks apply to
what is actually ordered, not to each project's share. Rules, in order, each named in the
`rule` column so a buyer can see why:
1. the preferred vendor when it is available (the cheapest at the order quantity if several
   are preferred); otherwise the next available vendor (lowest unit price at the order
   quantity, then shortest lead time, then vendor id);
2. the quantity is raised to the minimum order quantity, then up to whole packs;
3. the unit price is the best price break the quantity reaches;
4. needed-by is today plus the vendor's lead time;
5. lines are grouped into one draft per vendor and warehouse; a line above the per-line spend
   threshold goes out as a quote request to every available vendor of the SKU (two or more)
   instead; then, if what is left of a draft is above the per-draft threshold, its lines go
   out as quote requests too (what is already open with that vendor for that warehouse counts
   towards the per-draft threshold: it applies to everything the vendor is asked for, not to each top-up);
6. no available vendor, or no warehouse to deliver to: the line is kept as `unsourced`
   for a buyer to handle, never dropped.
What we already drafted or asked quotes for is not here: rollups count it as supply
(see purchase_documents for what counts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

import polars as pl

SCHEMA = {"recommendation_id": pl.Utf8, "kind": pl.Utf8, "project_id": pl.Utf8, "warehouse_code": pl.Utf8,
          "vendor_id": pl.Utf8, "vendor_ids": pl.List(pl.Utf8), "sku": pl.Utf8, "vendor_part_number": pl.Utf8,
          "net_requirement": pl.Float64, "order_quantity": pl.Float64, "uom": pl.Utf8,
          "unit_price": pl.Decimal(18, 4), "line_total": pl.Decimal(18, 2), "needed_by": pl.Date, "rule": pl.Utf8}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class PurchasingPolicy:
    quote_threshold_per_line: Decimal = Decimal("5000")
    quote_threshold_per_draft: Decimal = Decimal("25000")


def order_quantity(need: float, pack: float, minimum: float) -> float:
    """At least the need and the vendor's minimum, in whole packs."""
    wanted = max(need, minimum or 0.0)
    pack = pack if pack and pack > 0 else 1.0
    return round(math.ceil(wanted / pack - 1e-9) * pack, 6)


def unit_price_at(quantity: float, base: Decimal, breaks: list[dict] | None) -> Decimal:
    reached = [Decimal(str(b["unit_price"])) for b in (breaks or []) if b["min_quantity"] <= quantity + 1e-9]
    return min([Decimal(str(base)), *reached])


def _offer(need: float, item: dict, today: date) -> dict:
    quantity = order_quantity(need, item["pack_quantity"], item["min_order_quantity"])
    price = unit_price_at(quantity, item["unit_price"], item["price_breaks"])
    lead = item["lead_time_days"]
    return {
        "vendor_id": item["vendor_id"], "vendor_part_number": item["vendor_part_number"],
        "order_quantity": quantity, "unit_price": price,
        "line_total": (price * Decimal(str(quantity))).quantize(CENT, ROUND_HALF_UP),
        "needed_by": today + timedelta(days=lead) if lead is not None else None,
        "lead": lead if lead is not None else 10**6,
    }


def _cheapest(offers: list[dict]) -> dict:
    return min(offers, key=lambda o: (o["unit_price"], o["lead"], o["vendor_id"]))


def _unavailable(item: dict) -> str:
    return "inactive" if item.get("vendor_active") is False else item["status"]


def choose_vendor(need: float, items: list[dict], today: date) -> tuple[dict | None, list[str], str]:
    """The offer to draft, the vendors able to quote, and the rule that decided."""
    available = [i for i in items if i["status"] == "available" and i.get("vendor_active") is not False]
    quoters = sorted(i["vendor_id"] for i in available)
    if not available:
        states = ", ".join(sorted(f"{i['vendor_id']} {_unavailable(i)}" for i in items)) or "no vendor sells it"
        return None, quoters, f"unsourced: no available vendor ({states})"
    preferred = [_offer(need, i, today) for i in available if i["preferred"]]
    if preferred:
        best = _cheapest(preferred)
        return best, quoters, f"preferred vendor {best['vendor_id']}"
    best = _cheapest([_offer(need, i, today) for i in available])
    fallen = [f"{i['vendor_id']} {_unavailable(i)}" for i in items if i["preferred"]]
    why = f"preferred vendor {fallen[0]}" if fallen else "no preferred vendor"
    return best, quoters, f"{why}; fell back to {best['vendor_id']} (lowest price available)"


def _quantity_rule(total: float, offer: dict, item: dict) -> str:
    """The quantity rules that changed the order, in words ('' when it is exactly the need)."""
    if offer["order_quantity"] <= total + 1e-9:
        return ""
    minimum, pack = item["min_order_quantity"] or 0.0, item["pack_quantity"]
    parts = [f"minimum order {minimum:g}"] if minimum > total else []
    if pack and pack > 1 and offer["order_quantity"] > max(total, minimum) + 1e-9:
        parts.append(f"packs of {pack:g}")
    return f"; {total:g} rounded to {offer['order_quantity']:g} ({', '.join(parts)})"


def _order_line(warehouse: str | None, sku: str, needs: list[dict], items: list[dict], today: date) -> dict:
    """One order line for a warehouse and SKU, covering the needs of the projects it supplies."""
    total = round(sum(n["net_requirement"] for n in needs), 6)
    offer, quoters, rule = choose_vendor(total, items, today)
    if warehouse is None:
        offer, rule = None, "unsourced: the project has no supplying warehouse in the PM system"
    kind = "unsourced" if offer is None else "draft"
    if offer is not None:
        item = next(i for i in items if i["vendor_id"] == offer["vendor_id"])
        rule += _quantity_rule(total, offer, item)
        if offer["unit_price"] < Decimal(str(item["unit_price"])):
            rule += f"; price break {offer['unit_price']} reached"
    return {"warehouse_code": warehouse, "sku": sku, "needs": needs, "total": total, "offer": offer,
            "vendor_ids": quoters, "kind": kind, "rule": rule}


def _apply_quote_thresholds(lines: list[dict], policy: PurchasingPolicy,
                            open_totals: dict[tuple[str, str], Decimal] | None = None) -> None:
    """Per line first; then per draft, over the lines still drafted plus what is already open with that vendor
    for that warehouse (open_totals, by vendor and warehouse)."""
    open_totals = open_totals or {}
    def to_quote(line: dict, threshold: str) -> None:
        if len(line["vendor_ids"]) >= 2:
            line.update(kind="quote_request", rule=f"{line['rule']}; {threshold}: quote requested")
        elif not line.get("noted"):
            line.update(noted=True, rule=f"{line['rule']}; {threshold}, but only one vendor can quote: drafted")

    drafts = [line for line in lines if line["kind"] == "draft"]
    for line in drafts:
        if line["offer"]["line_total"] > policy.quote_threshold_per_line:
            to_quote(line, f"line total {line['offer']['line_total']} above {policy.quote_threshold_per_line}")
    totals: dict[tuple[str, str], Decimal] = {}
    for line in lines:
        if line["kind"] == "draft":
            key = (line["offer"]["vendor_id"], line["warehouse_code"])
            totals[key] = totals.get(key, Decimal(0)) + line["offer"]["line_total"]
    for line in lines:
        if line["kind"] == "draft":
            vendor = line["offer"]["vendor_id"]
            already = open_totals.get((vendor, line["warehouse_code"]), Decimal(0))
            if totals[(vendor, line["warehouse_code"])] + already > policy.quote_threshold_per_draft:
                with_open = f" with {already} already open" if already else ""
                to_quote(line, f"draft total for {vendor}{with_open} above {policy.quote_threshold_per_draft}")


def _rows(line: dict) -> list[dict]:
    """The line split back into one row per project; pack and minimum surplus goes to the last project."""
    offer, kind = line["offer"], line["kind"]
    group = offer["vendor_id"] if kind == "draft" else "+".join(line["vendor_ids"]) or "none"
    surplus = offer["order_quantity"] - line["total"] if offer else 0.0
    rows = []
    for position, need in enumerate(line["needs"], start=1):
        quantity = round(need["net_requirement"] + (surplus if position == len(line["needs"]) else 0.0), 6)
        price = offer["unit_price"] if offer else None
        rows.append({
            "recommendation_id": f"{kind}:{line['warehouse_code']}:{group}", "kind": kind,
            "project_id": need["project_id"], "warehouse_code": line["warehouse_code"],
            "vendor_id": offer["vendor_id"] if kind == "draft" else None, "vendor_ids": line["vendor_ids"],
            "sku": line["sku"], "vendor_part_number": offer["vendor_part_number"] if offer else None,
            "net_requirement": need["net_requirement"], "order_quantity": quantity, "uom": need["uom"],
            "unit_price": price,
            "line_total": (price * Decimal(str(quantity))).quantize(CENT, ROUND_HALF_UP) if offer else None,
            "needed_by": offer["needed_by"] if offer else None, "rule": line["rule"],
        })
    return rows


def recommend(rollups: pl.DataFrame, vendor_items: pl.DataFrame, *, today: date,
              policy: PurchasingPolicy = PurchasingPolicy(),
              open_totals: dict[tuple[str, str], Decimal] | None = None) -> pl.DataFrame:
    """rollups: project_id, warehouse_code, sku, uom, net_requirement. vendor_items as in the warehouse.
    open_totals: per (vendor, warehouse), the value of our drafts still open there; the per-draft threshold
    applies to it plus the new lines.

    One row per project and SKU to buy (columns as SCHEMA)."""
    by_sku: dict[str, list[dict]] = {}
    for item in vendor_items.sort("vendor_id").iter_rows(named=True):
        by_sku.setdefault(item["sku"], []).append(item)
    needs = rollups.filter(pl.col("net_requirement") > 0).sort("warehouse_code", "sku", "project_id",
                                                               nulls_last=True).iter_rows(named=True)
    lines = []
    for (warehouse, sku), group in groupby(needs, key=lambda n: (n["warehouse_code"], n["sku"])):
        group = list(group)
        # Without a warehouse there is nothing to pool: each project's need stays on its own.
        for pooled in ([group] if warehouse is not None else [[n] for n in group]):
            lines.append(_order_line(warehouse, sku, pooled, by_sku.get(sku, []), today))
    _apply_quote_thresholds(lines, policy, open_totals)
    rows = sorted((row for line in lines for row in _rows(line)),
                  key=lambda r: (r["warehouse_code"] is None, r["warehouse_code"] or "", r["project_id"], r["sku"]))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
