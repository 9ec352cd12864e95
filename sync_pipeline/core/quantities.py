"""Quantities as estimators type them ("1,200", " 12 ", "1.5") parsed into numbers."""

from __future__ import annotations

import polars as pl

# Thousands separators only in their proper places, so "1,2" is rejected rather than read as 12.
_NUMBER = r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$"


def parse_quantity(values: pl.Series) -> pl.DataFrame:
    """Parse raw quantities; `quantity` is null and `quantity_error` says why when a value is not a number.

    Negative numbers parse: whether a negative quantity is a credit or a mistake is the caller's call.
    """
    text = values.cast(pl.Utf8).str.strip_chars()
    frame = pl.DataFrame({"raw": text})
    is_number = pl.col("raw").str.contains(_NUMBER) & pl.col("raw").str.contains(r"\d")
    return frame.select(
        quantity=pl.when(is_number)
        .then(pl.col("raw").str.replace_all(",", "").cast(pl.Float64, strict=False))
        .otherwise(None),
        quantity_error=pl.when(pl.col("raw").is_null() | (pl.col("raw") == ""))
        .then(pl.lit("quantity is empty"))
        .when(~is_number)
        .then(pl.format("quantity '{}' is not a number", pl.col("raw")))
        .otherwise(None),
    )
