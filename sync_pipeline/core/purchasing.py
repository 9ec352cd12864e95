"""Net requirements -> purchase-order drafts and quote requests, by the vendor rules.

Rules, in order, each named in the `rule` column so a buyer can see why:
1. the preferred vendor when it is available; otherwise the next available vendor
   (lowest price at the order quantity, then shortest lead time, then vendor id);
2. the quantity is raised to the minimum order quantity, then up to whole packs;
3. the unit price is the best price break the quantity reaches;
4. needed-by is today plus the vendor's lead time;
5. lines are grouped into one draft per vendor and warehouse; a line above the per-line
   spend threshold, or every line of a draft above the per-draft threshold, goes out as a
   quote request to every available vendor of the SKU (two or more), instead of a draft;
6. no available vendor, or no warehouse to deliver to: the line is kept as `unsourced`
   for a buyer to handle, never dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

OUTPUT_COLUMNS = ("recommendation_id", "kind", "project_id", "warehouse_code", "vendor_id", "vendor_ids", "sku",
                  "vendor_part_number", "net_requirement", "order_quantity", "uom", "unit_price", "line_total",
                  "needed_by", "rule")


@dataclass(frozen=True)
class PurchasingPolicy:
    quote_threshold_per_line: Decimal = Decimal("5000")
    quote_threshold_per_draft: Decimal = Decimal("25000")


def order_quantity(need: float, pack: float, minimum: float) -> float:
    """At least the need and the vendor's minimum, in whole packs."""
    wanted = max(need, minimum or 0.0)
    pack = pack if pack and pack > 0 else 1.0
    return math.ceil(wanted / pack - 1e-9) * pack


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
        "line_total": (price * Decimal(str(quantity))).quantize(Decimal("0.01"), ROUND_HALF_UP),
        "needed_by": today + timedelta(days=lead) if lead is not None else None,
        "lead": lead if lead is not None else 10**6,
    }


def choose_vendor(need: float, items: list[dict], today: date) -> tuple[dict | None, list[str], str]:
    """The offer to draft, the vendors able to quote, and the rule that decided."""
    available = [i for i in items if i["status"] == "available" and i.get("vendor_active", True) is not False]
    quoters = sorted(i["vendor_id"] for i in available)
    if not available:
        states = ", ".join(sorted(f"{i['vendor_id']} {i['status']}" for i in items)) or "no vendor sells it"
        return None, quoters, f"unsourced: no available vendor ({states})"
    offers = [_offer(need, i, today) for i in available]
    preferred = [o for o, i in zip(offers, available) if i["preferred"]]
    if preferred:
        return preferred[0], quoters, f"preferred vendor {preferred[0]['vendor_id']}"
    best = min(offers, key=lambda o: (o["unit_price"], o["lead"], o["vendor_id"]))
    fallen = [f"{i['vendor_id']} {i['status']}" for i in items if i["preferred"]]
    why = f"preferred vendor {fallen[0]}" if fallen else "no preferred vendor"
    return best, quoters, f"{why}; fell back to {best['vendor_id']} (lowest price available)"


def recommend(rollups: pl.DataFrame, vendor_items: pl.DataFrame, *, today: date,
              policy: PurchasingPolicy = PurchasingPolicy()) -> pl.DataFrame:
    """rollups: project_id, warehouse_code, sku, uom, net_requirement. vendor_items as in the warehouse."""
    by_sku: dict[str, list[dict]] = {}
    for item in vendor_items.sort("vendor_id").iter_rows(named=True):
        by_sku.setdefault(item["sku"], []).append(item)
    rows = []
    for need in rollups.filter(pl.col("net_requirement") > 0).sort("warehouse_code", "project_id", "sku") \
            .iter_rows(named=True):
        offer, quoters, rule = choose_vendor(need["net_requirement"], by_sku.get(need["sku"], []), today)
        if need["warehouse_code"] is None:
            offer, rule = None, "unsourced: the project has no supplying warehouse in the PM system"
        base = {"project_id": need["project_id"], "warehouse_code": need["warehouse_code"], "sku": need["sku"],
                "uom": need["uom"], "net_requirement": need["net_requirement"]}
        if offer is None:
            rows.append({**base, "kind": "unsourced", "vendor_id": None, "vendor_ids": quoters,
                         "vendor_part_number": None, "order_quantity": need["net_requirement"],
                         "unit_price": None, "line_total": None, "needed_by": None, "rule": rule})
            continue
        rows.append({**base, "kind": "draft", "vendor_id": offer["vendor_id"], "vendor_ids": quoters,
                     **{k: offer[k] for k in ("vendor_part_number", "order_quantity", "unit_price", "line_total",
                                              "needed_by")}, "rule": rule})
    return _apply_quote_thresholds(rows, policy)


def _apply_quote_thresholds(rows: list[dict], policy: PurchasingPolicy) -> pl.DataFrame:
    draft_totals: dict[tuple[str, str], Decimal] = {}
    for row in rows:
        if row["kind"] == "draft":
            key = (row["vendor_id"], row["warehouse_code"])
            draft_totals[key] = draft_totals.get(key, Decimal(0)) + row["line_total"]
    for row in rows:
        if row["kind"] != "draft":
            continue
        over_line = row["line_total"] > policy.quote_threshold_per_line
        over_draft = draft_totals[(row["vendor_id"], row["warehouse_code"])] > policy.quote_threshold_per_draft
        if not (over_line or over_draft):
            continue
        threshold = (f"line total {row['line_total']} above {policy.quote_threshold_per_line}" if over_line else
                     f"draft total for {row['vendor_id']} above {policy.quote_threshold_per_draft}")
        if len(row["vendor_ids"]) >= 2:
            row.update(kind="quote_request", vendor_id=None, rule=f"{row['rule']}; {threshold}: quote requested")
        else:
            row["rule"] += f"; {threshold}, but only one vendor can quote: drafted"
    for row in rows:
        group = row["vendor_id"] if row["kind"] == "draft" else "+".join(row["vendor_ids"]) or "none"
        row["recommendation_id"] = f"{row['kind']}:{row['warehouse_code']}:{group}"
    schema = {"recommendation_id": pl.Utf8, "kind": pl.Utf8, "project_id": pl.Utf8, "warehouse_code": pl.Utf8,
              "vendor_id": pl.Utf8, "vendor_ids": pl.List(pl.Utf8), "sku": pl.Utf8, "vendor_part_number": pl.Utf8,
              "net_requirement": pl.Float64, "order_quantity": pl.Float64, "uom": pl.Utf8,
              "unit_price": pl.Decimal(18, 4), "line_total": pl.Decimal(18, 2), "needed_by": pl.Date,
              "rule": pl.Utf8}
    return pl.DataFrame([{c: r[c] for c in OUTPUT_COLUMNS} for r in rows], schema=schema, orient="row")
