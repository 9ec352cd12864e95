import polars as pl
import pytest

from sync_pipeline.core.catalog_index import build_catalog_index
from sync_pipeline.core.normalize import canonical_tokens
from sync_pipeline.core.scoring import evaluate_pairs

CATALOG = [  # description, manufacturer, box conversion
    ("CONNECTOR EMT STEEL 1/2 IN", "Topaz", True),
    ("CONNECTOR EMT STEEL 3/4 IN", "Topaz", True),
    ("CONNECTOR EMT 1/2 IN", "Red Head", False),  # the maker's name holds a colour word
]


@pytest.fixture(scope="module")
def scored() -> dict[str, dict]:
    index = build_catalog_index(pl.DataFrame(
        {
            "sku": ["K-050", "K-075", "K-RH"], "description": [r[0] for r in CATALOG],
            "manufacturer": [r[1] for r in CATALOG], "manufacturer_part_number": [None] * 3, "uom": ["EA"] * 3,
            "uom_conversions": [[{"uom": "BX", "factor": 25.0}] if r[2] else [] for r in CATALOG], "active": [True] * 3,
        },
        schema_overrides={"manufacturer_part_number": pl.Utf8,
                          "uom_conversions": pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))},
    ))
    tokens = canonical_tokens(pl.Series(["1/2 emt connector red"]), index.dictionaries)
    queries = pl.DataFrame({"qid": pl.Series([0], dtype=pl.UInt32), "text": tokens.list.join(" "), "tokens": tokens,
                            "uom_code": ["BX"], "unit_key": ["bx"]})
    pairs = pl.DataFrame({"qid": pl.Series([0, 0, 0], dtype=pl.UInt32), "pid": pl.Series([0, 1, 2], dtype=pl.UInt32),
                          "from_part_number": [False] * 3})
    return {row["sku"]: row for row in evaluate_pairs(index, queries, pairs).iter_rows(named=True)}


def test_a_stated_value_the_product_lacks_is_unconfirmed_and_another_value_contradicts(scored):
    assert (scored["K-050"]["contradicted"], scored["K-050"]["unconfirmed"]) == ([], ["red"])
    assert (scored["K-075"]["contradicted"], scored["K-075"]["unconfirmed"]) == (["0.5in"], ["red"])


def test_a_line_word_in_the_maker_name_is_present_but_not_a_description_match(scored):
    maker = scored["K-RH"]
    assert (maker["missing"], maker["absent"], maker["unconfirmed"]) == (0, [], [])
    assert (scored["K-075"]["missing"], scored["K-075"]["absent"]) == (2, ["0.5in", "red"])
    assert (maker["matched_words"], maker["matched_values"]) == (2, 1)


def test_description_words_the_line_omits_are_unmentioned(scored):
    assert scored["K-050"]["unmentioned"] == "steel"
    assert scored["K-RH"]["unmentioned"] == ""
    assert (scored["K-050"]["n_words"], scored["K-050"]["n_values"]) == (2, 2)  # connector emt | steel 0.5in


def test_the_line_unit_must_convert_into_the_product_stock_unit(scored):
    assert scored["K-050"]["unit_ok"] and not scored["K-RH"]["unit_ok"]
