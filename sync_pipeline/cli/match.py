"""`sync-pipeline match`: match a takeoff CSV against a catalog CSV, offline, and write the results as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sync_pipeline.core.learning import learn_from_decisions
from sync_pipeline.core.matching import build_catalog_index, match_lines
from sync_pipeline.matchfiles import MatchFileError, read_catalog, read_lines, read_mappings, write_results

EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("match", help="match takeoff lines in a CSV file to catalog SKUs")
    parser.add_argument("--catalog", type=Path, required=True, help="catalog CSV (sku, description, uom, uom_conversions...)")
    parser.add_argument("--lines", type=Path, required=True, help="takeoff lines CSV (line_id, description, quantity, uom...)")
    parser.add_argument("--out", type=Path, required=True, help="results CSV to write")
    parser.add_argument("--mappings", type=Path,
                        help="confirmed mappings CSV (description, sku); the matcher also learns from them, as from "
                             "review decisions")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        catalog = read_catalog(args.catalog)
        lines = read_lines(args.lines)
        mappings = read_mappings(args.mappings) if args.mappings else None
    except MatchFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    index = build_catalog_index(catalog)
    learned = learn_from_decisions(index, mappings) if mappings is not None else None
    results = match_lines(index, lines, mappings, learned)
    write_results(results, args.out)
    counts = results["status"].value_counts().sort("status")
    summary = ", ".join(f"{row['count']} {row['status']}" for row in counts.iter_rows(named=True))
    taught = f"; {learned.height} dictionary entries learned from the mappings" if learned is not None else ""
    print(f"{results.height} lines: {summary}{taught}; written to {args.out}")
    return 0
