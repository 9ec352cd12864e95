"""Matching quality on the independent challenge set (benchmarks/challenge/), written by a different hand
than the dev set: its own catalog wording, abbreviations, unit spellings and traps.

Prints the same figures as benchmarks/matching_quality.py (its scoring function is imported, not copied),
then a breakdown of the failures:
- every wrong automatic match (line, chosen sku, truth), split into wrong sku / must-not-auto,
- quantity errors on correct automatic matches,
- a sample of `unique` lines that were sent to review or left unmatched, with the matcher's reason.

    python benchmarks/matching_challenge.py [--all] [--sample N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))

from matching_quality import print_figures, quality_figures  # noqa: E402

CHALLENGE_SET = BENCHMARKS / "challenge"


def _row(r: dict, extra: str = "") -> str:
    truth = r["truth_status"] + (f" {r['truth_sku']}" if r["truth_sku"] else "")
    return (f"  {r['line_id']}  {r['description']!r} | {r['quantity']} {r['uom']!r}"
            f"{' pn=' + repr(r['part_number']) if r['part_number'] else ''}\n"
            f"      -> {r['status']} {r['sku'] or ''}  (truth: {truth}){extra}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="list every unique line sent to review/unmatched")
    parser.add_argument("--sample", type=int, default=25, help="how many review/unmatched unique lines to show")
    args = parser.parse_args()

    started = time.perf_counter()
    figures, joined = quality_figures(CHALLENGE_SET)
    print(f"challenge set: {CHALLENGE_SET} ({time.perf_counter() - started:.2f} s)")
    print_figures(figures)

    lines = pl.read_csv(CHALLENGE_SET / "takeoff_lines.csv", infer_schema=False).fill_null("")
    catalog = pl.read_csv(CHALLENGE_SET / "catalog.csv", infer_schema=False).select("sku", "description")
    desc_of = dict(zip(catalog["sku"], catalog["description"]))
    df = joined.join(lines.select("line_id", "description", "quantity", "uom", "part_number"), on="line_id",
                     how="left").with_columns(pl.col("truth_sku").fill_null(""), pl.col("reason").fill_null(""))

    print("\ncomposition (truth status x matcher status):")
    print(df.group_by("truth_status", "status").len().sort("truth_status", "status")
          .pivot(on="status", index="truth_status", values="len").fill_null(0))

    auto = df.filter(pl.col("auto"))
    wrong_sku = auto.filter(pl.col("truth_status").is_in(["unique", "ambiguous"]) & ~pl.col("correct"))
    unsafe = auto.filter(pl.col("truth_status").is_in(["ambiguous", "absent", "review_uom"]))
    print(f"\nWRONG SKU on answerable lines ({wrong_sku.height}):")
    for r in wrong_sku.sort("line_id").iter_rows(named=True):
        print(_row(r, f"\n      chosen: {desc_of.get(r['sku'], '?')!r}"))
    print(f"\nAUTO-MATCHED lines that must not be auto ({unsafe.height}):")
    for r in unsafe.sort("truth_status", "line_id").iter_rows(named=True):
        print(_row(r, f"\n      chosen: {desc_of.get(r['sku'], '?')!r} uom_code={r['uom_code']} qty={r['stock_quantity']}"))

    good = auto.filter(pl.col("correct") & (pl.col("truth_status") == "unique"))
    diff = (pl.col("stock_quantity") - pl.col("truth_quantity")).abs()
    bad_qty = good.filter(~((diff <= 1e-6 * pl.col("truth_quantity").abs()) | (diff <= 5e-7)).fill_null(False))
    print(f"\nQUANTITY errors on correct auto matches ({bad_qty.height}):")
    for r in bad_qty.sort("line_id").iter_rows(named=True):
        print(_row(r, f"  uom_code={r['uom_code']} got {r['stock_quantity']} want {r['truth_quantity']}"))

    missed = df.filter((pl.col("truth_status") == "unique") & ~pl.col("auto"))
    print(f"\nUNIQUE lines not auto-matched ({missed.height}; by status: "
          f"{dict(missed.group_by('status').len().iter_rows())}):")
    shown = missed.sort("line_id") if args.all else missed.sample(min(args.sample, missed.height), seed=7).sort("line_id")
    for r in shown.iter_rows(named=True):
        top = ", ".join((r["candidates"] or [])[:3])
        hit = "top3 hit" if r["truth_sku"] in (r["candidates"] or [])[:3] else "top3 MISS"
        print(_row(r, f"\n      reason: {r['reason']}\n      candidates: [{top}] {hit}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
