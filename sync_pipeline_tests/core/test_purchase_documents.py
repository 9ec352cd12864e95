"""Counting rules for our purchase documents: every quantity counted exactly once (pure, on Polars frames)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import polars as pl
import pytest

from sync_pipeline.core import purchase_documents as pd
from sync_pipeline.core.purchasing import recommend
from sync_pipeline.core.rollups import project_rollups

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)


def docs(*rows: tuple) -> pl.DataFrame:
    """(key, kind, status, vendor, buyer_changed, minutes after T0, platform_id)."""
    return pl.DataFrame([{"idempotency_key": k, "kind": kind, "status": status, "vendor_id": vendor,
                          "buyer_changed": changed, "posted_at": T0 + timedelta(minutes=m), "platform_id": pid}
                         for k, kind, status, vendor, changed, m, pid in rows],
                        schema={"idempotency_key": pl.Utf8, "kind": pl.Utf8, "status": pl.Utf8, "vendor_id": pl.Utf8,
                                "buyer_changed": pl.Boolean, "posted_at": pl.Datetime("us", "UTC"),
                                "platform_id": pl.Utf8})


def lines(*rows: tuple) -> pl.DataFrame:
    """(key, warehouse, sku, quantity now, unit price, vendor)."""
    return pl.DataFrame([{"idempotency_key": k, "warehouse_code": w, "sku": s, "quantity": q, "unit_price": p,
                          "vendor_id": v} for k, w, s, q, p, v in rows],
                        schema={"idempotency_key": pl.Utf8, "warehouse_code": pl.Utf8, "sku": pl.Utf8,
                                "quantity": pl.Float64, "unit_price": pl.Utf8, "vendor_id": pl.Utf8})


@pytest.mark.parametrize("status, counted", [
    ("pending", 10.0),     # posted, not read back yet, or dead-lettered: counted until replayed or discarded
    ("open", 10.0),        # at its current quantity
    ("issued", 0.0),       # counted by the platform in on_order
    ("answered", 0.0),     # a quote request the buyer now acts on
    ("cancelled", 0.0),
    ("missing", 0.0),      # the platform no longer has it
    ("abandoned", 0.0),    # never reached the platform
])
def test_each_status_counts_once(status, counted):
    drafted = pd.counted_drafts(docs(("k", "draft", status, "V1", False, 0, "POD-1")),
                                lines(("k", "WH-A", "S1", 10.0, "1.00", "V1")))
    assert drafted["quantity"].sum() == counted


def test_current_quantities_count_and_documents_add_up_per_warehouse_and_sku():
    documents = docs(("a", "draft", "open", "V1", True, 0, "POD-1"), ("b", "quote_request", "open", None, False, 1,
                                                                       "QR-1"),
                     ("c", "draft", "issued", "V1", False, 2, "POD-2"), ("d", "draft", "open", "V2", False, 3, "POD-3"))
    drafted = pd.counted_drafts(documents, lines(
        ("a", "WH-A", "S1", 7.0, "1.00", "V1"),     # a buyer lowered 10 to 7: 7 counts
        ("b", "WH-A", "S1", 5.0, None, None), ("c", "WH-A", "S1", 100.0, "1.00", "V1"),
        ("d", "WH-B", "S1", 2.0, "1.00", "V2"), ("a", "WH-A", "S2", 0.0, "1.00", "V1")))
    assert drafted.sort("warehouse_code").to_dicts() == [
        {"sku": "S1", "warehouse_code": "WH-A", "quantity": 12.0}, {"sku": "S1", "warehouse_code": "WH-B",
                                                                    "quantity": 2.0}]


@pytest.mark.parametrize("kind, recorded, platform, found, dead_letter, expected", [
    ("draft", "pending", "open", True, None, "open"),             # died between POST and record: found by key
    ("draft", "pending", "open", True, "open", "open"),           # dead-lettered, but the POST got through
    ("draft", "pending", None, False, "open", "pending"),         # dead-lettered: counts until replay or discard
    ("draft", "pending", None, False, "discarded", "abandoned"),
    ("draft", "pending", None, False, None, "abandoned"),         # the POST never arrived
    ("draft", "open", "issued", True, None, "issued"),
    ("draft", "open", "cancelled", True, None, "cancelled"),
    ("draft", "open", None, False, None, "missing"),              # 404: no longer counted, left alone
    ("draft", "open", "on_hold", True, None, "open"),             # not in the contract: left as it was
    ("draft", "open", "answered", True, None, "open"),            # a quote request's status on a draft
    ("draft", "open", None, None, None, "open"),                  # not read this time
    ("quote_request", "open", "answered", True, None, "answered"),
    ("quote_request", "pending", None, False, "replayed", "abandoned"),
    ("draft", "issued", None, False, None, "issued"),             # final statuses stay
])
def test_reconciled_status(kind, recorded, platform, found, dead_letter, expected):
    status, reason = pd.reconciled_status(kind, recorded, platform, found=found, dead_letter=dead_letter)
    assert status == expected
    if platform == "on_hold":
        assert "does not list" in reason


VENDOR_ITEMS = pl.DataFrame({"vendor_id": ["V1", "V1"], "sku": ["S1", "S2"], "pack_quantity": [10.0, 1.0],
                             "min_order_quantity": [0.0, 50.0]})


def needs(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame([{"warehouse_code": w, "sku": s, "need": n} for w, s, n in rows],
                        schema={"warehouse_code": pl.Utf8, "sku": pl.Utf8, "need": pl.Float64})


@pytest.mark.parametrize("case, documents, document_lines, need, cancelled, left_alone", [
    ("need halves: the draft goes, a smaller one replaces it",
     [("a", "draft", "open", "V1", False, 0, "POD-1")], [("a", "WH-A", "S1", 100.0)], 50.0, ["a"], []),
    ("need unchanged", [("a", "draft", "open", "V1", False, 0, "POD-1")], [("a", "WH-A", "S1", 100.0)], 100.0, [], []),
    ("within pack rounding: keeping it orders no more than a top-up would",
     [("a", "draft", "open", "V1", False, 0, "POD-1")], [("a", "WH-A", "S1", 100.0)], 95.0, [], []),
    ("takeoff withdrawn: everything open goes",
     [("a", "draft", "open", "V1", False, 0, "POD-1"), ("b", "draft", "open", "V1", False, 1, "POD-2")],
     [("a", "WH-A", "S1", 60.0), ("b", "WH-A", "S1", 40.0)], 0.0, ["a", "b"], []),
    ("the newest goes first, the older one stays",
     [("a", "draft", "open", "V1", False, 0, "POD-1"), ("b", "draft", "open", "V1", False, 1, "POD-2")],
     [("a", "WH-A", "S1", 60.0), ("b", "WH-A", "S1", 40.0)], 60.0, ["b"], []),
    ("issued drafts are never touched: only the open one goes",
     [("a", "draft", "issued", "V1", False, 0, "POD-1"), ("b", "draft", "open", "V1", False, 1, "POD-2")],
     [("a", "WH-A", "S1", 60.0), ("b", "WH-A", "S1", 40.0)], 0.0, ["b"], []),
    ("a buyer changed it: left for the buyer",
     [("a", "draft", "open", "V1", True, 0, "POD-1")], [("a", "WH-A", "S1", 80.0)], 10.0, [], ["a"]),
    ("pending (dead-lettered) cannot be cancelled; it still counts",
     [("a", "draft", "pending", "V1", False, 0, None)], [("a", "WH-A", "S1", 80.0)], 10.0, [], []),
    ("a minimum order makes cancelling pointless",
     [("a", "draft", "open", "V1", False, 0, "POD-1")], [("a", "WH-A", "S2", 50.0)], 20.0, [], []),
    ("quote requests are cancelled too",
     [("q", "quote_request", "open", None, False, 0, "QR-1")], [("q", "WH-A", "S1", 30.0)], 20.0, ["q"], []),
    ("a quote request rounded to the best offer's packs is not cancelled back and forth",
     [("q", "quote_request", "open", None, False, 0, "QR-1")], [("q", "WH-A", "S1", 60.0)], 55.0, [], []),
])
def test_cancellations(case, documents, document_lines, need, cancelled, left_alone):
    sku = document_lines[0][2]
    decided = pd.cancellations(docs(*documents), lines(*[(*l, None, None) for l in document_lines]),
                               needs(("WH-A", sku, need)), VENDOR_ITEMS, {("WH-A", sku): "required now by TO-1@2"})
    assert sorted(decided.filter(pl.col("action") == "cancel")["idempotency_key"]) == cancelled, case
    assert sorted(decided.filter(pl.col("action") == "left_alone")["idempotency_key"]) == left_alone, case
    if cancelled:
        assert "required now by TO-1@2" in decided["reason"][0] and f"fell to {need:g}" in decided["reason"][0]


def test_after_cancelling_and_topping_up_nothing_more_is_cancelled():
    """No flip-flop: the replacement a top-up would post is itself never cancelled at the same need."""
    first = pd.cancellations(docs(("a", "draft", "open", "V1", False, 0, "POD-1")),
                             lines(("a", "WH-A", "S1", 100.0, None, None)), needs(("WH-A", "S1", 43.0)), VENDOR_ITEMS)
    assert list(first["idempotency_key"]) == ["a"]
    replacement = pd.cancellations(docs(("a", "draft", "cancelled", "V1", False, 0, "POD-1"),
                                        ("b", "draft", "open", "V1", False, 1, "POD-2")),
                                   lines(("a", "WH-A", "S1", 100.0, None, None), ("b", "WH-A", "S1", 50.0, None, None)),
                                   needs(("WH-A", "S1", 43.0)), VENDOR_ITEMS)
    assert replacement.height == 0


def test_keys_follow_identity_not_the_day():
    one = pd.document_identity("draft", "WH-A", "V1", ["P2", "P1"], ["mr:b", "mr:a"])
    assert one == pd.document_identity("draft", "WH-A", "V1", ["P1", "P2"], ["mr:a", "mr:b", "mr:a"])
    assert one != pd.document_identity("draft", "WH-A", "V1", ["P1", "P2"], ["mr:a", "mr:c"])   # a new revision
    assert pd.document_key("draft", "WH-A", "V1", one, 0) != pd.document_key("draft", "WH-A", "V1", one, 1)
    assert pd.document_key("quote_request", "WH-A", ["V2", "V1"], one, 0).startswith("quote_request:WH-A:V1+V2:")


def test_drafted_and_issued_count_once_in_rollups():
    """A buyer issued 40 of our 100: on_order has the 40, the 60 still open are drafted; nothing to buy."""
    requirements = pl.DataFrame({"takeoff_id": ["T1"], "revision": [1], "project_id": ["P1"], "sku": ["S1"],
                                 "quantity": [100.0], "uom": ["EA"]})
    warehouses = pl.DataFrame({"project_id": ["P1"], "warehouse_code": ["WH-A"]})
    stock = pl.DataFrame({"sku": ["S1"], "warehouse_code": ["WH-A"], "on_hand": [0.0], "allocated": [0.0],
                          "on_order": [40.0]})
    drafted = pd.counted_drafts(docs(("a", "draft", "issued", "V1", False, 0, "POD-1"),
                                     ("b", "draft", "open", "V1", False, 1, "POD-2")),
                                lines(("a", "WH-A", "S1", 40.0, "1", "V1"), ("b", "WH-A", "S1", 60.0, "1", "V1")))
    rollup = project_rollups(requirements, warehouses, stock, drafted)
    assert rollup["net_requirement"].to_list() == [0.0] and rollup["drafted"].to_list() == [60.0]
    need = pd.need_per_warehouse(project_rollups(requirements, warehouses, stock))
    assert need["need"].to_list() == [60.0]


def test_per_draft_threshold_counts_what_is_already_open():
    rollups = pl.DataFrame({"project_id": ["P1"], "warehouse_code": ["WH-A"], "sku": ["S1"], "uom": ["EA"],
                            "net_requirement": [100.0]})
    items = pl.DataFrame([{"vendor_id": v, "vendor_active": True, "sku": "S1", "vendor_part_number": None,
                           "unit_price": "10", "price_breaks": [], "pack_quantity": 1.0, "min_order_quantity": 0.0,
                           "lead_time_days": 3, "preferred": v == "V1", "status": "available"} for v in ("V1", "V2")])
    alone = recommend(rollups, items, today=T0.date())
    assert alone["kind"].to_list() == ["draft"]   # 1000 on its own is far below 25000
    open_totals = pd.open_draft_totals(
        docs(("a", "draft", "open", "V1", False, 0, "POD-1"), ("b", "draft", "issued", "V1", False, 0, "POD-2")),
        lines(("a", "WH-A", "S9", 2450.0, "10", "V1"), ("b", "WH-A", "S9", 9999.0, "10", "V1")))
    assert open_totals == {("V1", "WH-A"): Decimal("24500.00")}
    topped = recommend(rollups, items, today=T0.date(), open_totals=open_totals)
    assert topped["kind"].to_list() == ["quote_request"]
    assert "already open" in topped["rule"][0]


@pytest.mark.parametrize("issued_at, counted", [
    ("2026-01-05T09:00:00.000Z", 0.0),    # issued well before the stock was read: in its on_order
    ("2026-01-05T10:00:03.000Z", 40.0),   # issued while or after the stock was read: not in it yet
    ("2026-01-05T09:59:59.999Z", 0.0),    # just before
    (None, 0.0),
])
def test_a_draft_issued_after_the_stock_was_read_still_counts(issued_at, counted):
    documents = docs(("a", "draft", "issued", "V1", False, 0, "POD-1")).with_columns(
        platform_updated_at=pl.lit(issued_at, dtype=pl.Utf8))
    drafted = pd.counted_drafts(documents, lines(("a", "WH-A", "S1", 40.0, "1", "V1")),
                                stock_read_at=datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc))
    assert drafted["quantity"].sum() == counted
