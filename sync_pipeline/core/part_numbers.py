"""Part numbers: found in free text by format family, compared in one normalized spelling.

"KEC-8835", "kec 8835" and "KEC8835" are the same part; the normalized form drops case,
spaces and dashes. Families cover the common shapes: letter prefix plus digits (HTX4210W,
WN 7431), digits around letters (5RS27), long numeric catalogue numbers (29670255), and
dash-separated groups (PRH-1000-B).
"""

from __future__ import annotations

import polars as pl

_FAMILIES = (
    r"\b[A-Za-z]{1,5}[- ]?\d{2,8}[A-Za-z]{0,3}\b",  # prefix + digits (+ suffix letters)
    r"\b\d{1,3}[A-WYZa-wyz][A-Za-z]{0,3}\d{1,6}[A-Za-z]{0,3}\b",  # digits, letters, digits (5RS27; 4x10 is a size)
    r"\b\d{5,14}\b",  # numeric
    r"\b[A-Za-z0-9]{2,}(?:-[A-Za-z0-9]+){1,3}\b",  # dash-separated groups
)
_THREAD_SIZE = r"\d+/\d+-\d+"  # 5/16-18: diameter and threads per inch, whose "16-18" is no part number
_MIN_DIGITS = 3
_MIN_LENGTH = 4
_MAKER_PREFIX = r"^\s*([A-Za-z]{2,})\s+(\S.*)$"  # "Raco 2902": a maker's name, a space, then the number


def normalize_part_number(values: pl.Expr) -> pl.Expr:
    """Upper case with every non-alphanumeric character removed; null when nothing part-number-like is left."""
    normalized = values.str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    plausible = (normalized.str.count_matches(r"\d") >= _MIN_DIGITS) & (normalized.str.len_chars() >= _MIN_LENGTH)
    return pl.when(plausible).then(normalized).otherwise(None)


def part_numbers_in_text(text: pl.Expr) -> pl.Expr:
    """Every normalized part-number-like token in free text (List(Utf8)), by the format families."""
    text = text.fill_null("").str.replace_all(_THREAD_SIZE, " ")
    found = pl.concat_list([text.str.extract_all(pattern) for pattern in _FAMILIES])
    return found.list.eval(normalize_part_number(pl.element()).drop_nulls()).list.unique()


def maker_prefixed_part_number(values: pl.Expr) -> pl.Expr:
    """Struct (maker, part_number) when a typed part number starts with a name ("Raco 2902" -> raco, 2902).

    Estimators often write the maker before the number; the catalog lists the number alone, so the
    remainder is looked up too, but only counts for a product of that maker.
    """
    parts = values.str.extract_groups(_MAKER_PREFIX)
    return pl.struct(maker=parts.struct[0].str.to_lowercase(), part_number=normalize_part_number(parts.struct[1]))
