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


def test_same_text_same_mapping_key():
    keys = normalized(line(id="A", description='1/2" EMT Conn.'), line(id="B", description="emt conn 1/2"))
    assert keys["description_key"][0] == keys["description_key"][1] == "1/2 conn emt"


@pytest.mark.parametrize("fields,reason", [
    ({"description": "1/2 in EMT \ud83d"}, "description has control characters or broken UTF-8"),
    ({"description": "1/2 in EMT caf\ufffd"}, "description has control characters or broken UTF-8"),
    ({"description": "\x00EMT\x1b[31m"}, "description has control characters or broken UTF-8"),
    ({"uom": "L\x07F"}, "uom has control characters or broken UTF-8"),
    ({"description": {"text": "EMT"}}, "description is an object, expected text or a number"),
    ({"quantity": True}, "quantity is a boolean, expected text or a number"),
])
def test_damaged_text_and_wrong_types_are_quarantined_with_the_field_named(fields, reason):
    [row] = normalized(line(**fields)).to_dicts()
    assert row["line_status"] == "quarantined" and reason in row["quarantine_reason"]
    assert "\x00" not in row["description"] and "\x1b" not in row["description"]


def test_tabs_and_newlines_are_whitespace_and_damage_in_notes_is_only_cleaned():
    [row] = normalized(line(description="1/2 in\tEMT\nconduit", notes="see \x07 spec")).to_dicts()
    assert row["line_status"] == "ok" and row["notes"] == "see \ufffd spec"


def test_a_megabyte_description_is_quarantined_and_cut_for_storage():
    [row] = normalized(line(description="1/2 in EMT conduit " * 60_000)).to_dicts()
    assert row["line_status"] == "quarantined" and "description longer than 500 characters" in row["quarantine_reason"]
    assert len(row["description"]) < 1100 and row["description"].endswith("[cut from 1,140,000 characters]")


def test_a_line_that_is_not_an_object_says_so_and_a_long_quantity_is_quoted_short():
    frame = normalized("just text", line(quantity="abc" * 100_000))
    assert frame["quarantine_reason"][0].startswith("line is a string, not an object")
    assert frame["quarantine_reason"][1] == f"unparseable quantity '{'abc' * 13}a…'"
