"""Units of measure: raw spellings to platform codes, and per-product conversion into the stock unit."""

from __future__ import annotations

import polars as pl

from sync_pipeline.core.dictionaries import Dictionaries, shipped_dictionaries


def uom_code(raw: pl.Series, dictionaries: Dictionaries | None = None) -> pl.Series:
    """Map raw unit spellings to platform codes through the shipped dictionary; null when unknown.

    An unknown spelling is never guessed: "pallet" or "LOT" stays null so the line goes to review.
    """
    spellings = (dictionaries or shipped_dictionaries()).uom_spellings
    key = raw.cast(pl.Utf8).str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
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
