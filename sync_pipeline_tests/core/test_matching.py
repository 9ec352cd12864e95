import polars as pl
import pytest

from sync_pipeline.core.matching import RESULT_SCHEMA, build_catalog_index, match_lines
from sync_pipeline.core.normalize import description_key

CATALOG = [
    # sku, description, manufacturer, part number, stock uom, conversions, active
    ("C-050", "CONDUIT EMT 1/2 IN X 10 FT", "Wheatland", "998485", "FT", {"STK": 10.0, "C": 100.0}, True),
    ("C-075", "CONDUIT EMT 3/4 IN X 10 FT", "Wheatland", "678046", "FT", {"STK": 10.0, "C": 100.0}, True),
    ("K-SS", "CONNECTOR EMT SET SCREW STEEL 1/2 IN", "Topaz", "WN-7431", "EA", {"BX": 25.0}, True),
    ("K-CP", "CONNECTOR EMT COMPRESSION STEEL 1/2 IN", "Bridgeport", "HW-502", "EA", {"BX": 25.0}, True),
    ("W-12B", "WIRE THHN/THWN-2 CU 12 AWG STR BLK", "Southwire", "29670255", "FT", {"SPL": 500.0}, True),
    ("W-12W", "WIRE THHN/THWN-2 CU 12 AWG STR WHT", "Southwire", "37368876", "FT", {"SPL": 500.0}, True),
    ("S-15W", "SWITCH SINGLE POLE 15A 120/277V WHITE", "Hubbell", "JJP1440W", "EA", {}, True),
    ("S-20W", "SWITCH SINGLE POLE 20A 120/277V WHITE", "Hubbell", "VMN9856I", "EA", {}, True),
    ("S-20G", "SWITCH SINGLE POLE 20A 120/277V GRAY", "Hubbell", "ANC8612W", "EA", {}, True),
    ("V-OLD", "VALVE BALL BRASS FULL PORT SWEAT 1/2 IN", "Apollo", "TZ-3240", "EA", {}, False),
]


@pytest.fixture(scope="module")
def index():
    products = pl.DataFrame(
        {
            "sku": [r[0] for r in CATALOG], "description": [r[1] for r in CATALOG], "category": [None] * len(CATALOG),
            "manufacturer": [r[2] for r in CATALOG], "manufacturer_part_number": [r[3] for r in CATALOG],
            "uom": [r[4] for r in CATALOG],
            "uom_conversions": [[{"uom": u, "factor": f} for u, f in r[5].items()] for r in CATALOG],
            "active": [r[6] for r in CATALOG],
        },
        schema_overrides={"category": pl.Utf8},
    )
    vendor = pl.DataFrame({"sku": ["W-12W"], "vendor_part_number": ["GRB-77812"]})
    return build_catalog_index(products, vendor)


def match(index, rows, mappings=None) -> pl.DataFrame:
    lines = pl.DataFrame(
        [{"line_id": str(i), "description": d, "quantity": q, "uom": u, "part_number": p}
         for i, (d, q, u, p) in enumerate(rows)],
        schema={"line_id": pl.Utf8, "description": pl.Utf8, "quantity": pl.Float64, "uom": pl.Utf8,
                "part_number": pl.Utf8},
    )
    return match_lines(index, lines, mappings)


@pytest.mark.parametrize(
    ("description", "uom", "status", "sku", "stock_quantity"),
    [
        ('1/2" EMT', "sticks", "matched", "C-050", 30.0),
        ("3/4 emt conduit", "LF", "matched", "C-075", 3.0),
        ("1/2 emt comp conn", "box", "matched", "K-CP", 75.0),
        ("12awg thhn str wht", "spool", "matched", "W-12W", 1500.0),
        ("20A SP SW GRY", "ea", "matched", "S-20G", 3.0),
    ],
)
def test_clear_descriptions_match_with_converted_quantity(index, description, uom, status, sku, stock_quantity):
    result = match(index, [(description, 3.0, uom, None)]).row(0, named=True)
    assert (result["status"], result["sku"], result["method"]) == (status, sku, "fuzzy")
    assert result["stock_quantity"] == pytest.approx(stock_quantity)
    assert result["candidates"][0] == sku


@pytest.mark.parametrize(
    ("description", "contradicted_sku"),
    [("1 emt conduit", "C-050"), ("3/8 EMT", "C-050"), ("10awg thhn str blk", "W-12B"), ("30A SP SW WHT", "S-20W")],
)
def test_a_contradicted_attribute_never_auto_matches(index, description, contradicted_sku):
    result = match(index, [(description, 1.0, "ea", None)]).row(0, named=True)
    assert result["status"] != "matched"
    assert result["sku"] is None or result["sku"] != contradicted_sku


@pytest.mark.parametrize(
    ("description", "tied"),
    [("1/2 emt connector", {"K-SS", "K-CP"}), ("12 awg thhn stranded", {"W-12B", "W-12W"}),
     ("20A single pole switch", {"S-20W", "S-20G"})],
)
def test_near_ties_go_to_review_with_both_candidates(index, description, tied):
    result = match(index, [(description, 1.0, "ea", None)]).row(0, named=True)
    assert result["status"] == "review"
    assert tied <= set(result["candidates"][:3])
    assert "tell them apart" in result["reason"]


@pytest.mark.parametrize(
    ("description", "part_number", "status", "sku"),
    [
        ("12 awg thhn stranded", "37368876", "matched", "W-12W"),  # manufacturer part number resolves a tie
        ("12 awg thhn stranded", "grb 77812", "matched", "W-12W"),  # vendor part number, spaced and lower case
        ("Topaz WN 7431 1/2 emt connector", None, "matched", "K-SS"),  # part number inside the description
        ("3/4 emt connector", "wn-7431", "review", "K-SS"),  # part number contradicts the stated size
        ("emt connector", "Topaz WN7431", "matched", "K-SS"),  # maker's name typed before the number
        ("emt conduit", "c-050", "matched", "C-050"),  # the catalog's own SKU quoted as the part number
    ],
)
def test_part_numbers(index, description, part_number, status, sku):
    unit = "ft" if sku[0] in "WC" else "ea"
    result = match(index, [(description, 1.0, unit, part_number)]).row(0, named=True)
    assert (result["status"], result["sku"], result["method"]) == (status, sku, "part_number")


def test_a_number_after_a_maker_name_counts_for_that_makers_products_only(index):
    result = match(index, [("emt connector", 1.0, "ea", "Bridgeport WN7431")]).row(0, named=True)
    assert result["method"] == "fuzzy" and result["status"] == "review"


@pytest.mark.parametrize(
    ("uom", "reason"),
    [("pallet", "not in the unit dictionary"), ("jar", "no conversion from JAR"), (None, "no unit given")],
)
def test_units_that_cannot_be_converted_go_to_review(index, uom, reason):
    result = match(index, [("1/2 emt comp connector", 2.0, uom, None)]).row(0, named=True)
    assert result["status"] == "review"
    assert result["sku"] == "K-CP"
    assert result["stock_quantity"] is None
    assert reason in result["reason"]


def test_mapping_wins_over_everything(index):
    typed = pl.Series(["1/2 emt connector"])
    by_key = pl.DataFrame({"description_key": description_key(typed), "sku": ["K-SS"]})
    with_text = by_key.with_columns(description=typed)
    same_text = match(index, [("EMT connector 1/2", 2.0, "BX", None)], by_key).row(0, named=True)
    same_meaning = match(index, [("1/2 EMT conn", 2.0, "BX", None)], with_text).row(0, named=True)
    for result in (same_text, same_meaning):
        assert (result["status"], result["sku"], result["method"], result["stock_quantity"]) == ("matched", "K-SS", "mapping", 50.0)


def test_inactive_products_are_never_auto_matched(index):
    fuzzy = match(index, [("1/2 ball valve sweat", 1.0, "ea", None)]).row(0, named=True)
    by_part_number = match(index, [("1/2 ball valve sweat", 1.0, "ea", "TZ-3240")]).row(0, named=True)
    mapped = match(index, [("1/2 ball valve sweat", 1.0, "ea", None)],
                   pl.DataFrame({"description_key": description_key(pl.Series(["1/2 ball valve sweat"])), "sku": ["V-OLD"]})).row(0, named=True)
    assert fuzzy["status"] != "matched" and by_part_number["status"] != "matched" and mapped["status"] == "review"


def test_bad_lines_still_get_a_result_in_input_order(index):
    results = match(index, [("", 1.0, "ea", None), ("3/4 emt", None, "ft", None), ("3/4 emt", -5.0, "ft", None),
                            ("smoke detector", 1.0, "ea", None)])
    assert results.schema == pl.Schema(RESULT_SCHEMA)
    assert results["line_id"].to_list() == ["0", "1", "2", "3"]
    assert results["status"].to_list() == ["unmatched", "review", "review", "unmatched"]
    assert "empty" in results["reason"][0] and "quantity" in results["reason"][1] and "negative" in results["reason"][2]


def test_no_lines_gives_an_empty_result(index):
    assert match(index, []).schema == pl.Schema(RESULT_SCHEMA)


def test_a_rejected_description_goes_straight_to_unmatched(index):
    rejected = pl.DataFrame({"description_key": description_key(pl.Series(["smoke detector 120v"])),
                             "sku": pl.Series([None], dtype=pl.Utf8), "decided_by": ["dana"]})
    result = match(index, [("Smoke Detector, 120V", 1.0, "ea", None)], rejected).row(0, named=True)
    assert (result["status"], result["sku"], result["method"]) == ("unmatched", None, "mapping")
    assert result["reason"] == "not in the catalog (decided by dana)"


def test_a_mapping_reaches_other_spellings_only_when_they_read_as_one_product(index):
    typed = pl.Series(["1/2 emt connector", "1/2 emt conn."])
    clashing = pl.DataFrame({"description_key": description_key(typed), "description": typed, "sku": ["K-SS", "K-CP"]})
    result = match(index, [("emt connector 0.5in", 1.0, "ea", None)], clashing).row(0, named=True)
    assert result["method"] != "mapping"  # two decisions read the same and disagree: neither is applied by reading
