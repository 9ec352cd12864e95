"""API records -> typed Polars frames shaped like the warehouse tables (and their contracts)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

import polars as pl

from sync_pipeline.contracts import CONVERSIONS, PRICE_BREAKS, UTC_TIMESTAMP


def parse_timestamps(column: str) -> pl.Expr:
    """ISO 8601 strings with Z or an offset -> UTC timestamps."""
    return pl.col(column).str.to_datetime(time_unit="us", time_zone="UTC", strict=True)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def products_frame(records: Iterable[dict[str, Any]], snapshot_id: int) -> pl.DataFrame:
    rows = [{
        "sku": r["sku"], "description": r["description"], "category": r.get("category"),
        "manufacturer": r.get("manufacturer"), "manufacturer_part_number": r.get("manufacturer_part_number"),
        "upc": r.get("upc"), "uom": r["uom"],
        "uom_conversions": [{"uom": c["uom"], "factor": float(c["factor"])} for c in r.get("uom_conversions") or []],
        "unit_cost": r.get("unit_cost"), "reorder_point": r.get("reorder_point"),
        "reorder_qty": r.get("reorder_qty"), "active": bool(r["active"]), "updated_at": r["updated_at"],
    } for r in records]
    schema = {"sku": pl.Utf8, "description": pl.Utf8, "category": pl.Utf8, "manufacturer": pl.Utf8,
              "manufacturer_part_number": pl.Utf8, "upc": pl.Utf8, "uom": pl.Utf8, "uom_conversions": CONVERSIONS,
              "unit_cost": pl.Utf8, "reorder_point": pl.Float64, "reorder_qty": pl.Float64, "active": pl.Boolean,
              "updated_at": pl.Utf8}
    return pl.DataFrame(rows, schema=schema).with_columns(
        unit_cost=pl.col("unit_cost").cast(pl.Decimal(18, 4)),
        updated_at=parse_timestamps("updated_at"),
        snapshot_id=pl.lit(snapshot_id, dtype=pl.Int64),
    )


def uom_codes_frame(records: Iterable[dict[str, Any]], snapshot_id: int) -> pl.DataFrame:
    return pl.DataFrame(
        [{"code": r["code"], "name": r["name"], "kind": r["kind"]} for r in records],
        schema={"code": pl.Utf8, "name": pl.Utf8, "kind": pl.Utf8},
    ).with_columns(snapshot_id=pl.lit(snapshot_id, dtype=pl.Int64))


def stock_frame(records: Iterable[dict[str, Any]], snapshot_id: int) -> pl.DataFrame:
    return pl.DataFrame(
        [{"sku": r["sku"], "warehouse_code": r["warehouse_code"], "on_hand": float(r["on_hand"]),
          "allocated": float(r["allocated"]), "on_order": float(r["on_order"]), "bin": r.get("bin")}
         for r in records],
        schema={"sku": pl.Utf8, "warehouse_code": pl.Utf8, "on_hand": pl.Float64, "allocated": pl.Float64,
                "on_order": pl.Float64, "bin": pl.Utf8},
    ).with_columns(snapshot_id=pl.lit(snapshot_id, dtype=pl.Int64))


def vendor_items_frame(items: Iterable[dict[str, Any]], vendors: Iterable[dict[str, Any]],
                       snapshot_id: int) -> pl.DataFrame:
    by_id = {v["vendor_id"]: v for v in vendors}
    rows = []
    for r in items:
        vendor = by_id.get(r["vendor_id"], {})
        rows.append({
            "vendor_id": r["vendor_id"], "vendor_name": vendor.get("name"), "vendor_active": vendor.get("active"),
            "quote_email": vendor.get("quote_email"), "sku": r["sku"],
            "vendor_part_number": r.get("vendor_part_number"), "unit_price": r["unit_price"],
            "price_breaks": [{"min_quantity": float(b["min_quantity"]), "unit_price": b["unit_price"]}
                             for b in r.get("price_breaks") or []],
            "pack_quantity": float(r.get("pack_quantity") or 1), "min_order_quantity":
                float(r.get("min_order_quantity") or 0), "lead_time_days": r.get("lead_time_days"),
            "preferred": bool(r.get("preferred", False)), "status": r["status"],
        })
    raw_breaks = pl.List(pl.Struct({"min_quantity": pl.Float64, "unit_price": pl.Utf8}))
    schema = {"vendor_id": pl.Utf8, "vendor_name": pl.Utf8, "vendor_active": pl.Boolean, "quote_email": pl.Utf8,
              "sku": pl.Utf8, "vendor_part_number": pl.Utf8, "unit_price": pl.Utf8, "price_breaks": raw_breaks,
              "pack_quantity": pl.Float64, "min_order_quantity": pl.Float64, "lead_time_days": pl.Int64,
              "preferred": pl.Boolean, "status": pl.Utf8}
    return pl.DataFrame(rows, schema=schema).with_columns(
        unit_price=pl.col("unit_price").cast(pl.Decimal(18, 4)),
        price_breaks=pl.col("price_breaks").cast(PRICE_BREAKS),
        snapshot_id=pl.lit(snapshot_id, dtype=pl.Int64),
    )


def utc_column(value: datetime, height: int) -> pl.Series:
    return pl.Series([value] * height, dtype=UTC_TIMESTAMP)
