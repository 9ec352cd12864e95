"""Vendor rules, one by one and together (table-driven)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from sync_pipeline.core.purchasing import PurchasingPolicy, order_quantity, recommend, unit_price_at

TODAY = date(2026, 11, 23)


def item(vendor, sku="A", price="1.00", status="available", preferred=False, pack=1.0, moq=0.0, lead=5,
         breaks=None, part=None):
    return {"vendor_id": vendor, "vendor_name": vendor, "vendor_active": True, "quote_email": None, "sku": sku,
            "vendor_part_number": part, "unit_price": Decimal(price),
            "price_breaks": [{"min_quantity": q, "unit_price": Decimal(p)} for q, p in (breaks or [])],
            "pack_quantity": pack, "min_order_quantity": moq, "lead_time_days": lead, "preferred": preferred,
            "status": status, "snapshot_id": 1}


def need(sku="A", net=100.0, project="P1", warehouse="WH-E"):
    return {"project_id": project, "warehouse_code": warehouse, "sku": sku, "uom": "EA", "net_requirement": net}


def run(needs, items, policy=PurchasingPolicy()):
    rollups = pl.DataFrame(needs, schema_overrides={"warehouse_code": pl.Utf8})
    return recommend(rollups, pl.DataFrame(items), today=TODAY, policy=policy).to_dicts()


@pytest.mark.parametrize("need_qty,pack,moq,expected", [
    (100, 1, 0, 100), (101, 25, 0, 125), (10, 1, 50, 50), (10, 25, 60, 75), (0.5, 1, 0, 1), (250, 250, 0, 250),
])
def test_order_quantity(need_qty, pack, moq, expected):
    assert order_quantity(need_qty, pack, moq) == expected


@pytest.mark.parametrize("qty,expected", [(10, "1.00"), (100, "0.90"), (499, "0.90"), (500, "0.80")])
def test_price_break_reached(qty, expected):
    assert unit_price_at(qty, Decimal("1.00"), [{"min_quantity": 100, "unit_price": "0.90"},
                                                {"min_quantity": 500, "unit_price": "0.80"}]) == Decimal(expected)


@pytest.mark.parametrize("items,vendor,rule_part", [
    ([item("V1", preferred=True, price="2.00"), item("V2", price="1.00")], "V1", "preferred vendor V1"),
    ([item("V1", preferred=True, status="backordered"), item("V2", price="1.50"), item("V3", price="1.20")],
     "V3", "preferred vendor V1 backordered; fell back to V3"),
    ([item("V1", preferred=True, status="discontinued"), item("V2")], "V2", "V1 discontinued"),
    ([item("V2", price="1.00", lead=9), item("V3", price="1.00", lead=2)], "V3", "no preferred vendor"),
])
def test_vendor_choice(items, vendor, rule_part):
    [row] = run([need()], items)
    assert (row["kind"], row["vendor_id"]) == ("draft", vendor)
    assert rule_part in row["rule"]


def test_needed_by_from_lead_time_and_total_from_break():
    [row] = run([need(net=90)], [item("V1", preferred=True, pack=25, lead=7, breaks=[(100, "0.50")])])
    assert row["order_quantity"] == 100
    assert row["unit_price"] == Decimal("0.50")
    assert row["line_total"] == Decimal("50.00")
    assert row["needed_by"] == date(2026, 11, 30)


def test_nothing_available_is_kept_as_unsourced():
    [row] = run([need()], [item("V1", preferred=True, status="backordered")])
    assert row["kind"] == "unsourced" and "V1 backordered" in row["rule"]


def test_backordered_preferred_with_pack_rounding_above_line_threshold_asks_for_quotes():
    items = [item("V1", preferred=True, status="backordered"), item("V2", price="10.00", pack=50),
             item("V3", price="11.00")]
    [row] = run([need(net=510)], items, PurchasingPolicy(quote_threshold_per_line=Decimal("5000")))
    assert row["kind"] == "quote_request"
    assert row["vendor_ids"] == ["V2", "V3"]          # only vendors that can deliver are asked
    assert row["order_quantity"] == 550               # V2's packs of 50
    assert "fell back to V2" in row["rule"] and "quote requested" in row["rule"]


def test_draft_total_threshold_turns_every_line_of_that_draft_into_quotes():
    items = [item("V1", sku=s, preferred=True, price="100.00") for s in "AB"] + \
            [item("V2", sku=s, price="120.00") for s in "AB"]
    rows = run([need(sku="A", net=30), need(sku="B", net=30)], items,
               PurchasingPolicy(quote_threshold_per_line=Decimal("5000"), quote_threshold_per_draft=Decimal("5000")))
    assert [r["kind"] for r in rows] == ["quote_request", "quote_request"]


def test_single_vendor_above_threshold_is_drafted_with_reason():
    [row] = run([need(net=100)], [item("V1", preferred=True, price="100.00")],
                PurchasingPolicy(quote_threshold_per_line=Decimal("10")))
    assert row["kind"] == "draft" and "only one vendor can quote" in row["rule"]


def test_one_draft_per_vendor_and_warehouse():
    items = [item("V1", sku=s, preferred=True) for s in "AB"]
    rows = run([need(sku="A"), need(sku="B"), need(sku="A", project="P2", warehouse="WH-W")], items)
    assert sorted({r["recommendation_id"] for r in rows}) == ["draft:WH-E:V1", "draft:WH-W:V1"]


def test_zero_net_is_not_bought():
    assert run([need(net=0.0)], [item("V1", preferred=True)]) == []
