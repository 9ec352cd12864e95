"""Attribute kinds of canonical tokens: what a description states about size, gauge, colour, rating...

A token's kind is read from the typed spelling `normalize` gives it ("0.5in" is a size, "12ga" a
gauge), or from the shipped groups of mutually exclusive words (sync_pipeline/data/exclusive_words.csv: colour,
core solid/stranded/foam, thread coarse/fine, head pan/flat/hex...). Two descriptions stating
different values of one kind describe different products: a 1/2" EMT connector is never a 3/4"
one, a 20 A switch never a 15 A one, a coarse-thread screw never a fine-thread one.
"""

from __future__ import annotations

import polars as pl

KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("size", r"^[\d.]+in$"),
    ("length", r"^[\d.]+ft$"),
    ("dimensions", r"^[\d.]+x[\d.]+dim$"),
    ("gauge", r"^[\d/]+ga$"),
    ("conductors", r"^\d+cond$"),
    ("amps", r"^[\d.]+a$"),
    ("volts", r"^[\d.]+v$"),
    ("schedule", r"^sch\d+$"),
    ("grade", r"^\d+grade$"),
    ("type", r"^type[a-z]$"),
    ("angle", r"^[\d.]+deg$"),
    ("holes", r"^\d+hole$"),
    ("gangs", r"^\d+gang$"),
    ("switching", r"^\d+(?:pole|way)$"),
    ("threads", r"^\d+tpi$"),
    ("volume", r"^[\d.]+(?:oz|gal)$"),
    ("weight", r"^[\d.]+lb$"),
)

MEASURED_KINDS = frozenset(name for name, _ in KIND_PATTERNS)  # kinds read from numbers, not word groups


# A designation: a few letters and a number, the letters naming the scale ("R-13" and "R-30" insulation,
# "MERV 8", "QO120", "T8"): the same letters with another number is another product.
DESIGNATION = r"^([a-z]{1,4})\d+[a-z]?$"


def token_kind(token: pl.Expr, word_groups: dict[str, str]) -> pl.Expr:
    """The attribute kind of each canonical token (a measurement kind, a word group, or the designation of
    its letters), null for plain words."""
    kind = pl.when(token.is_in(list(word_groups))).then(token.replace_strict(word_groups, default=None))
    for name, pattern in KIND_PATTERNS:
        kind = kind.when(token.str.contains(pattern)).then(pl.lit(name))
    kind = kind.when(token.str.contains(DESIGNATION)).then(pl.concat_str(pl.lit("designation "),
                                                                         token.str.extract(DESIGNATION, 1)))
    return kind.otherwise(pl.lit(None, dtype=pl.Utf8)).alias("kind")
