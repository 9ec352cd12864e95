"""CSV files of the `match` command: read and validate catalog, takeoff lines and mappings; write results.

Every problem is reported as a MatchFileError naming the file and, where it applies, the row
(numbered as a spreadsheet shows it, the header being row 1) and the column, so an operator
can fix the file without reading code.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sync_pipeline.core.normalize import description_key
from sync_pipeline.core.quantities import parse_quantity

CATALOG_COLUMNS = ("sku", "description", "category", "manufacturer", "manufacturer_part_number", "uom",
                   "uom_conversions", "active")
REQUIRED_CATALOG_COLUMNS = ("sku", "description", "uom")
LINE_COLUMNS = ("line_id", "description", "quantity", "uom", "part_number")
REQUIRED_LINE_COLUMNS = ("line_id", "description", "quantity")
MAPPING_COLUMNS = ("description", "sku")
OUTPUT_COLUMNS = ("line_id", "status", "sku", "confidence", "method", "candidates", "stock_uom", "stock_quantity",
                  "reason", "annotations")
_CONVERSION = r"^[A-Za-z]+:\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$"
_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")


class MatchFileError(Exception):
    """An input file the match command cannot use; the message names file, row and column."""


def _read(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> pl.DataFrame:
    if not path.is_file():
        raise MatchFileError(f"{path}: file not found")
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise MatchFileError(f"{path}: line {line}: not valid UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise MatchFileError(f"{path}: cannot read ({error.strerror})") from None
    try:
        frame = pl.read_csv(raw, infer_schema=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as error:
        raise MatchFileError(f"{path}: not a readable CSV file ({str(error).splitlines()[0]})") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise MatchFileError(f"{path}: missing column(s) {', '.join(missing)} (header has: {', '.join(frame.columns)})")
    present = [c for c in (*required, *optional) if c in frame.columns]
    frame = frame.select(present).with_columns(pl.col(present).str.strip_chars())
    for column in optional:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
    return frame.with_columns(pl.col(c).replace("", None) for c in (*required, *optional))


def _fail_on(path: Path, frame: pl.DataFrame, bad: pl.Expr, column: str, problem: str) -> None:
    """Raise for the first row where `bad` holds; rows are numbered as a spreadsheet shows them (header = 1)."""
    rows = frame.with_row_index("row").filter(bad)
    if rows.height:
        first = rows.row(0, named=True)
        raise MatchFileError(f"{path}: row {first['row'] + 2}, column '{column}': {problem} (value: {first[column]!r})")


def _conversions(path: Path, catalog: pl.DataFrame) -> pl.Expr:
    parts = pl.col("uom_conversions").fill_null("").str.split(";").list.eval(
        pl.element().str.strip_chars().filter(pl.element() != "")
    )
    malformed = parts.list.eval(~pl.element().str.contains(_CONVERSION)).list.any()
    _fail_on(path, catalog, malformed, "uom_conversions", "expected UNIT:FACTOR pairs separated by ';', e.g. STK:10;C:100")
    zero = parts.list.eval(pl.element().str.split(":").list.get(1).cast(pl.Float64) <= 0).list.any()
    _fail_on(path, catalog, zero, "uom_conversions", "conversion factors must be positive")
    return parts.list.eval(
        pl.struct(
            uom=pl.element().str.split(":").list.get(0).str.to_uppercase(),
            factor=pl.element().str.split(":").list.get(1).cast(pl.Float64),
        )
    ).alias("uom_conversions")


def read_catalog(path: Path) -> pl.DataFrame:
    """The catalog CSV as the `products` frame build_catalog_index expects."""
    catalog = _read(path, REQUIRED_CATALOG_COLUMNS, tuple(c for c in CATALOG_COLUMNS if c not in REQUIRED_CATALOG_COLUMNS))
    for column in REQUIRED_CATALOG_COLUMNS:
        _fail_on(path, catalog, pl.col(column).is_null(), column, "value is required")
    _fail_on(path, catalog, ~pl.col("sku").is_first_distinct(), "sku", "duplicate SKU")
    active = pl.col("active").str.to_lowercase()
    _fail_on(path, catalog, active.is_not_null() & ~active.is_in(_TRUE + _FALSE), "active", "expected true or false")
    return catalog.with_columns(
        _conversions(path, catalog),
        pl.col("uom").str.to_uppercase(),
        active=active.is_null() | active.is_in(_TRUE),
    ).select(CATALOG_COLUMNS)


def read_lines(path: Path) -> pl.DataFrame:
    """Takeoff lines with quantities parsed; an unparseable quantity stays null (its line goes to review)."""
    lines = _read(path, REQUIRED_LINE_COLUMNS, tuple(c for c in LINE_COLUMNS if c not in REQUIRED_LINE_COLUMNS))
    _fail_on(path, lines, pl.col("line_id").is_null(), "line_id", "value is required")
    _fail_on(path, lines, ~pl.col("line_id").is_first_distinct(), "line_id", "duplicate line_id")
    return lines.with_columns(quantity=parse_quantity(lines["quantity"])["quantity"]).select(LINE_COLUMNS)


def read_mappings(path: Path) -> pl.DataFrame:
    """Confirmed mappings (description, sku) keyed the way match_lines looks them up, with the description
    (which learning and mapping by reading need)."""
    mappings = _read(path, MAPPING_COLUMNS, ())
    for column in MAPPING_COLUMNS:
        _fail_on(path, mappings, pl.col(column).is_null(), column, "value is required")
    return mappings.select(description_key=description_key(mappings["description"]), description="description",
                           sku="sku")


def write_results(results: pl.DataFrame, path: Path) -> None:
    """Results as CSV, candidates joined with '|' best first, confidence to three decimals (a reader's
    figure; the calibration is not finer than that)."""
    results.select(
        *OUTPUT_COLUMNS[:3],
        pl.col("confidence").round(3),
        OUTPUT_COLUMNS[4],
        pl.col("candidates").list.join("|"),
        *OUTPUT_COLUMNS[6:],
    ).write_csv(path)
