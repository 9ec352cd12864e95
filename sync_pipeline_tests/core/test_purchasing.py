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


# Rules together: (case, needs, vendor items, policy, expected per row: kind, vendor, order quantity, unit price,
# words the rule must contain).
LOW = PurchasingPolicy(quote_threshold_per_line=Decimal("1000"), quote_threshold_per_draft=Decimal("1500"))
INTERPLAY = [
    ("backordered preferred, fallback packs, above line threshold",
     [need(net=95)], [item("V1", preferred=True, status="backordered"), item("V2", price="12.00", pack=20),
                      item("V3", price="12.50")], LOW,
     [("quote_request", None, 100, "12.00", ["V1 backordered", "fell back to V2", "packs of 20", "quote requested"])]),
    ("minimum order reaches a price break",
     [need(net=30)], [item("V1", preferred=True, moq=100, breaks=[(100, "0.80")])], PurchasingPolicy(),
     [("draft", "V1", 100, "0.80", ["minimum order 100", "price break 0.80 reached"])]),
    ("minimum order then packs, break not reached",
     [need(net=10)], [item("V1", preferred=True, moq=60, pack=25, breaks=[(100, "0.80")])], PurchasingPolicy(),
     [("draft", "V1", 75, "1.00", ["rounded to 75", "minimum order 60", "packs of 25"])]),
    ("discontinued preferred and inactive vendor: the only one left drafts above threshold",
     [need(net=200)], [item("V1", preferred=True, status="discontinued"),
                       item("V2", price="9.00") | {"vendor_active": False}, item("V3", price="10.00")], LOW,
     [("draft", "V3", 200, "10.00", ["V1 discontinued", "fell back to V3", "only one vendor can quote"])]),
    ("fallback chooses by price at the order quantity (break), not list price",
     [need(net=500)], [item("V1", preferred=True, status="backordered"), item("V2", price="1.00"),
                       item("V3", price="1.10", breaks=[(500, "0.90")])], PurchasingPolicy(),
     [("draft", "V3", 500, "0.90", ["fell back to V3"])]),
    ("several preferred: the cheapest of them",
     [need(net=10)], [item("V1", preferred=True, price="2.00"), item("V2", preferred=True, price="1.50"),
                      item("V3", price="0.50")], PurchasingPolicy(),
     [("draft", "V2", 10, "1.50", ["preferred vendor V2"])]),
    ("projects of one warehouse pooled: one pack rounding, break reached together",
     [need(net=60, project="P1"), need(net=60, project="P2")],
     [item("V1", preferred=True, pack=50, breaks=[(150, "0.70")])], PurchasingPolicy(),
     [("draft", "V1", 60, "0.70", ["rounded to 150"]), ("draft", "V1", 90, "0.70", ["packs of 50"])]),
    ("per-line quote leaves the rest of the draft below the draft threshold",
     [need(sku="A", net=150), need(sku="B", net=100)],
     [item("V1", sku="A", preferred=True, price="10.00"), item("V2", sku="A", price="11.00"),
      item("V1", sku="B", preferred=True, price="4.00"), item("V2", sku="B", price="5.00")], LOW,
     [("quote_request", None, 150, "10.00", ["line total 1500.00 above 1000"]),
      ("draft", "V1", 100, "4.00", ["preferred vendor V1"])]),
    ("no warehouse: unsourced even with vendors",
     [need(net=5, warehouse=None)], [item("V1", preferred=True)], PurchasingPolicy(),
     [("unsourced", None, 5, None, ["no supplying warehouse"])]),
    ("vendor without lead time: no needed-by, still drafted",
     [need(net=5)], [item("V1", preferred=True, lead=None)], PurchasingPolicy(),
     [("draft", "V1", 5, "1.00", ["preferred vendor V1"])]),
]


@pytest.mark.parametrize("needs,items,policy,expected", [c[1:] for c in INTERPLAY], ids=[c[0] for c in INTERPLAY])
def test_rules_together(needs, items, policy, expected):
    rows = run(needs, items, policy)
    assert len(rows) == len(expected)
    for row, (kind, vendor, quantity, price, words) in zip(rows, expected):
        assert (row["kind"], row["vendor_id"], row["order_quantity"]) == (kind, vendor, quantity)
        assert row["unit_price"] == (Decimal(price) if price else None)
        assert row["order_quantity"] >= row["net_requirement"]
        for word in words:
            assert word in row["rule"], (word, row["rule"])


def test_pooled_rows_are_one_document_line_with_one_price():
    rows = run([need(net=60, project="P1"), need(net=60, project="P2")],
               [item("V1", preferred=True, pack=50, breaks=[(150, "0.70")])])
    assert {r["recommendation_id"] for r in rows} == {"draft:WH-E:V1"}
    assert sum(r["order_quantity"] for r in rows) == 150
    assert sum(r["line_total"] for r in rows) == Decimal("105.00")


def test_needed_by_is_empty_without_lead_time():
    [row] = run([need(net=5)], [item("V1", preferred=True, lead=None)])
    assert row["needed_by"] is None


def test_pack_rounding_has_no_float_noise():
    assert order_quantity(0.25, 0.1, 0) == 0.3
