"""Line items as estimators typed them: parsed, keyed, and bad ones quarantined with a reason."""

from __future__ import annotations

import polars as pl
import pytest

from sync_pipeline.core.line_items import normalize_line_items, raw_line_frame


def normalized(*items: dict) -> pl.DataFrame:
    return normalize_line_items(raw_line_frame(list(items)), takeoff_id="TO-1", revision=2, project_id="PRJ-1")


def line(**fields) -> dict:
    return {"id": "L1", "description": "1/2 in EMT conduit", "quantity": 100, "uom": "LF", **fields}


@pytest.mark.parametrize("fields,reason", [
    ({"description": ""}, "empty description"),
    ({"description": "   "}, "empty description"),
    ({"description": None}, "empty description"),
    ({"quantity": -5}, "negative quantity -5"),
    ({"quantity": 0}, "zero quantity"),
    ({"quantity": "approx ten"}, "unparseable quantity 'approx ten'"),
    ({"quantity": None}, "missing quantity"),
    ({"uom": None}, "missing unit"),
    ({"uom": " "}, "missing unit"),
    ({"id": None}, "missing line id"),
    ({"description": "x" * 501}, "description longer than 500 characters"),
])
def test_bad_line_is_quarantined_with_its_reason(fields, reason):
    [row] = normalized(line(**fields)).to_dicts()
    assert row["line_status"] == "quarantined"
    assert reason in row["quarantine_reason"]


@pytest.mark.parametrize("raw,expected", [(100, 100.0), ("1,200", 1200.0), (" 12 ", 12.0), (2.5, 2.5)])
def test_quantities_as_typed(raw, expected):
    [row] = normalized(line(quantity=raw)).to_dicts()
    assert (row["line_status"], row["quantity"]) == ("ok", expected)


def test_one_bad_line_leaves_the_others_alone():
    frame = normalized(line(id="L1"), line(id="L2", quantity="lots"), line(id="L3", uom="sticks"))
    assert frame["line_status"].to_list() == ["ok", "quarantined", "ok"]
    assert frame["uom_code"].to_list() == ["FT", "FT", "STK"]
    assert frame["line_number"].to_list() == [1, 2, 3]


def test_unknown_unit_is_not_quarantined_but_has_no_code():
    [row] = normalized(line(uom="pallet")).to_dicts()
    assert (row["line_status"], row["uom_code"], row["uom_raw"]) == ("ok", None, "pallet")


def test_repeated_line_id_keeps_both_lines_distinct():
    frame = normalized(line(id="L1"), line(id="L1"))
    assert frame["line_id"].n_unique() == 2
    assert frame["line_status"].to_list() == ["ok", "quarantined"]


def test_wrong_json_types_do_not_crash():
    frame = normalized({"id": 7, "description": ["not", "text"], "quantity": {"n": 1}, "uom": 3}, "not an object")
    assert frame.height == 2
    assert (frame["line_status"] == "quarantined").all()


def test_same_meaning_same_mapping_key():
    keys = normalized(line(id="A", description='1/2" EMT conn'), line(id="B", description="1/2 in emt connector"))
    assert keys["description_key"][0] == keys["description_key"][1]
