"""Takeoff line items as estimators typed them -> normalized lines, with bad ones quarantined.

A bad line (no description, a quantity that is not a positive number, no unit, a missing or
repeated id, a field of the wrong JSON type, damaged text, a line that is not an object at all)
is kept with a reason and skipped by matching; the rest of the takeoff goes on. An unknown unit
spelling is not a bad line: matching sends it to review instead of guessing.

Text is made safe before it reaches a frame: control characters and broken UTF-8 (lone
surrogates, U+FFFD left by a lenient decoder) become U+FFFD, and any field longer than
MAX_TEXT_LENGTH is cut with a marker, so a pasted megabyte never rides through every table
(the fetched payload in raw_takeoffs keeps the original).
"""

from __future__ import annotations

import json
import re
from typing import Any

import polars as pl

from sync_pipeline.core.normalize import description_key
from sync_pipeline.core.quantities import parse_quantity
from sync_pipeline.core.units import uom_code

MAX_DESCRIPTION_LENGTH = 500
MAX_TEXT_LENGTH = 1000
SHOWN_IN_REASON = 40
# Tab, newline and carriage return are whitespace; every other control character is damage.
DAMAGED_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")

# Column -> the line's JSON field. Problems in the fields that decide what and how much a line
# asks for quarantine it; the others are only made safe.
FIELDS = {"line_id": "id", "area": "area", "phase": "phase", "description": "description",
          "quantity_raw": "quantity", "uom_raw": "uom", "part_number": "part_number", "spec_ref": "spec_ref",
          "notes": "notes"}
JUDGED = frozenset({"id", "description", "quantity", "uom", "part_number"})
JSON_TYPES = {str: "a string", int: "a number", float: "a number", bool: "a boolean", list: "an array",
              dict: "an object", type(None): "null"}
NOT_TEXT = (bool, list, dict)

RAW_SCHEMA = {column: pl.Utf8 for column in FIELDS} | {"problems": pl.List(pl.Utf8)}


def _text(value: Any) -> tuple[str | None, list[str]]:
    """The value as safe text, and what was wrong with it (a JSON type a field cannot be, damaged characters)."""
    if value is None:
        return None, []
    problems = []
    if isinstance(value, NOT_TEXT):
        problems.append(f"is {JSON_TYPES[type(value)]}, expected text or a number")
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text, damaged = DAMAGED_TEXT.subn("\ufffd", text)
    if damaged:
        problems.append("has control characters or broken UTF-8")
    if len(text) > MAX_TEXT_LENGTH:
        text = f"{text[:MAX_TEXT_LENGTH]}… [cut from {len(text):,} characters]"
    return text, problems


def _raw_row(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        return dict.fromkeys(FIELDS) | {"problems": [f"line is {JSON_TYPES[type(item)]}, not an object"]}
    row: dict[str, Any] = {"problems": []}
    for column, name in FIELDS.items():
        row[column], problems = _text(item.get(name))
        if name in JUDGED:
            row["problems"] += [f"{name} {problem}" for problem in problems]
    return row


def raw_line_frame(line_items: list[Any]) -> pl.DataFrame:
    """Every field as safe text, whatever JSON the PM system sent, so judging happens in one place."""
    return pl.DataFrame([_raw_row(item) for item in line_items], schema=RAW_SCHEMA)


def _shown(column: str) -> pl.Expr:
    """The raw value as quoted in a reason, cut short: a reason is read in logs and the review queue."""
    value = pl.col(column)
    return pl.when(value.str.len_chars() > SHOWN_IN_REASON).then(value.str.slice(0, SHOWN_IN_REASON) + "…") \
        .otherwise(value)


def normalize_line_items(raw: pl.DataFrame, *, takeoff_id: str, revision: int, project_id: str) -> pl.DataFrame:
    """Parse quantities and units, key descriptions for the mapping table, and quarantine bad lines."""
    n = raw.height
    parsed = parse_quantity(raw["quantity_raw"])
    frame = raw.with_columns(
        line_number=pl.int_range(1, n + 1, dtype=pl.Int64),
        description=pl.col("description").str.strip_chars(),
        uom_raw=pl.col("uom_raw").str.strip_chars(),
        part_number=pl.col("part_number").str.strip_chars().replace("", None),
        quantity=parsed["quantity"],
        quantity_error=parsed["quantity_error"],
    )
    # A line without an id still needs a stable one to be tracked; it is quarantined all the same.
    frame = frame.with_columns(
        missing_id=pl.col("line_id").is_null() | (pl.col("line_id").str.strip_chars() == ""),
    ).with_columns(
        line_id=pl.when(pl.col("missing_id"))
        .then(pl.format("{}@{}#{}", pl.lit(takeoff_id), pl.lit(revision), pl.col("line_number")))
        .otherwise(pl.col("line_id")),
    ).with_columns(
        repeated_id=pl.col("line_id").is_duplicated() & (pl.col("line_id").cum_count().over("line_id") > 1),
    ).with_columns(
        line_id=pl.when(pl.col("repeated_id"))
        .then(pl.format("{}#{}", pl.col("line_id"), pl.col("line_number")))
        .otherwise(pl.col("line_id")),
    )
    reasons = [
        (pl.col("missing_id"), pl.lit("missing line id")),
        (pl.col("repeated_id"), pl.lit("line id repeats an earlier line")),
        (pl.col("description").fill_null("") == "", pl.lit("empty description")),
        (pl.col("description").str.len_chars() > MAX_DESCRIPTION_LENGTH,
         pl.lit(f"description longer than {MAX_DESCRIPTION_LENGTH} characters")),
        (pl.col("quantity_raw").is_null() | (pl.col("quantity_raw").str.strip_chars() == ""),
         pl.lit("missing quantity")),
        (pl.col("quantity_raw").is_not_null() & pl.col("quantity_error").is_not_null(),
         pl.format("unparseable quantity '{}'", _shown("quantity_raw"))),
        (pl.col("quantity") < 0, pl.format("negative quantity {}", pl.col("quantity_raw"))),
        (pl.col("quantity") == 0, pl.lit("zero quantity")),
        (pl.col("uom_raw").fill_null("") == "", pl.lit("missing unit")),
    ]
    reason = pl.concat_list([pl.col("problems"), *[pl.when(cond).then(text) for cond, text in reasons]]) \
        .list.drop_nulls()
    frame = frame.with_columns(reasons=reason).with_columns(
        line_status=pl.when(pl.col("reasons").list.len() > 0).then(pl.lit("quarantined")).otherwise(pl.lit("ok")),
        quarantine_reason=pl.when(pl.col("reasons").list.len() > 0).then(pl.col("reasons").list.join("; ")),
    )
    return frame.with_columns(
        takeoff_id=pl.lit(takeoff_id),
        revision=pl.lit(revision, dtype=pl.Int64),
        project_id=pl.lit(project_id),
        description_key=description_key(frame["description"].fill_null("")),
        uom_code=uom_code(frame["uom_raw"]),
    ).select(
        "takeoff_id", "revision", "line_id", "line_number", "project_id", "area", "phase", "description",
        "description_key", "quantity_raw", "quantity", "uom_raw", "uom_code", "part_number", "spec_ref", "notes",
        "line_status", "quarantine_reason",
    )
