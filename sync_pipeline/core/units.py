"""Units of measure: raw spellings to platform codes, and per-product conversion into the stock unit."""

from __future__ import annotations

import polars as pl

from sync_pipeline.core.dictionaries import Dictionaries, shipped_dictionaries, unit_spelling_key


def uom_code(raw: pl.Series, dictionaries: Dictionaries | None = None, learned: pl.DataFrame | None = None) -> pl.Series:
    """Map raw unit spellings to platform codes through the shipped dictionary; null when unknown.

    Spellings are compared in their lookup form (case, punctuation, spacing and plural do not matter);
    an unknown spelling is never guessed: "pallet" or "LOT" stays null so the line goes to review, until a
    reviewer's decision teaches it (`learned` rows of kind "unit").
    """
    spellings = (dictionaries or shipped_dictionaries()).uom_spellings
    if learned is not None and "kind" in learned.columns:  # learned unit spellings (term in lookup form -> code)
        units = learned.filter(pl.col("kind") == "unit")
        spellings = dict(zip(units["term"], units["canonical"])) | spellings
    key = pl.select(unit_spelling_key(pl.lit(raw.cast(pl.Utf8)))).to_series()
    return key.replace_strict(spellings, default=None, return_dtype=pl.Utf8).alias("uom_code")


def conversion_table(products: pl.DataFrame) -> pl.DataFrame:
    """Long table (sku, uom, factor) of every unit a product can be counted in, its stock unit at factor 1.

    `products.uom_conversions` is List(Struct{uom, factor}) where 1 uom = factor stock units.
    """
    own = products.select("sku", uom=pl.col("uom").str.to_uppercase(), factor=pl.lit(1.0))
    listed = (
        products.select("sku", "uom_conversions")
        .explode("uom_conversions")
        .drop_nulls("uom_conversions")
        .unnest("uom_conversions")
        .select("sku", pl.col("uom").str.to_uppercase(), pl.col("factor").cast(pl.Float64))
    )
    return pl.concat([own, listed]).unique(["sku", "uom"], keep="first", maintain_order=True)
