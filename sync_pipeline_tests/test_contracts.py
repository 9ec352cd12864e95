"""Every asset contract accepts a well-formed frame and rejects each kind of bad one."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import polars as pl
import pytest

from sync_pipeline import contracts as c

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def ts(n: int = 1) -> pl.Series:
    return pl.Series([NOW] * n, dtype=c.UTC_TIMESTAMP)


GOOD = {
    c.RawTakeoffs: lambda: pl.DataFrame({
        "takeoff_id": ["TO-1"], "revision": [1], "project_id": ["PRJ-1"], "warehouse_code": ["WH-EAST"],
        "status": ["approved"], "name": ["L2 rough-in"], "approved_at": ts(), "updated_at": ts(),
        "payload": ["{}"], "payload_sha256": ["a" * 64], "fetched_at": ts()}),
    c.TakeoffLineItems: lambda: pl.DataFrame({
        "takeoff_id": ["TO-1", "TO-1"], "revision": [1, 1], "line_id": ["L1", "L2"], "line_number": [1, 2],
        "project_id": ["PRJ-1"] * 2, "area": [None, "L2"], "phase": [None, None], "description": ["1/2 EMT", ""],
        "description_key": ["emt 1/2", ""], "quantity_raw": ["100", "5"], "quantity": [100.0, 5.0],
        "uom_raw": ["LF", "ea"], "uom_code": ["FT", "EA"], "part_number": [None, None], "spec_ref": [None, None],
        "notes": [None, None], "line_status": ["ok", "quarantined"], "quarantine_reason": [None, "empty description"]},
        schema_overrides={"area": pl.Utf8, "phase": pl.Utf8, "part_number": pl.Utf8, "spec_ref": pl.Utf8,
                          "notes": pl.Utf8}),
    c.CatalogProducts: lambda: pl.DataFrame({
        "sku": ["EC-1"], "description": ["CONDUIT EMT 1/2 IN X 10 FT"], "category": ["Conduit"],
        "manufacturer": [None], "manufacturer_part_number": ["998485"], "upc": [None], "uom": ["FT"],
        "uom_conversions": [[{"uom": "STK", "factor": 10.0}]], "unit_cost": [Decimal("0.4")],
        "reorder_point": [500.0], "reorder_qty": [None], "active": [True], "updated_at": ts(), "snapshot_id": [1]},
        schema_overrides={"manufacturer": pl.Utf8, "upc": pl.Utf8, "uom_conversions": c.CONVERSIONS,
                          "unit_cost": pl.Decimal(18, 4), "reorder_qty": pl.Float64}),
    c.UomCodes: lambda: pl.DataFrame({"code": ["EA", "FT"], "name": ["Each", "Foot"], "kind": ["count", "length"],
                                      "snapshot_id": [1, 1]}),
    c.StockLevels: lambda: pl.DataFrame({
        "sku": ["EC-1"], "warehouse_code": ["WH-EAST"], "on_hand": [10.0], "allocated": [2.0], "on_order": [0.0],
        "bin": [None], "snapshot_id": [1]}, schema_overrides={"bin": pl.Utf8}),
    c.VendorItems: lambda: pl.DataFrame({
        "vendor_id": ["V-1"], "vendor_name": ["Graybar"], "vendor_active": [True], "quote_email": [None],
        "sku": ["EC-1"], "vendor_part_number": [None], "unit_price": [Decimal("0.5")],
        "price_breaks": [[{"min_quantity": 100.0, "unit_price": Decimal("0.45")}]], "pack_quantity": [10.0],
        "min_order_quantity": [0.0], "lead_time_days": [3], "preferred": [True], "status": ["available"],
        "snapshot_id": [1]},
        schema_overrides={"quote_email": pl.Utf8, "vendor_part_number": pl.Utf8, "unit_price": pl.Decimal(18, 4),
                          "price_breaks": c.PRICE_BREAKS}),
    c.MatchResults: lambda: pl.DataFrame({
        "takeoff_id": ["TO-1"], "revision": [1], "line_id": ["L1"], "project_id": ["PRJ-1"],
        "description": ["1/2 EMT"], "description_key": ["emt 1/2"], "status": ["matched"], "sku": ["EC-1"],
        "confidence": [0.97], "method": ["fuzzy"], "candidates": [["EC-1", "EC-2"]], "quantity": [10.0],
        "uom_code": ["STK"], "stock_uom": ["FT"], "stock_quantity": [100.0], "reason": ["clear best"],
        "annotations": ["see E-201"], "catalog_snapshot_id": [1], "matched_at": ts()}),
    c.MaterialRequirements: lambda: pl.DataFrame({
        "takeoff_id": ["TO-1"], "revision": [1], "project_id": ["PRJ-1"], "warehouse_code": ["WH-EAST"],
        "sku": ["EC-1"], "quantity": [100.0], "uom": ["FT"], "source_line_ids": [["L1"]],
        "requirement_id": ["MR-1"], "idempotency_key": ["mr:x"], "write_status": ["created"], "written_at": ts()}),
    c.ProjectRollups: lambda: pl.DataFrame({
        "project_id": ["PRJ-1"], "warehouse_code": ["WH-EAST"], "sku": ["EC-1"], "uom": ["FT"],
        "required_quantity": [100.0], "takeoff_count": [1], "on_hand": [10.0], "allocated": [0.0],
        "on_order": [0.0], "available": [10.0], "drafted": [0.0], "net_requirement": [90.0], "computed_at": ts()}),
    c.PoRecommendations: lambda: pl.DataFrame({
        "recommendation_id": ["draft:WH-EAST:V-1"], "kind": ["draft"], "project_id": ["PRJ-1"],
        "warehouse_code": ["WH-EAST"], "vendor_id": ["V-1"], "vendor_ids": [["V-1", "V-2"]], "sku": ["EC-1"],
        "vendor_part_number": [None], "net_requirement": [90.0], "order_quantity": [90.0], "uom": ["FT"],
        "unit_price": [Decimal("0.5")], "line_total": [Decimal("45")], "needed_by": [date(2026, 11, 26)],
        "rule": ["preferred vendor V-1"], "computed_at": ts()},
        schema_overrides={"vendor_part_number": pl.Utf8, "unit_price": pl.Decimal(18, 4),
                          "line_total": pl.Decimal(18, 2)}),
    c.PurchaseOrderWrites: lambda: pl.DataFrame({
        "idempotency_key": ["draft:x"], "recommendation_id": ["draft:WH-EAST:V-1"], "kind": ["draft"],
        "platform_id": ["POD-1"], "line_count": [1], "write_status": ["created"], "written_at": ts()}),
    c.PurchaseOrderLines: lambda: pl.DataFrame({
        "idempotency_key": ["draft:x"], "recommendation_id": ["draft:WH-EAST:V-1"], "kind": ["draft"],
        "project_id": ["PRJ-1"], "warehouse_code": ["WH-EAST"], "vendor_id": ["V-1"], "sku": ["EC-1"],
        "quantity": [90.0], "uom": ["FT"], "written_at": ts()}),
}

# (contract, what breaks, how) — each must be refused.
BAD = [
    (c.RawTakeoffs, "revision 0", lambda f: f.with_columns(revision=pl.lit(0, pl.Int64))),
    (c.RawTakeoffs, "unknown status", lambda f: f.with_columns(status=pl.lit("archived"))),
    (c.RawTakeoffs, "short hash", lambda f: f.with_columns(payload_sha256=pl.lit("abc"))),
    (c.RawTakeoffs, "same revision twice", lambda f: pl.concat([f, f])),
    (c.TakeoffLineItems, "quarantine without reason",
     lambda f: f.with_columns(quarantine_reason=pl.lit(None, pl.Utf8))),
    (c.TakeoffLineItems, "ok line with negative quantity", lambda f: f.with_columns(quantity=pl.lit(-1.0))),
    (c.TakeoffLineItems, "ok line without quantity", lambda f: f.with_columns(quantity=pl.lit(None, pl.Float64))),
    (c.TakeoffLineItems, "repeated line id", lambda f: f.with_columns(line_id=pl.lit("L1"))),
    (c.TakeoffLineItems, "stray column", lambda f: f.with_columns(extra=pl.lit(1))),
    (c.CatalogProducts, "duplicate sku", lambda f: pl.concat([f, f])),
    (c.CatalogProducts, "conversions as text", lambda f: f.with_columns(uom_conversions=pl.lit("STK:10"))),
    (c.UomCodes, "unknown kind", lambda f: f.with_columns(kind=pl.lit("speed"))),
    (c.StockLevels, "two rows for one sku and warehouse", lambda f: pl.concat([f, f])),
    (c.StockLevels, "missing column", lambda f: f.drop("on_order")),
    (c.VendorItems, "zero pack", lambda f: f.with_columns(pack_quantity=pl.lit(0.0))),
    (c.VendorItems, "unknown status", lambda f: f.with_columns(status=pl.lit("maybe"))),
    (c.MatchResults, "confidence above 1", lambda f: f.with_columns(confidence=pl.lit(1.5))),
    (c.MatchResults, "matched without sku", lambda f: f.with_columns(sku=pl.lit(None, pl.Utf8))),
    (c.MatchResults, "matched without stock quantity",
     lambda f: f.with_columns(stock_quantity=pl.lit(None, pl.Float64))),
    (c.MatchResults, "unknown method", lambda f: f.with_columns(method=pl.lit("guess"))),
    (c.MaterialRequirements, "zero quantity", lambda f: f.with_columns(quantity=pl.lit(0.0))),
    (c.MaterialRequirements, "sku twice in one document", lambda f: pl.concat([f, f])),
    (c.ProjectRollups, "negative net requirement", lambda f: f.with_columns(net_requirement=pl.lit(-5.0))),
    (c.PoRecommendations, "order below need", lambda f: f.with_columns(order_quantity=pl.lit(10.0))),
    (c.PoRecommendations, "quote request to one vendor",
     lambda f: f.with_columns(kind=pl.lit("quote_request"), vendor_ids=pl.lit(["V-1"]))),
    (c.PoRecommendations, "draft without vendor", lambda f: f.with_columns(vendor_id=pl.lit(None, pl.Utf8))),
    (c.PurchaseOrderWrites, "unknown kind", lambda f: f.with_columns(kind=pl.lit("order"))),
    (c.ProjectRollups, "negative drafted quantity", lambda f: f.with_columns(drafted=pl.lit(-1.0))),
    (c.PurchaseOrderLines, "same line twice in one document", lambda f: pl.concat([f, f])),
    (c.PurchaseOrderLines, "zero quantity", lambda f: f.with_columns(quantity=pl.lit(0.0))),
]


@pytest.mark.parametrize("model", list(GOOD), ids=lambda m: m.__name__)
def test_well_formed_frame_passes(model):
    frame = GOOD[model]()
    assert c.validated(frame, model).equals(frame)


def test_every_contract_has_a_rejection_case():
    assert {model for model, _, _ in BAD} == set(GOOD)


@pytest.mark.parametrize("model,what,breaks", BAD, ids=[f"{m.__name__}-{w}" for m, w, _ in BAD])
def test_bad_frame_is_rejected(model, what, breaks):
    with pytest.raises(c.ContractViolation, match=model.__name__):
        c.validated(breaks(GOOD[model]()), model)
