"""Matched lines of one takeoff revision -> the material-requirements document for the platform."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import polars as pl


def requirement_lines(matches: pl.DataFrame) -> pl.DataFrame:
    """One line per SKU: quantities in the stock unit summed over the takeoff's matched lines."""
    return (
        matches.filter(pl.col("status") == "matched")
        .group_by("sku", "stock_uom")
        .agg(quantity=pl.col("stock_quantity").sum(), source_line_ids=pl.col("line_id").sort())
        .rename({"stock_uom": "uom"})
        .sort("sku")
    )


def requirement_document(takeoff_id: str, revision: int, warehouse_code: str | None,
                         lines: pl.DataFrame) -> dict[str, Any]:
    """The POST body. Quantities are rounded to 6 places so the same input always hashes the same."""
    return {
        "source_document": takeoff_id,
        "source_revision": revision,
        "warehouse_code": warehouse_code,
        "lines": [
            {"sku": row["sku"], "quantity": round(row["quantity"], 6), "uom": row["uom"],
             "source_line_ids": list(row["source_line_ids"])}
            for row in lines.iter_rows(named=True)
        ],
    }


def idempotency_key(prefix: str, body: dict[str, Any]) -> str:
    """Stable for the same content, different for any change, so retries replay and edits are new writes."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return f"{prefix}:{digest[:32]}"
