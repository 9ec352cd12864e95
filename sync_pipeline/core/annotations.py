"""Annotations in takeoff descriptions: what an estimator wrote about where or how, not what.

Drawing and sheet references ("see E-201", "dwg E2.1"), floor, level and area tags ("Level 2 -",
"(3rd floor)", "@ area B") and scope notes ("F&I", "typ.", "per plans", "verify in field") name no
product, and a number inside them would be read as a size that contradicts the right one. They are
cut out of the text the matcher reads and kept, verbatim, in the result's `annotations` column.

Only takeoff lines carry them, so only lines pay: each distinct description is scanned once, by
vectorized regular expressions; floor and level tags need look-around ("level 24 in" is a 24-inch
level, not a floor), so Python `re` reads the few descriptions holding a tag word.
"""

from __future__ import annotations

import re

import polars as pl

_SEPARATOR = r"(?:^|(?<=[,;:@(\[/])|(?<=\s-)|(?<=\s–)|(?<=\bat\s)|(?<=\bon\s))"  # a tag starts a segment
_NOT_A_MEASURE = r"(?!\s*(?:\"|''|'|-?\s*(?:in|inch|inches|ft|feet|foot|mm|cm|ga|gauge|a|amps?|v|volts?|lb|oz)\b))"
_SHEET = r"[a-z]{0,3}[-.]?\d{1,4}(?:\.\d{1,3})*[a-z]?(?:/[a-z]{0,3}[-.]?\d{1,4}(?:\.\d{1,3})*)?"
_PATTERNS = (  # plain regular expressions: run vectorized over every description at once
    # Notes in brackets that hold an annotation word: "(typ. corridor walls)", "[see E-201]".
    r"[(\[][^)\]]*\b(?:typ|typical|see|per|dwg|drawing|sht|sheet|detail|dtl|level|lvl|flr|floor|area|zone|bldg|"
    r"building|wing|verify|vif|by others|furnish|install|f&i|spec|specs|plans?|ref|note|allowance)\b[^)\]]*[)\]]",
    # Drawing and sheet references.
    rf"\b(?:see\s+|ref\.?\s+|per\s+)?(?:dwgs?|drawings?|shts?|sheets?|details?|dtl|elev(?:ation)?)\.?\s*(?:no\.?|#)?\s*{_SHEET}\b",
    rf"\bsee\s+{_SHEET}\b",
    r"\s(?:lvl|flr|floor)\.?\s*#?\s*(?:\d{1,2}|[a-z])\s*$",  # "... lvl 3" closing the line
    r"\b\d{1,2}(?:st|nd|rd|th)\s+(?:floor|flr|fl|level|lvl)\b",
    r"\b(?:ground|basement|roof|mezzanine)\s+(?:floor|flr|level|lvl)\b",
    # Scope notes.
    r"\b(?:furnish(?:ed)?\s*(?:&|and)\s*install(?:ed)?|f\s*&\s*i|f/i)\b",
    r"\b(?:field\s+)?verify(?:\s+in\s+field|\s+with\s+\w+)?\b|\bv\.?i\.?f\b\.?",
    r"\bper\s+(?:plans?|specs?|specifications?|code|engineer|architect|owner|details?)\b",
    r"\b(?:by\s+others|owner\s+furnished|as\s+(?:req(?:uire)?d|needed|shown))\b",
    r"\btyp(?:ical)?\b\.?(?:\s+(?:of|at)\s+\d+)?",
)
_ANNOTATION = "(?i)" + "|".join(f"(?:{p})" for p in _PATTERNS)
# Floor, level and area tags, where a segment starts and not followed by a unit ("level 24 in" is a tool):
# these need look-around, so Python `re`, on the few descriptions holding a tag word.
_TAG = re.compile(
    rf"{_SEPARATOR}\s*(?:level|lvl|lev|flr|floor|area|zone|bldg|building|wing|phase)\.?\s*#?\s*"
    rf"(?:[a-z]?\d{{1,3}}[a-z]?|[a-z]|ground|basement|roof|mezz(?:anine)?){_NOT_A_MEASURE}\b", re.IGNORECASE)
_TAG_WORD = r"(?i)\b(?:level|lvl|lev|flr|floor|area|zone|bldg|building|wing|phase)\b"


def _tags(description: str) -> tuple[str, list[str]]:
    found = [m.group(0).strip(" -–,;") for m in _TAG.finditer(description)]
    return (_TAG.sub(" ", description), found) if found else (description, [])


def split_annotations(descriptions: pl.Series) -> pl.DataFrame:
    """(product_text, annotations): each description without its annotations, and them (null when none)."""
    text = descriptions.cast(pl.Utf8).fill_null("")
    distinct = pl.DataFrame({"text": text.unique(maintain_order=True)}).with_columns(
        found=pl.col("text").str.extract_all(_ANNOTATION), product_text=pl.col("text").str.replace_all(_ANNOTATION, " "))
    tagged = distinct.filter(pl.col("product_text").str.contains(_TAG_WORD))
    if tagged.height:
        split = [_tags(d) for d in tagged["product_text"].to_list()]
        tagged = tagged.select("text", tag_text=pl.Series([t for t, _ in split], dtype=pl.Utf8),
                               tags=pl.Series([f for _, f in split], dtype=pl.List(pl.Utf8)))
        distinct = distinct.join(tagged, on="text", how="left").with_columns(
            product_text=pl.coalesce("tag_text", "product_text"),
            found=pl.concat_list(pl.col("tags").fill_null([]), "found"))
    notes = pl.col("found").list.eval(pl.element().str.strip_chars(" -–,;")).list.eval(
        pl.element().filter(pl.element() != ""))
    distinct = distinct.select("text", "product_text",
                               annotations=pl.when(notes.list.len() > 0).then(notes.list.join("; ")))
    return pl.DataFrame({"text": text}).join(distinct, on="text", how="left", maintain_order="left").select(
        "product_text", "annotations")
