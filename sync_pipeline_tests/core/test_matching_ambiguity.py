"""Ambiguous twins, contradicting words, unit steering and attribute reading (table-driven)."""

import polars as pl
import pytest

from sync_pipeline.core.matching import _unexplained, build_catalog_index, match_lines
from sync_pipeline.core.normalize import canonical_tokens

CATALOG = [
    # sku, description, stock uom, conversions
    ("W-SOL", "WIRE THHN CU 12 AWG SOLID BLK 500FT", "FT", {"SPL": 500.0}),
    ("W-STR", "WIRE THHN CU 12 AWG STR BLK 500FT", "FT", {"SPL": 500.0}),
    ("T-M", "TYPE M COPPER PIPE 1 IN 10 FT", "FT", {"STK": 10.0}),
    ("T-L", "TYPE L COPPER PIPE 1 IN 20 FT", "FT", {"STK": 20.0}),
    ("S-FINE", "DRYWALL SCREW #6 X 1-5/8 FINE THREAD", "EA", {"BX": 1000.0}),
    ("S-COARSE", "DRYWALL SCREW #6 X 1-1/4 COARSE THREAD", "EA", {"BX": 1000.0}),
    ("H-PLAIN", "CLEVIS HANGER 3/4 IN", "EA", {}),
    ("H-CLAD", "COPPER CLAD CLEVIS HANGER 3/4 IN", "EA", {}),
    ("E-COND", "EMT CONDUIT 3/4 IN 10 FT", "FT", {"STK": 10.0}),
    ("E-STRAP", "EMT STRAP 3/4 IN 1 HOLE", "EA", {"BX": 100.0}),
    ("G-48", "GYPSUM BOARD 5/8 TYPE X 4X8", "EA", {"SF": 1 / 32}),
    ("G-412", "GYPSUM BOARD 1/2 REGULAR 4X12", "EA", {"SF": 1 / 48}),
]


@pytest.fixture(scope="module")
def index():
    products = pl.DataFrame(
        {
            "sku": [r[0] for r in CATALOG], "description": [r[1] for r in CATALOG], "category": [None] * len(CATALOG),
            "manufacturer": ["Maker"] * len(CATALOG), "manufacturer_part_number": [None] * len(CATALOG),
            "uom": [r[2] for r in CATALOG],
            "uom_conversions": [[{"uom": u, "factor": f} for u, f in r[3].items()] for r in CATALOG],
            "active": [True] * len(CATALOG),
        },
        schema_overrides={"category": pl.Utf8, "manufacturer_part_number": pl.Utf8},
    )
    return build_catalog_index(products)


def match_one(index, description, uom):
    lines = pl.DataFrame({"line_id": ["1"], "description": [description], "quantity": [10.0], "uom": [uom],
                          "part_number": [None]}, schema_overrides={"part_number": pl.Utf8})
    return match_lines(index, lines).row(0, named=True)


@pytest.mark.parametrize(
    ("description", "uom", "twins"),
    [
        ("12 awg thhn black", "ft", {"W-SOL", "W-STR"}),  # stranding not stated
        ('1" copper tube', "LF", {"T-M", "T-L"}),  # copper type not stated
        ("3/4 clevis hanger", "ea", {"H-PLAIN", "H-CLAD"}),  # the plainest twin is not a default
    ],
)
def test_twins_differing_in_what_the_line_omits_go_to_review(index, description, uom, twins):
    result = match_one(index, description, uom)
    assert result["status"] == "review"
    assert twins <= set(result["candidates"][:3])


@pytest.mark.parametrize(
    ("description", "uom", "never"),
    [
        ("drywall screw #6 x 1-5/8 coarse thread", "ea", "S-FINE"),
        ("drywall screw 6 x 1-1/4 fine thread", "ea", "S-COARSE"),
        ("12 awg thhn stranded red", "ft", "W-STR"),
    ],
)
def test_contradicting_words_are_never_matched_automatically(index, description, uom, never):
    result = match_one(index, description, uom)
    assert not (result["status"] == "matched" and result["sku"] == never)


@pytest.mark.parametrize(
    ("description", "uom", "status", "sku"),
    [
        ("3/4 emt", "LF", "matched", "E-COND"),  # feet: the conduit, not the strap
        ("3/4 emt 1 hole strap", "ea", "matched", "E-STRAP"),
        ("3/4 emt strap", "LF", "review", None),  # a strap is not counted in feet: never automatic
    ],
)
def test_the_line_unit_steers_the_product_family(index, description, uom, status, sku):
    result = match_one(index, description, uom)
    assert result["status"] == status
    assert sku is None or result["sku"] == sku


def test_stated_words_tell_twins_apart(index):
    result = match_one(index, "12 awg thhn solid black", "ft")
    assert (result["status"], result["sku"]) == ("matched", "W-SOL")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("14-2 MC", ["14ga", "2cond", "mc"]),
        ("12/3 romex", ["12ga", "3cond", "romex"]),
        ("4'x8' gwb", ["4x8dim", "gypsum", "board"]),
        ("GWB 4X8", ["gypsum", "board", "4x8dim"]),
        ("362S125-18 stud", ["3.625in", "25ga", "stud", "stud"]),
        ("600T125-33", ["6in", "20ga", "track"]),
        ("thinwall 1/2", ["emt", "0.5in"]),
        ("THHN 12 STR RED", ["thhn", "thwn", "12ga", "stranded", "red"]),  # bare gauge beside a wire type
        ("thhn 1/0 red", ["thhn", "thwn", "1/0", "red"]),
        ("#6x1-5/8 screw", ["6ga", "1.625in", "screw"]),
        ("wedge anchor 1/2 x 4-1/4", ["wedge", "anchor", "0.5x4.25dim", "0.5in", "4.25in"]),
        ("1/2 emt conduit", ["0.5in", "emt"]),  # EMT is a conduit
    ],
)
def test_attribute_reading(text, tokens):
    assert canonical_tokens(pl.Series([text])).to_list()[0] == tokens


def test_sheet_unit_spelling_converts(index):
    result = match_one(index, "5/8 type x gypsum board 4'x8'", "sheets")
    assert (result["status"], result["sku"], result["stock_quantity"]) == ("matched", "G-48", 10.0)


READINGS = [
    # sku, description, manufacturer, stock uom, conversions
    ("P-SOLID", "PVC DWV PIPE 6 IN SOLID CORE 20 FT", "Maker", "FT", {"STK": 20.0}),
    ("P-FOAM", "PVC DWV 6 IN FOAM CORE 20 FT", "Maker", "FT", {"STK": 20.0}),
    ("V-SWT", "BALL VALVE 1-1/4 IN SWEAT FULL PORT", "Maker", "EA", {}),
    ("V-THD", "BALL VALVE 1-1/4 IN FNPT FULL PORT", "Maker", "EA", {}),
    ("T-STR", "BRASS TEE 3/8 IN COMPRESSION", "Maker", "EA", {}),
    ("T-RED", "BRASS TEE REDUCING 3/8 IN X 1/4 IN COMPRESSION", "Maker", "EA", {}),
    ("N-HEX", "HEX NUT 5/16-18 ZINC", "Maker", "EA", {}),
    ("N-LOCK", "NYLON INSERT LOCK NUT 1/4-20 ZINC", "Maker", "EA", {}),
    ("C-ACME", "CABLE TIE 8 IN BLACK", "Acme", "EA", {}),
    ("C-ZED", "CABLE TIE 8 IN BLACK", "Zed", "EA", {}),
    ("R-PLAIN", "CONDUIT PVC 3/4 IN", "Maker", "FT", {}),
    ("R-BELL", "CONDUIT PVC 3/4 IN BELL END SCH 40 10 FT GRAY", "Maker", "FT", {}),
]


@pytest.fixture(scope="module")
def readings():
    products = pl.DataFrame(
        {
            "sku": [r[0] for r in READINGS], "description": [r[1] for r in READINGS],
            "category": [None] * len(READINGS), "manufacturer": [r[2] for r in READINGS],
            "manufacturer_part_number": [None] * len(READINGS), "uom": [r[3] for r in READINGS],
            "uom_conversions": [[{"uom": u, "factor": f} for u, f in r[4].items()] for r in READINGS],
            "active": [True] * len(READINGS),
        },
        schema_overrides={"category": pl.Utf8, "manufacturer_part_number": pl.Utf8},
    )
    return build_catalog_index(products)


@pytest.mark.parametrize(
    ("description", "uom", "twins"),
    [
        ("6 in pvc dwv pipe", "LF", {"P-SOLID", "P-FOAM"}),  # foam core does not say "pipe", yet is one
        ("8 in black cable tie", "ea", {"C-ACME", "C-ZED"}),  # the same description from two makers
    ],
)
def test_other_readings_of_the_line_go_to_review(readings, description, uom, twins):
    result = match_one(readings, description, uom)
    assert result["status"] == "review"
    assert twins <= set(result["candidates"][:3])
    assert "tell them apart" in result["reason"]


@pytest.mark.parametrize(
    ("description", "uom", "sku"),
    [
        ("1-1/4 full port ball valve sweat", "ea", "V-SWT"),  # the FNPT valve lacks "sweat" and names another end
        ("1-1/4 full port ball valve fnpt", "ea", "V-THD"),
        ("3/8 brass compression tee", "ea", "T-STR"),  # a tee listing another size is a different tee
        ("3/4 pvc conduit bell end", "ft", "R-BELL"),  # explains the whole line, however many words it adds
    ],
)
def test_candidates_that_do_not_read_the_whole_line_do_not_block(readings, description, uom, sku):
    result = match_one(readings, description, uom)
    assert (result["status"], result["sku"]) == ("matched", sku)
    assert result["candidates"][0] == sku


def test_a_line_word_other_products_use_must_be_explained(readings):
    result = match_one(readings, "5/16-18 lock nut zinc", "ea")
    assert (result["status"], result["sku"]) == ("review", "N-HEX")
    assert "lock" in result["reason"]


def _catalog(rows):
    return pl.DataFrame({
        "sku": [r[0] for r in rows], "description": [r[1] for r in rows], "category": [None] * len(rows),
        "manufacturer": [r[2] for r in rows], "manufacturer_part_number": [r[3] for r in rows],
        "uom": ["EA"] * len(rows), "uom_conversions": [[] for _ in rows], "active": [True] * len(rows),
    }, schema_overrides={"category": pl.Utf8, "manufacturer_part_number": pl.Utf8,
                         "uom_conversions": pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))})


def _one(catalog, description, part_number=None):
    lines = pl.DataFrame({"line_id": ["1"], "description": [description], "quantity": [1.0], "uom": ["ea"],
                          "part_number": [part_number]}, schema_overrides={"part_number": pl.Utf8})
    return match_lines(build_catalog_index(_catalog(catalog)), lines).row(0, named=True)


@pytest.mark.parametrize(
    ("catalog", "description", "status", "sku"),
    [
        # A line naming no option is the plain product; look-alikes each add a feature.
        ([("P-1", "BOX COVER BLANK 4 IN SQ", "Raco", None), ("P-2", "BOX COVER BLANK 4 IN SQ WEATHERPROOF", "Raco", None),
          ("P-3", "BOX COVER BLANK 4 IN SQ GASKETED", "Raco", None)], "4in sq blank cover", "matched", "P-1"),
        # "standard" only marks the plain variant.
        ([("B-1", "CEMENT BOARD 1/2 IN 3X5 STANDARD", "Dura", None), ("B-2", "CEMENT BOARD 1/2 IN 3X5 WATER RESISTANT", "Dura", None)],
         "1/2 cement board 3x5", "matched", "B-1"),
        # Two look-alikes that differ in a value the line omits stay a person's decision.
        ([("T-1", "TAPE VINYL ELECTRICAL 3/4 IN BLACK", "3M", None), ("T-2", "TAPE VINYL ELECTRICAL 3/4 IN RED", "3M", None)],
         "3/4 vinyl electrical tape", "review", None),
        # A line word no candidate states does not block.
        ([("A-1", "ANCHOR WEDGE 3/8 X 3 IN ZINC PLATED CARBON STEEL", "Simpson", None),
          ("A-2", "ANCHOR SLEEVE 1/2 X 4 IN ZINC PLATED CARBON STEEL", "Simpson", None),
          ("N-1", "NAIL COMMON 16D BRIGHT", "Grip", None)],
         "3/8 x 3 wedge anchor zinc plated carbon steel bright", "matched", "A-1"),
        # A line word another candidate states does block.
        ([("S-1", "SCREW DRYWALL #6 X 1-1/4 IN FINE", "Grabber", None), ("S-2", "SCREW WOOD #6 X 1-1/4 IN FLAT", "Grabber", None)],
         "#6 x 1-1/4 drywall screw wood", "review", None),
    ],
)
def test_defaults_and_words_no_candidate_states(catalog, description, status, sku):
    result = _one(catalog, description)
    assert result["status"] == status, result["reason"]
    if sku:
        assert result["sku"] == sku


def test_the_makers_full_part_number_with_the_maker_named_outweighs_weak_text():
    catalog = [("H-1", "RECEPTACLE DUPLEX COMMERCIAL GRADE 20A 125V WHITE NEMA 5-20R", "Hubbell", "HBL5352W"),
               ("H-2", "RECEPTACLE DUPLEX COMMERCIAL GRADE 15A 125V WHITE NEMA 5-15R", "Hubbell", "HBL5262W")]
    named = _one(catalog, "hubbell outlet HBL5352W")
    unnamed = _one(catalog, "outlet HBL5352W")
    assert (named["status"], named["sku"]) == ("matched", "H-1"), named["reason"]
    assert unnamed["status"] == "review"


@pytest.mark.parametrize(("description", "status", "sku"), [
    ("R-30 batt insulation", "unmatched", None),       # the catalog has R-13 and R-19: R-30 is another product
    ("r19 batts 15 in", "matched", "I-19"),
    ("R-13 batt insulation p1010", "matched", "I-13"),  # a designation no candidate has blocks nothing
])
def test_a_designation_with_another_number_is_another_product(description, status, sku):
    catalog = [("I-13", "INSULATION BATT FIBERGLASS R-13 UNFACED 15 IN", "Owens", None),
               ("I-19", "INSULATION BATT FIBERGLASS R-19 UNFACED 15 IN", "Owens", None)]
    result = _one(catalog, description)
    assert (result["status"], result["sku"] if status == "matched" else None) == (status, sku), result["reason"]



def test_a_lone_letter_another_candidate_states_does_not_hold_the_line_back():
    # The best leaves out "t" and "wood"; the other candidate states both: only the word points elsewhere.
    index = build_catalog_index(_catalog([("S-1", "SCREW DRYWALL", "Acme", None), ("S-2", "SCREW WOOD T", "Acme", None)]))
    ranked = pl.DataFrame({"qid": [0, 0], "pid": pl.Series([0, 1], dtype=pl.UInt32), "missing": [2, 0],
                           "absent": [["t", "wood"], []]}, schema_overrides={"absent": pl.List(pl.Utf8)})
    assert _unexplained(index, ranked)["best_unexplained"].to_list() == [["wood"]]


def test_initials_of_a_feature_another_product_states_keep_the_line_in_review():
    catalog = [("G-1", "RECEPTACLE GFCI 20A 125V WHITE", "Leviton", None),
               ("G-2", "RECEPTACLE GFCI 20A 125V WEATHER RESISTANT WHITE", "Leviton", None)]
    assert _one(catalog, "WR GFCI receptacle 20A, white")["status"] == "review"   # wr: weather resistant
    assert (_one(catalog, "GFCI receptacle 20A white")["sku"], _one(catalog, "GFCI receptacle 20A white")["status"]) \
        == ("G-1", "matched")
