"""Notes set off from the product in a takeoff description: in brackets, or after a comma or a dash.

"1/2" EMT, feeders to panel LP-2A", "4" no-hub pipe (trench drain outlet)", "5/8 type X 4x12 - unit
demising walls": estimators put the product first and what it is for after it. No list of note words
can know every one, so the matcher reads a line that did not match as written once more without them
(`without_notes`), and accepts that reading only if no word of the notes points elsewhere (see
matching). A note saying "no" or "without" a feature ("(no damper)") names what the product must lack.
"""

from __future__ import annotations

import polars as pl

_BRACKETED = r"\([^)]*\)?|\[[^\]]*\]?"
_CLAUSE_START = r",\s|;\s|\s[-–]{1,2}\s"  # "1,200" and "1-1/2" are no clause breaks
_NEGATION = r"(?i)\b(?:no|without|w/o|less|excl(?:uding)?\.?)\s+([a-z][a-z\-]*)"  # not "non": "non-fused" is a product


def without_notes(descriptions: pl.Series) -> pl.DataFrame:
    """Per description: `head`, the product part before any note (null when there is no note or no word
    would remain), `notes`, the text set off, `negated`, the words a note says the product lacks, and
    `affirmed`, the notes without those."""
    text = descriptions.cast(pl.Utf8).fill_null("")
    bracketed = text.str.extract_all(_BRACKETED).list.join(" ")
    unbracketed = text.str.replace_all(_BRACKETED, " ")
    cut = unbracketed.str.find(_CLAUSE_START)
    head = pl.select(pl.when(cut.is_not_null()).then(unbracketed.str.slice(0, cut)).otherwise(unbracketed)).to_series()
    tail = pl.select(pl.when(cut.is_not_null()).then(unbracketed.str.slice(cut)).otherwise(pl.lit(""))).to_series()
    notes = pl.select(pl.concat_str([tail, bracketed], separator=" ").str.replace_all(r"\s+", " ")
                      .str.strip_chars(" ,;-–")).to_series()
    return pl.DataFrame({"head": head.str.strip_chars(), "notes": notes}).with_columns(
        head=pl.when((pl.col("notes") != "") & pl.col("head").str.contains(r"[A-Za-z]{2}")).then("head"),
        negated=pl.col("notes").str.extract_all(_NEGATION).list.eval(
            pl.element().str.extract(_NEGATION, 1).str.to_lowercase()).list.join(" "),
        affirmed=pl.col("notes").str.replace_all(_NEGATION, " "),
    )
