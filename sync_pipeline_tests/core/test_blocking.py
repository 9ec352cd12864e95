"""Blocking on a catalog where every combination of six attributes exists, so that single tokens and
pairs are too crowded to read and only keys of three tokens pick out a readable set of descriptions."""

from itertools import product

import polars as pl
import pytest

from sync_pipeline.core import blocking
from sync_pipeline.core.catalog_index import build_catalog_index
from sync_pipeline.core.normalize import canonical_tokens

AXES = [[f"{consonant}{vowel}m" for vowel in "aeiou"] for consonant in "bdfgkp"]  # 6 axes x 5 words


def catalog(rows: list[tuple[str, str, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "sku": [f"S{i}" for i in range(len(rows))], "description": [r[0] for r in rows],
            "manufacturer": [r[1] for r in rows], "manufacturer_part_number": [None] * len(rows),
            "uom": ["EA"] * len(rows), "uom_conversions": [[] for _ in rows], "active": [r[2] for r in rows],
        },
        schema_overrides={"manufacturer_part_number": pl.Utf8,
                          "uom_conversions": pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))},
    )


@pytest.fixture(scope="module")
def index():
    descriptions = [" ".join(words) for words in product(*AXES)]
    rows = [(d, "Acme", True) for d in descriptions] + [
        (descriptions[0], "Zenith", True),  # a second maker of the first description
        ("bam dam fam gam kam pam zzm", "Acme", False),  # inactive: never a candidate
    ]
    return build_catalog_index(catalog(rows))


def search(index, lines: list[str], per_query: int = 40) -> pl.DataFrame:
    queries = pl.DataFrame({"qid": pl.Series(range(len(lines)), dtype=pl.UInt32),
                            "tokens": canonical_tokens(pl.Series(lines), index.dictionaries)})
    found = index.blocker.search(queries, per_query)
    return found.join(index.products.select("pid", "sku", "text"), on="pid", maintain_order="left")


def test_the_catalog_is_crowded_below_three_tokens(index):
    assert canonical_tokens(pl.Series(["bam dam fam"])).to_list() == [["bam", "dam", "fam"]]
    per_token, per_pair = 5 ** 5, 5 ** 4
    assert per_token > per_pair > blocking.MAX_POSTINGS >= 5 ** 3


def test_a_fully_stated_line_finds_its_product_first_and_is_complete(index):
    found = search(index, ["pum kom gim fem dam bom"])
    assert found["text"][0].startswith("bom dam fem gim kom pum")
    assert found["complete"].all()


def test_every_maker_of_the_best_description_is_kept_together(index):
    found = search(index, ["bam dam fam gam kam pam"])
    assert set(found["sku"].head(2)) == {"S0", f"S{5 ** 6}"}


def test_an_underspecified_line_gets_every_product_it_fits(index):
    found = search(index, ["bam dam fam gam kam"])  # says nothing of the sixth attribute
    fitting = found.filter(pl.col("text").str.starts_with("bam dam fam gam kam"))
    assert fitting.height == 5 + 1  # five descriptions, the first listed by two makers
    assert found["complete"].all()


def test_unknown_words_do_not_block_the_search(index):
    found = search(index, ["bam dam fam gam kam pam galvanized"])
    assert found["sku"][0] in {"S0", f"S{5 ** 6}"}


def test_candidates_cut_among_equally_good_descriptions_are_not_complete(index):
    found = search(index, ["bam dam fam gam"], per_query=10)  # 25 descriptions fit equally
    assert found["text"].n_unique() <= 10  # whole descriptions: the first is listed by two makers
    assert not found["complete"].any()


def test_a_line_too_vague_to_block_gets_no_candidates(index):
    assert search(index, ["bam"]).height == 0


def test_inactive_products_are_never_candidates(index):
    found = search(index, ["bam dam fam gam kam pam zzm"])
    assert "zzm" not in " ".join(found["text"])
