"""A catalog's own unit codes and notes set off in a description: read generally, never guessed."""

import polars as pl
import pytest

from sync_pipeline.core.matching import build_catalog_index, match_lines
from sync_pipeline.core.normalize import description_key
from sync_pipeline.core.notes import without_notes
from sync_pipeline.core.units import conversion_table, product_units

CATALOG = [
    # sku, description, stock uom, conversions
    ("GB-12", "GYPSUM BOARD REGULAR 1/2 IN X 4 FT X 8 FT", "SF", {"SH": 32.0}),
    ("BX-4S", "BOX 4 IN SQUARE 2-1/8 IN DEEP", "EA", {"CT": 25.0}),
    ("CM-80", "CONCRETE MIX 80 LB BAG", "BG", {"PLT": 42.0}),
    ("JC-AP", "JOINT COMPOUND ALL PURPOSE 4.5 GAL", "PL", {}),
    ("C-050", "CONDUIT EMT 1/2 IN X 10 FT", "FT", {"STK": 10.0}),
    ("SW-20", "SWITCH SINGLE POLE 20A WHITE", "EA", {}),
    ("SW-20D", "SWITCH SINGLE POLE 20A WHITE DECORA", "EA", {}),
    ("CL-8", "COLLAR SPIN-IN 8 IN", "EA", {}),
    ("CL-8D", "COLLAR SPIN-IN 8 IN W/ DAMPER", "EA", {}),
    ("CL-6D", "COLLAR SPIN-IN 6 IN W/ DAMPER", "EA", {}),
]


@pytest.fixture(scope="module")
def index():
    return build_catalog_index(pl.DataFrame(
        {
            "sku": [r[0] for r in CATALOG], "description": [r[1] for r in CATALOG], "category": [None] * len(CATALOG),
            "manufacturer": ["Acme"] * len(CATALOG), "manufacturer_part_number": [None] * len(CATALOG),
            "uom": [r[2] for r in CATALOG],
            "uom_conversions": [[{"uom": u, "factor": f} for u, f in r[3].items()] for r in CATALOG],
            "active": [True] * len(CATALOG),
        },
        schema_overrides={"category": pl.Utf8, "manufacturer_part_number": pl.Utf8,
                          "uom_conversions": pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))},
    ))


def match(index, description: str, uom: str, quantity: float = 2.0) -> dict:
    lines = pl.DataFrame({"line_id": ["1"], "description": [description], "quantity": [quantity], "uom": [uom],
                          "part_number": [None]}, schema_overrides={"part_number": pl.Utf8})
    return match_lines(index, lines).row(0, named=True)


@pytest.mark.parametrize(("unit_key", "uom_code", "codes", "expected"), [
    ("sheet", "EA", {"SF": 1.0, "SH": 32.0}, "SH"),      # the dictionary's EA is not the product's: a truncation
    ("ct", None, {"EA": 1.0, "CT": 25.0}, "CT"),         # the catalog's own code, as the line spells it
    ("ctn", "CTN", {"EA": 1.0, "CT": 25.0}, "CT"),       # the dictionary's CTN truncated
    ("pallet", None, {"BG": 1.0, "PLT": 42.0}, "PLT"),   # a consonant skeleton
    ("pallet", None, {"PL": 1.0}, None),                 # a pallet is no pail
    ("plt", None, {"PL": 1.0}, None),                    # an unknown short spelling is never truncated
    ("ea", "EA", {"EA": 1.0, "CT": 25.0}, "EA"),         # the dictionary's code first
    ("carton", "CTN", {"CT": 12.0, "CS": 24.0}, "CT"),
])
def test_a_line_unit_reads_as_one_of_the_products_codes_or_none(unit_key, uom_code, codes, expected):
    conversions = pl.DataFrame({"sku": ["P"] * len(codes), "uom": list(codes), "factor": list(codes.values()),
                                "spelling": [code.lower() for code in codes]})
    wanted = pl.DataFrame({"row": [0], "sku": ["P"], "unit_key": [unit_key], "uom_code": [uom_code]},
                          schema_overrides={"uom_code": pl.Utf8})
    assert product_units(wanted, conversions)["unit"].to_list() == [expected]


@pytest.mark.parametrize(("description", "uom", "sku", "unit", "stock_quantity"), [
    ("1/2 regular gypsum board 4x8", "sheets", "GB-12", "SH", 64.0),
    ("4 in square box 2-1/8 deep", "CT", "BX-4S", "CT", 50.0),
    ("80 lb concrete mix", "plts", "CM-80", "PLT", 84.0),
])
def test_catalog_unit_codes_convert(index, description, uom, sku, unit, stock_quantity):
    result = match(index, description, uom)
    assert (result["status"], result["sku"], result["uom_code"], result["stock_quantity"]) == (
        "matched", sku, unit, stock_quantity)


def test_a_unit_no_product_code_reads_still_goes_to_review(index):
    result = match(index, "all purpose joint compound 4.5 gal", "pallets")
    assert (result["status"], result["sku"]) == ("review", "JC-AP")
    assert result["reason"].startswith("unit 'pallets' is not in the unit dictionary")


def test_notes_are_set_apart_from_the_product():
    notes = without_notes(pl.Series(['1" EMT, feeders to panel LP-2A', '8" collar (no damper)', "plain 1,200 words",
                                     "1-1/2 trap", "60a disconnect (non fused)"])).to_dicts()
    assert [(n["head"], n["notes"], n["negated"]) for n in notes] == [
        ('1" EMT', "feeders to panel LP-2A", ""), ('8" collar', "(no damper)", "damper"),
        (None, "", ""), (None, "", ""), ("60a disconnect", "(non fused)", "")]   # non-fused is a kind of switch


def test_a_line_matches_without_a_note_no_candidate_speaks_of(index):
    result = match(index, "1/2 emt conduit, feeders to panel LP-2A per E-401 (above ceilings)", "sticks")
    assert (result["status"], result["sku"], result["stock_quantity"]) == ("matched", "C-050", 20.0)
    assert result["reason"].startswith("read without the note 'feeders to panel LP-2A per E-401 (above ceilings)'")
    assert "feeders to panel" in result["annotations"]


def test_a_note_word_another_candidate_states_keeps_the_line_in_review(index):
    result = match(index, "20a single pole switch white, decora style for lobby", "ea")
    assert result["status"] == "review"


def test_a_note_saying_no_feature_picks_the_product_without_it(index):
    plain = match(index, '8" spin-in collar (no damper)', "ea")
    assert (plain["status"], plain["sku"]) == ("matched", "CL-8")
    only_with = match(index, '6" spin-in collar (no damper)', "ea")
    assert only_with["status"] != "matched"


def test_the_package_a_description_names_is_a_unit_of_its_size():
    products = pl.DataFrame({
        "sku": ["W", "T"], "description": ["WIRE THHN 12 AWG GREEN 500 FT SPOOL", "TAPE JOINT PAPER X 500 FT"],
        "uom": ["FT", "RL"],
        "uom_conversions": [[{"uom": "RL", "factor": 500.0}, {"uom": "C", "factor": 100.0}], [{"uom": "CS", "factor": 20.0}]],
    })
    table = conversion_table(products)
    assert table.filter(pl.col("spelling") == "spool").select("sku", "uom", "factor").rows() == [("W", "RL", 500.0)]
    wanted = pl.DataFrame({"row": [0, 1], "sku": ["W", "T"], "unit_key": ["spool", "roll"], "uom_code": ["SPL", "RL"]})
    assert product_units(wanted, table).select("unit", "factor").rows() == [("RL", 500.0), ("RL", 1.0)]


def test_a_rejected_description_with_notes_stays_rejected(index):
    description = "1/2 emt conduit, feeders to panel LP-2A"
    lines = pl.DataFrame({"line_id": ["1"], "description": [description], "quantity": [2.0], "uom": ["sticks"],
                          "part_number": [None]}, schema_overrides={"part_number": pl.Utf8})
    rejected = pl.DataFrame({"description_key": [description_key(pl.Series([description])).item()],
                             "description": [description], "sku": [None], "decided_by": ["kim"]},
                            schema_overrides={"sku": pl.Utf8})
    result = match_lines(index, lines, rejected).row(0, named=True)
    assert (result["status"], result["reason"]) == ("unmatched", "not in the catalog (decided by kim)")


def test_a_no_feature_note_cut_as_an_annotation_still_refuses_the_product(index):
    # "(no damper per plans)" is cut before matching ("per plans"), so the head reads as the line itself.
    result = match(index, '6" spin-in collar (no damper per plans)', "ea")
    assert result["status"] != "matched"


@pytest.mark.parametrize(("unit_key", "uom_code", "codes"), [
    ("sqft", "SF", {"BDL": 1.0, "SQ": 3.0}),   # a measure is never another unit: 2000 sq ft is no 2000 squares
    ("lot", None, {"GAL": 1.0, "LT": 0.264}),  # a short unknown spelling is no litre
])
def test_a_measure_or_a_short_unknown_spelling_is_never_read_as_a_product_code(unit_key, uom_code, codes):
    conversions = pl.DataFrame({"sku": ["P"] * len(codes), "uom": list(codes), "factor": list(codes.values()),
                                "spelling": [code.lower() for code in codes]})
    wanted = pl.DataFrame({"row": [0], "sku": ["P"], "unit_key": [unit_key], "uom_code": [uom_code]},
                          schema_overrides={"uom_code": pl.Utf8})
    assert product_units(wanted, conversions)["unit"].to_list() == [None]


def test_a_package_in_the_description_counts_only_for_a_product_stocked_in_feet():
    products = pl.DataFrame({"sku": ["E"], "description": ["CONDUIT EMT 1/2 IN 10 FT STICK"], "uom": ["EA"],
                             "uom_conversions": [[{"uom": "BDL", "factor": 10.0}]]})
    assert conversion_table(products).filter(pl.col("spelling") == "stick").height == 0
