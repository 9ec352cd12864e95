import polars as pl
import pytest

from sync_pipeline.core.catalog_index import build_catalog_index
from sync_pipeline.core.learning import learn_from_decisions
from sync_pipeline.core.matching import match_lines

CATALOG = pl.DataFrame({
    "sku": ["F-1", "F-2", "G-1"],
    "description": ["FLANGE CLOSET PVC 4 IN", "FLANGE CLOSET PVC 3 IN", "GROMMET RUBBER 1/2 IN"],
    "category": [None] * 3, "manufacturer": ["Oatey"] * 3, "manufacturer_part_number": [None] * 3,
    "uom": ["EA", "EA", "EA"],
    "uom_conversions": [[{"uom": "BDL", "factor": 10.0}], [], []], "active": [True] * 3,
}, schema_overrides={"category": pl.Utf8, "manufacturer_part_number": pl.Utf8})
INDEX = build_catalog_index(CATALOG)


def learned(rows: list[tuple[str, str]], uom: str | None = None) -> set[tuple[str, str, str]]:
    decisions = pl.DataFrame({"description": [r[0] for r in rows], "sku": [r[1] for r in rows],
                              "uom": [uom] * len(rows)}, schema_overrides={"sku": pl.Utf8, "uom": pl.Utf8})
    entries = learn_from_decisions(INDEX, decisions)
    return {(r["kind"], r["term"], r["canonical"]) for r in entries.iter_rows(named=True)}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("4 in cl fl pvc", "F-1")], {("word", "cl", "closet"), ("word", "fl", "flange")}),  # too short to read unaided
        ([("4in toilet flange pvc", "F-1")], set()),  # one decision is not enough to call two words synonyms
        ([("4in toilet flange pvc", "F-1"), ("3 toilet flange pvc", "F-2")], {("word", "toilet", "closet")}),
        ([("4 in clst flnge pvc", None)], set()),  # a rejection teaches nothing
        ([("4 in pvc flange closet", "F-1")], set()),  # nothing unknown: nothing to learn
    ],
)
def test_decisions_teach_the_spellings_they_reveal(rows, expected):
    assert learned(rows) == expected


def test_conflicting_decisions_teach_nothing_for_that_word():
    assert learned([("1/2 grmt rubber", "G-1"), ("4 in grmt pvc", "F-1")]) == set()


def test_a_unit_abbreviating_one_of_the_products_units_is_learned():
    assert ("unit", "bndl", "BDL") in learned([("4 in closet flange pvc", "F-1")], uom="Bndl.")


@pytest.mark.parametrize("uom", ["lot", "L.S.", "job"])
def test_a_unit_that_abbreviates_no_unit_of_the_product_teaches_nothing(uom):
    # Pipe counts in FT; "lot" has the letters of "linealfoot" in order, but abbreviates no spelling of it.
    pipe = pl.concat([CATALOG, pl.DataFrame({
        "sku": ["P-1"], "description": ["PIPE PVC DWV 4 IN X 10 FT"], "category": [None], "manufacturer": ["Charlotte"],
        "manufacturer_part_number": [None], "uom": ["FT"], "uom_conversions": [[{"uom": "STK", "factor": 10.0}]],
        "active": [True]}, schema=CATALOG.schema)])
    decisions = pl.DataFrame({"description": ["4 in pvc dwv pipe"], "sku": ["P-1"], "uom": [uom]})
    assert learn_from_decisions(build_catalog_index(pipe), decisions).filter(pl.col("kind") == "unit").height == 0


def test_the_one_unknown_word_of_a_decision_among_look_alikes_names_what_sets_the_choice_apart():
    cables = pl.DataFrame({
        "sku": ["NM-142", "MC-142", "UF-142", "NM-122"],
        "description": ["CABLE NM-B 14/2 W/GND 250 FT COIL", "CABLE MC ALUMINUM ARMOR 14/2 W/GND 250 FT COIL",
                        "CABLE UF-B 14/2 W/GND 250 FT COIL", "CABLE NM-B 12/2 W/GND 250 FT COIL"],
        "category": [None] * 4, "manufacturer": ["Southwire"] * 4, "manufacturer_part_number": [None] * 4,
        "uom": ["FT"] * 4, "uom_conversions": [[]] * 4, "active": [True] * 4,
    }, schema_overrides={"category": pl.Utf8, "manufacturer_part_number": pl.Utf8,
                         "uom_conversions": pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))})
    index = build_catalog_index(cables)
    decided = pl.DataFrame({"description": ["14/2 romex"], "sku": ["NM-142"]})
    entries = learn_from_decisions(index, decided)
    assert entries.select("term", "canonical", "how").rows() == [("romex", "nmb", "distinguishes")]
    lines = pl.DataFrame({"line_id": ["1"], "description": ["12-2 romex"], "quantity": [250.0], "uom": ["ft"],
                          "part_number": [None]}, schema_overrides={"part_number": pl.Utf8})
    assert match_lines(index, lines)["status"].item() != "matched"
    assert match_lines(index, lines, learned=entries).select("status", "sku").row(0) == ("matched", "NM-122")
