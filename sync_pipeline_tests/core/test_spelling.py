import polars as pl
import pytest

from sync_pipeline.core.catalog_index import build_catalog_index
from sync_pipeline.core.matching import match_lines
from sync_pipeline.core.spelling import Speller, read_among, read_words

WORDS = ["coupling", "connector", "conduit", "receptacle", "reducer", "bushing", "galvanized", "strap", "stud",
         "straight", "elbow", "copper", "tube", "tee", "1in", "typel", "grounding"]
SPELLER = Speller.of(pl.DataFrame({"token": WORDS, "kind": [None if w.isalpha() else "size" for w in WORDS]}),
                     {"tubing": "tube", "solder": "sweat"})


def read(*tokens: str, learned: pl.DataFrame | None = None) -> list[str]:
    return read_words(SPELLER, pl.Series([list(tokens)]), learned, {"copper": "klm"}).to_list()[0]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("recepticle", "receptacle"),  # a wrong vowel
        ("couplnig", "coupling"),  # transposed letters
        ("bushhing", "bushing"),  # a doubled letter
        ("condit", "conduit"),  # a dropped letter
        ("galvanzed", "galvanized"),
        ("recep", "receptacle"),  # a truncation
        ("galv", "galvanized"),
        ("rcptcl", "receptacle"),  # a consonant skeleton
        ("cplg", "coupling"),
        ("elbw", "elbow"),
        ("grnd", "grounding"),
        ("tubi", "tube"),  # a truncation of a dictionary word reads as that word's meaning
        ("soldr", "sweat"),
    ],
)
def test_unknown_words_read_as_the_one_catalog_word_they_can_be(word, expected):
    assert read(word) == [expected]


@pytest.mark.parametrize(
    "word",
    [
        "st",  # too short to read as anything
        "str",  # strap or straight: the catalog alone cannot say
        "tueb",  # under five letters: not read as a typo of "tube"
        "xyzzy",  # no catalog word begins like it
        "wire",  # a word the catalog does not use and cannot be read as one stays as written
    ],
)
def test_words_that_cannot_be_read_stay(word):
    assert read(word) == [word]


def test_numbers_sizes_and_part_numbers_are_never_read():
    assert read("1in", "12ga", "wn7431", "0.5in") == ["1in", "12ga", "wn7431", "0.5in"]


def test_a_lone_type_letter_means_a_type_beside_its_product_word_only():
    assert read("copper", "1in", "l") == ["copper", "1in", "typel"]
    assert read("tube", "1in", "l") == ["tube", "1in", "l"]


def test_learned_entries_apply_but_never_override_a_catalog_word():
    learned = pl.DataFrame({"kind": ["word", "word"], "term": ["ctr", "strap"], "canonical": ["connector", "stud"]})
    assert read("ctr", "strap", learned=learned) == ["connector", "strap"]


def test_an_ambiguous_word_is_read_as_the_reading_the_lines_candidates_state():
    candidates = pl.DataFrame({"row": [0, 0, 1], "token": ["strap", "conduit", "straight"]}, schema={"row": pl.Int64,
                                                                                              "token": pl.Utf8})
    tokens = pl.Series([["str", "conduit"], ["str", "1in"], ["str"]])
    read_lines = read_among(SPELLER, tokens, lambda subset: candidates.filter(pl.col("row") < len(subset)))
    assert read_lines.to_list() == [["strap", "conduit"], ["straight", "1in"], ["str"]]


CATALOG = pl.DataFrame({
    "sku": ["R-1", "R-2", "C-1", "E-1"],
    "description": ["RECEPTACLE DUPLEX 20A WHITE", "RECEPTACLE DUPLEX 15A WHITE", "COUPLING EMT STEEL 3/4 IN",
                    "ELBOW PVC SCH40 90 DEG 2 IN"],
    "category": [None] * 4, "manufacturer": ["Leviton", "Leviton", "Topaz", "Carlon"],
    "manufacturer_part_number": ["LV-5352", "LV-5252", "TZ-242", "CA-9002"], "uom": ["EA"] * 4,
    "uom_conversions": [[]] * 4, "active": [True] * 4,
}, schema_overrides={"category": pl.Utf8, "uom_conversions": pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))})


@pytest.mark.parametrize(
    ("description", "uom", "sku"),
    [
        ("duplex recepticle 20 amp white", "EA.", "R-1"),
        ("dplx recep. 15a wht", "ea", "R-2"),
        ("3/4 emt couplnig stl", "Ea", "C-1"),
        ("2 in pvc elbw 90 sch 40 - see E-101", "each", "E-1"),
    ],
)
def test_unfamiliar_writing_matches_automatically(description, uom, sku):
    lines = pl.DataFrame({"line_id": ["1"], "description": [description], "quantity": [1.0], "uom": [uom],
                          "part_number": [None]}, schema_overrides={"part_number": pl.Utf8})
    result = match_lines(build_catalog_index(CATALOG), lines).row(0, named=True)
    assert (result["status"], result["sku"]) == ("matched", sku), result["reason"]
