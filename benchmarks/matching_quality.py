"""Matching quality on the labelled dev set (../shared/datasets/matching-dev next to the repo).

Figures, all over the dev set's truth labels:
- auto precision: correct automatic matches / automatic matches on lines that have a right answer
  (truth `unique`, or `ambiguous` where any listed SKU counts as right);
- coverage: correct automatic matches / `unique` lines;
- unsafe auto rate: automatic matches / lines that must not be matched automatically
  (`ambiguous`, `absent`, `review_uom`);
- quantity accuracy: among correct automatic matches of `unique` lines, stock quantity equal to
  the truth within 1e-6 relative (or 5e-7 absolute: the truth file is written with six decimals);
- review top-3 recall: among `unique` lines sent to review, truth SKU in the first three candidates.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import polars as pl

from sync_pipeline.core.matching import build_catalog_index, match_lines
from sync_pipeline.matchfiles import read_catalog, read_lines

DEV_SET = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "matching-dev"


def quality_figures(dev_set: Path = DEV_SET) -> tuple[dict[str, float], pl.DataFrame]:
    """Run the matcher over the dev set; return the figures and the per-line comparison frame."""
    index = build_catalog_index(read_catalog(dev_set / "catalog.csv"))
    results = match_lines(index, read_lines(dev_set / "takeoff_lines.csv"))
    truth = pl.read_csv(dev_set / "truth.csv", infer_schema=False).rename(
        {"status": "truth_status", "sku": "truth_sku", "stock_quantity": "truth_quantity"}
    ).with_columns(pl.col("truth_quantity").cast(pl.Float64), acceptable=pl.col("truth_sku").str.split("|"))
    joined = results.join(truth, on="line_id").with_columns(
        auto=pl.col("status") == "matched",
        correct=pl.col("acceptable").list.contains(pl.col("sku")).fill_null(False),
    )
    unique = pl.col("truth_status") == "unique"
    answerable = pl.col("truth_status").is_in(["unique", "ambiguous"])
    must_not_auto = pl.col("truth_status").is_in(["ambiguous", "absent", "review_uom"])
    good_auto = pl.col("auto") & pl.col("correct") & unique
    difference = (pl.col("stock_quantity") - pl.col("truth_quantity")).abs()
    quantity_ok = (difference <= 1e-6 * pl.col("truth_quantity").abs()) | (difference <= 5e-7)
    review = unique & (pl.col("status") == "review")
    top3 = pl.col("candidates").list.head(3).list.contains(pl.col("truth_sku"))
    row = joined.select(
        auto_precision=(pl.col("auto") & pl.col("correct") & answerable).sum() / (pl.col("auto") & answerable).sum(),
        coverage=good_auto.sum() / unique.sum(),
        unsafe_auto_rate=(pl.col("auto") & must_not_auto).sum() / must_not_auto.sum(),
        quantity_accuracy=(good_auto & quantity_ok.fill_null(False)).sum() / good_auto.sum(),
        review_top3_recall=(review & top3).sum() / review.sum(),
        unique_sent_to_review=review.sum().cast(pl.Float64),
    ).row(0, named=True)
    return row, joined


TARGETS = {"auto_precision": (">=", 0.995), "coverage": (">=", 0.90), "unsafe_auto_rate": ("<=", 0.01),
           "quantity_accuracy": (">=", 0.99), "review_top3_recall": (">=", 0.90)}


def main() -> int:
    if not DEV_SET.is_dir():
        print(f"skipped: dev set not found at {DEV_SET}")
        return 0
    started = time.perf_counter()
    figures, _ = quality_figures()
    print(f"dev set: {DEV_SET} ({time.perf_counter() - started:.2f} s)")
    print_figures(figures)
    return 0


def print_figures(figures: dict[str, float]) -> None:
    """One line per figure, with its target and whether it is met."""
    for name, value in figures.items():
        target = TARGETS.get(name)
        verdict = ""
        if target:
            op, goal = target
            ok = value >= goal if op == ">=" else value <= goal
            verdict = f"  (target {op} {goal}: {'ok' if ok else 'SHORT'})"
        print(f"{name:24s} {value:.4f}{verdict}")


if __name__ == "__main__":
    sys.exit(main())
