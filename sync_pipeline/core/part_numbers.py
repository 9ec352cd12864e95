"""Part numbers: found in free text by format family, compared in one normalized spelling.

"KEC-8835", "kec 8835" and "KEC8835" are the same part; the normalized form drops case,
spaces and dashes. Families cover the common shapes: letter prefix plus digits (HTX4210W,
WN 7431), long numeric catalogue numbers (29670255), and dash-separated groups (PRH-1000-B).
"""

from __future__ import annotations

import polars as pl

_FAMILIES = (
    r"\b[A-Za-z]{1,5}[- ]?\d{2,8}[A-Za-z]{0,3}\b",  # prefix + digits (+ suffix letters)
    r"\b\d{5,14}\b",  # numeric
    r"\b[A-Za-z0-9]{2,}(?:-[A-Za-z0-9]+){1,3}\b",  # dash-separated groups
)
_MIN_DIGITS = 3
_MIN_LENGTH = 4


def normalize_part_number(values: pl.Expr) -> pl.Expr:
    """Upper case with every non-alphanumeric character removed; null when nothing part-number-like is left."""
    normalized = values.str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    plausible = (normalized.str.count_matches(r"\d") >= _MIN_DIGITS) & (normalized.str.len_chars() >= _MIN_LENGTH)
    return pl.when(plausible).then(normalized).otherwise(None)


def part_numbers_in_text(text: pl.Expr) -> pl.Expr:
    """Every normalized part-number-like token in free text (List(Utf8)), by the format families."""
    found = pl.concat_list([text.fill_null("").str.extract_all(pattern) for pattern in _FAMILIES])
    return found.list.eval(normalize_part_number(pl.element()).drop_nulls()).list.unique()
