"""How a takeoff description is read: annotations set apart, canonical tokens, unknown words read as
catalog words. One function, so that matching, mapping by reading and learning read a text the same way."""

from __future__ import annotations

import polars as pl

from sync_pipeline.core.annotations import split_annotations
from sync_pipeline.core.catalog_index import CatalogIndex
from sync_pipeline.core.normalize import canonical_tokens
from sync_pipeline.core.spelling import read_words


def read_descriptions(index: CatalogIndex, descriptions: pl.Series,
                      learned: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.Series]:
    """(product_text, annotations) per description, and the product text's tokens with learned entries,
    type letters and unknown words of one possible reading applied."""
    split = split_annotations(descriptions)
    tokens = read_words(index.speller, canonical_tokens(split["product_text"], index.dictionaries), learned,
                        index.dictionaries.type_letters)
    return split, tokens
