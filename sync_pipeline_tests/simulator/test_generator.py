"""The generated data: repeatable from a seed, and realistic enough to exercise the pipeline."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from sync_pipeline.simulator.catalog import TRADES, UOM_CODES, catalog_items
from sync_pipeline.simulator.estimators import size_variants
from sync_pipeline.simulator.generator import SimulatorData, generate
from sync_pipeline_tests.simulator.conftest import seeded_data


def test_same_seed_gives_same_data_and_another_seed_differs(data: SimulatorData) -> None:
    again = generate(7)
    assert again.products == data.products
    assert again.vendor_items == data.vendor_items
    assert again.stock == data.stock
    assert again.takeoffs == data.takeoffs
    assert again.webhook_deliveries == data.webhook_deliveries
    other = seeded_data(8)
    assert other.products != data.products
    assert other.takeoffs != data.takeoffs
    # The catalog's content is the product line, not random: the same descriptions, new SKUs and part numbers.
    assert sorted(p["description"] for p in other.products) == sorted(p["description"] for p in data.products)


def test_catalog_is_large_covers_three_trades_and_has_conversions(data: SimulatorData) -> None:
    assert 3000 <= len(data.products) <= 4000
    assert len({p["sku"] for p in data.products}) == len(data.products)
    assert len({p["description"] for p in data.products}) == len(data.products)
    prefixes = Counter(p["sku"].split("-")[0] for p in data.products)
    assert {"EC", "EF", "EW", "ED", "EB", "PP", "PF", "PV", "DW", "FR", "FA", "AN"} <= set(prefixes)
    assert Counter(item.trade for item in catalog_items()).keys() == set(TRADES)
    assert all(re.fullmatch(r"[A-Z]{2}-1\d{4}", p["sku"]) for p in data.products)

    codes = {code for code, _, _ in UOM_CODES}
    conversions = Counter(c["uom"] for p in data.products for c in p["uom_conversions"])
    assert {"STK", "BX", "C", "M", "SPL", "SF", "COIL"} <= set(conversions)
    assert all(p["uom"] in codes and {c["uom"] for c in p["uom_conversions"]} <= codes for p in data.products)

    by_description = {p["description"]: p for p in data.products}
    emt = by_description["CONDUIT EMT 1/2 IN X 10 FT"]
    assert emt["uom"] == "FT" and {"uom": "STK", "factor": 10} in emt["uom_conversions"]
    assert by_description["COUPLING EMT SET SCREW STEEL 1/2 IN"]["uom_conversions"] == [{"uom": "BX", "factor": 25}]
    board = by_description["GYPSUM BOARD 5/8 IN TYPE X 4X8 FT"]
    assert board["uom"] == "EA" and {"uom": "SF", "factor": 0.03125} in board["uom_conversions"]

    inactive = [p for p in data.products if not p["active"]]
    assert 0 < len(inactive) < len(data.products) * 0.05
    part_numbers = [p["manufacturer_part_number"] for p in data.products if p["manufacturer_part_number"]]
    assert len(set(part_numbers)) == len(part_numbers)
    assert any(re.fullmatch(r"\d{6}", n) for n in part_numbers)
    assert any(re.fullmatch(r"[A-Z]{2,3}-\d+", n) for n in part_numbers)
    assert any(re.fullmatch(r"[A-Z]{3}\d{4}[A-Z]", n) for n in part_numbers)


def test_every_phrase_template_names_only_known_size_slots() -> None:
    for item in catalog_items():
        for phrase in item.phrases:
            for slot in re.findall(r"\{([^{}]*)\}", phrase):
                assert "|" in slot or slot in dict(item.sizes), (item.description, phrase)
    assert set(size_variants("1-1/4")) >= {"1-1/4", "1 1/4", "1.25", '1-1/4"', "1.25in"}
    assert {".5", "0.5", '1/2"'} <= set(size_variants("1/2"))


def test_vendors_sell_every_sku_with_exactly_one_preferred(data: SimulatorData) -> None:
    assert 10 <= len(data.vendors) <= 15
    assert any(v["quote_email"] for v in data.vendors) and any(not v["quote_email"] for v in data.vendors)
    items_by_sku = defaultdict(list)
    for item in data.vendor_items:
        items_by_sku[item["sku"]].append(item)
    assert set(items_by_sku) == {p["sku"] for p in data.products}
    for sku, items in items_by_sku.items():
        assert 2 <= len(items) <= 5, sku
        assert sum(item["preferred"] for item in items) == 1, sku
    statuses = Counter(item["status"] for item in data.vendor_items)
    assert statuses["available"] > 0.7 * len(data.vendor_items)
    assert statuses["backordered"] > 0 and statuses["discontinued"] > 0
    assert any(item["price_breaks"] for item in data.vendor_items)
    assert any(item["pack_quantity"] > 1 for item in data.vendor_items)


def test_stock_is_spread_over_three_warehouses(data: SimulatorData) -> None:
    warehouses_by_sku = defaultdict(set)
    for row in data.stock:
        warehouses_by_sku[row["sku"]].add(row["warehouse_code"])
        assert 0 <= row["allocated"] <= row["on_hand"] and row["on_order"] >= 0
    assert {w for ws in warehouses_by_sku.values() for w in ws} == {"WH-EAST", "WH-WEST", "WH-CENTRAL"}
    assert len(warehouses_by_sku) > 0.8 * len(data.products)
    assert sum(len(ws) > 1 for ws in warehouses_by_sku.values()) > 0.6 * len(warehouses_by_sku)


def test_takeoffs_cover_every_status_and_revisions_replace_lines(data: SimulatorData) -> None:
    statuses = Counter((t["status"], t["revision"]) for t in data.takeoffs)
    assert sum(n for (status, _), n in statuses.items() if status == "approved") >= 25
    assert statuses[("approved", 2)] >= 5 and statuses[("superseded", 1)] == statuses[("approved", 2)]
    assert all(statuses[(status, 1)] > 0 for status in ("draft", "submitted", "rejected"))
    revisions = defaultdict(dict)
    for takeoff in data.takeoffs:
        revisions[takeoff["id"]][takeoff["revision"]] = takeoff
        assert 20 <= len(takeoff["line_items"]) <= 90
        assert (takeoff["approved_at"] is None) == (takeoff["status"] in ("draft", "submitted", "rejected"))
    for takeoff_id, by_number in revisions.items():
        if 2 in by_number:
            first, second = by_number[1], by_number[2]
            assert first["updated_at"] >= first["approved_at"] and second["approved_at"] >= first["approved_at"]
            assert [li["id"] for li in first["line_items"]] != [li["id"] for li in second["line_items"]]
    assert max(Counter(t["updated_at"] for t in data.takeoffs).values()) >= 2, "some takeoffs share an updated_at"
    assert {p["id"] for p in data.projects} >= {t["project_id"] for t in data.takeoffs}
    assert all(re.fullmatch(r"PRJ-\d{4}", p["id"]) for p in data.projects) and len(data.projects) == 8


def test_line_items_read_like_estimators_wrote_them(data: SimulatorData) -> None:
    lines = [line for takeoff in data.takeoffs for line in takeoff["line_items"]]
    line_ids_by_takeoff = defaultdict(set)
    for takeoff in data.takeoffs:
        ids = [line["id"] for line in takeoff["line_items"]]
        assert len(set(ids)) == len(ids)
        line_ids_by_takeoff[takeoff["id"]].update(ids)
    assert sum(map(len, line_ids_by_takeoff.values())) == len(set().union(*line_ids_by_takeoff.values()))
    units = Counter(line["uom"] for line in lines)
    assert {"ea", "each", "LF", "lin ft", "sticks", "box"} <= set(units)
    assert units[None] > 0, "some lines have no unit"
    quantities = [line["quantity"] for line in lines]
    assert any(isinstance(q, str) and re.fullmatch(r"\d{1,3}(,\d{3})+", q) for q in quantities)
    assert any(isinstance(q, (int, float)) and q < 0 for q in quantities)
    assert any(isinstance(q, str) and not re.fullmatch(r"[\d,.]+", q) for q in quantities)
    assert any(not line["description"].strip() for line in lines)
    descriptions = " ".join(line["description"].lower() for line in lines)
    for word in ("cplg", "conn", "comp", "recep", '"', "typ", "f&i", "per spec"):
        assert word in descriptions, word
    assert sum(line["part_number"] is not None for line in lines) > 0.05 * len(lines)
    assert sum(line["spec_ref"] is not None for line in lines) > 0.1 * len(lines)
    catalog_descriptions = {p["description"].lower() for p in data.products}
    assert sum(line["description"].lower() in catalog_descriptions for line in lines) < 0.05 * len(lines)
