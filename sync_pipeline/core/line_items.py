"""Takeoff line items as estimators typed them -> normalized lines, with bad ones quarantined.

A bad line (no description, a quantity that is not a positive number, no unit, a missing or
repeated id) is kept with a reason and skipped by matching; the rest of the takeoff goes on.
An unknown unit spelling is not a bad line: matching sends it to review instead of guessing.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sync_pipeline.core.normalize import description_key
from sync_pipeline.core.quantities import parse_quantity
from sync_pipeline.core.units import uom_code

MAX_DESCRIPTION_LENGTH = 500

RAW_SCHEMA = {
    "line_id": pl.Utf8, "area": pl.Utf8, "phase": pl.Utf8, "description": pl.Utf8, "quantity_raw": pl.Utf8,
    "uom_raw": pl.Utf8, "part_number": pl.Utf8, "spec_ref": pl.Utf8, "notes": pl.Utf8,
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def raw_line_frame(line_items: list[Any]) -> pl.DataFrame:
    """Every field as text, whatever JSON type the PM system sent, so judging happens in one place."""
    rows = []
    for item in line_items:
        item = item if isinstance(item, dict) else {}
        rows.append({
            "line_id": _text(item.get("id")), "area": _text(item.get("area")), "phase": _text(item.get("phase")),
            "description": _text(item.get("description")), "quantity_raw": _text(item.get("quantity")),
            "uom_raw": _text(item.get("uom")), "part_number": _text(item.get("part_number")),
            "spec_ref": _text(item.get("spec_ref")), "notes": _text(item.get("notes")),
        })
    return pl.DataFrame(rows, schema=RAW_SCHEMA)


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
         pl.format("unparseable quantity '{}'", pl.col("quantity_raw"))),
        (pl.col("quantity") < 0, pl.format("negative quantity {}", pl.col("quantity_raw"))),
        (pl.col("quantity") == 0, pl.lit("zero quantity")),
        (pl.col("uom_raw").fill_null("") == "", pl.lit("missing unit")),
    ]
    reason = pl.concat_list([pl.when(cond).then(text) for cond, text in reasons]).list.drop_nulls()
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
