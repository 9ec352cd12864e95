"""Matching quality on a labelled set: the dev set (../shared/datasets/matching-dev next to the repo)
by default, or any directory holding catalog.csv, takeoff_lines.csv and truth.csv.

    python benchmarks/matching_quality.py [DIR] [--learn-fraction 0.1] [--seed 7]

Figures, all over the set's truth labels:
- auto precision: correct automatic matches / automatic matches on lines that have a right answer
  (truth `unique`, or `ambiguous` where any listed SKU counts as right);
- coverage: correct automatic matches / `unique` lines;
- unsafe auto rate: automatic matches / lines that must not be matched automatically
  (`ambiguous`, `absent`, `review_uom`);
- quantity accuracy: among correct automatic matches of `unique` lines, stock quantity equal to
  the truth within 1e-6 relative (or 5e-7 absolute: the truth file is written with six decimals);
- review top-3 recall: among `unique` lines sent to review, truth SKU in the first three candidates;
- ECE: expected calibration error of `confidence` over lines with a proposed SKU (10 equal-width bins),
  with the reliability table printed below the figures.
The naive baseline (rapidfuzz extractOne, token-set ratio over the catalog descriptions, automatic
at 90 or more) is scored in the same run.

--learn-fraction F decides a fraction F of the review queue's distinct descriptions from the truth file,
as a reviewer would (the truth SKU; a rejection for a product not in the catalog; an ambiguous line,
which its description does not settle, is left undecided), learns from those
decisions, re-matches, and prints coverage on the OTHER lines before and after.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process, utils

from sync_pipeline.core.learning import learn_from_decisions
from sync_pipeline.core.matching import build_catalog_index, match_lines
from sync_pipeline.core.normalize import description_key
from sync_pipeline.matchfiles import read_catalog, read_lines

DEV_SET = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "matching-dev"
BINS = 10
NAIVE_AUTO_SCORE = 90


def _truth(set_dir: Path) -> pl.DataFrame:
    return pl.read_csv(set_dir / "truth.csv", infer_schema=False).rename(
        {"status": "truth_status", "sku": "truth_sku", "stock_quantity": "truth_quantity"}
    ).with_columns(pl.col("truth_quantity").cast(pl.Float64), acceptable=pl.col("truth_sku").str.split("|"))


def figures_of(results: pl.DataFrame, truth: pl.DataFrame) -> tuple[dict[str, float], pl.DataFrame]:
    """The figures of matcher results against the truth, and the per-line comparison frame."""
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
    row["ece"] = expected_calibration_error(reliability(joined))
    return row, joined


def reliability(joined: pl.DataFrame) -> pl.DataFrame:
    """Per confidence bin, over lines with a proposed SKU whose rightness the truth settles (a review_uom
    line labelled without a SKU does not): lines, mean confidence, share right."""
    settled = (pl.col("truth_status") != "review_uom") | pl.col("truth_sku").is_not_null()
    proposed = joined.filter(pl.col("sku").is_not_null() & settled)
    return (
        proposed.with_columns(bin=(pl.col("confidence") * BINS).floor().clip(0, BINS - 1).cast(pl.Int32))
        .group_by("bin").agg(lines=pl.len(), confidence=pl.col("confidence").mean(), accuracy=pl.col("correct").mean())
        .sort("bin")
    )


def expected_calibration_error(table: pl.DataFrame) -> float:
    total = table["lines"].sum()
    return float(((table["confidence"] - table["accuracy"]).abs() * table["lines"]).sum() / total) if total else 0.0


def quality_figures(set_dir: Path = DEV_SET) -> tuple[dict[str, float], pl.DataFrame]:
    """Run the matcher over a labelled set; return the figures and the per-line comparison frame."""
    index = build_catalog_index(read_catalog(set_dir / "catalog.csv"))
    return figures_of(match_lines(index, read_lines(set_dir / "takeoff_lines.csv")), _truth(set_dir))


def naive_figures(set_dir: Path) -> dict[str, float]:
    """The naive baseline: the best catalog description by token-set ratio, automatic at NAIVE_AUTO_SCORE."""
    catalog = read_catalog(set_dir / "catalog.csv")
    lines = read_lines(set_dir / "takeoff_lines.csv")
    scores = process.cdist(lines["description"].fill_null("").to_list(), catalog["description"].to_list(),
                           scorer=fuzz.token_set_ratio, processor=utils.default_process, workers=-1)
    best = scores.argmax(axis=1)
    top = np.take_along_axis(scores, best[:, None], axis=1)[:, 0]
    results = lines.select("line_id", quantity=pl.col("quantity")).with_columns(
        sku=catalog["sku"].gather(best), confidence=pl.Series(top / 100.0),
        status=pl.when(pl.Series(top) >= NAIVE_AUTO_SCORE).then(pl.lit("matched")).otherwise(pl.lit("review")),
        candidates=catalog["sku"].gather(best).reshape((-1, 1)).cast(pl.List(pl.Utf8)),
        stock_quantity=pl.lit(None, pl.Float64),
    )
    figures, _ = figures_of(results, _truth(set_dir))
    return {name: figures[name] for name in ("auto_precision", "coverage", "unsafe_auto_rate", "ece")}


def learn_fraction_figures(set_dir: Path, fraction: float, seed: int) -> dict[str, float]:
    """Coverage on the lines not decided, before and after a reviewer decides `fraction` of the review
    queue's distinct descriptions (truth SKU, or a rejection) and the matcher learns from it."""
    index = build_catalog_index(read_catalog(set_dir / "catalog.csv"))
    lines = read_lines(set_dir / "takeoff_lines.csv")
    truth = _truth(set_dir)
    before = match_lines(index, lines)
    queue = before.filter(pl.col("status") != "matched").join(lines.select("line_id", "description", "uom"),
                                                              on="line_id").join(truth, on="line_id")
    queue = queue.with_columns(key=description_key(queue["description"])).unique("key", keep="first")
    # An ambiguous line has no one right SKU: the description alone does not tell a reviewer which.
    decided = queue.sample(fraction=fraction, seed=seed, shuffle=True).filter(
        pl.col("truth_status") != "ambiguous").select(
        "description", "uom", description_key="key",
        sku=pl.when(pl.col("truth_status") == "absent").then(None).otherwise(pl.col("acceptable").list.first()),
    )
    learned = learn_from_decisions(index, decided)
    after = match_lines(index, lines, decided.select("description_key", "description", "sku"), learned)
    others = lines.with_columns(key=description_key(lines["description"])).filter(
        ~pl.col("key").is_in(decided["description_key"].implode()))["line_id"]
    cover = lambda results: figures_of(results.filter(pl.col("line_id").is_in(others.implode())), truth)[0]
    was, now = cover(before), cover(after)
    return {"decided_descriptions": float(decided.height), "learned_entries": float(learned.height),
            "other_lines": float(others.len()), "coverage_before": was["coverage"], "coverage_after": now["coverage"],
            "precision_before": was["auto_precision"], "precision_after": now["auto_precision"]}


TARGETS = {"auto_precision": (">=", 0.995), "coverage": (">=", 0.95), "unsafe_auto_rate": ("<=", 0.01),
           "quantity_accuracy": (">=", 0.99), "review_top3_recall": (">=", 0.90), "ece": ("<=", 0.03)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set_dir", nargs="?", type=Path, default=DEV_SET, help="labelled set (default: the dev set)")
    parser.add_argument("--learn-fraction", type=float, help="decide this fraction of the review queue, then re-match")
    parser.add_argument("--seed", type=int, default=7, help="which descriptions the reviewer decides")
    args = parser.parse_args()
    if not args.set_dir.is_dir():
        print(f"skipped: labelled set not found at {args.set_dir}")
        return 0
    started = time.perf_counter()
    figures, joined = quality_figures(args.set_dir)
    print(f"set: {args.set_dir} ({time.perf_counter() - started:.2f} s)")
    print_figures(figures)
    print_reliability(reliability(joined))
    print("\nnaive baseline (extractOne, token-set ratio, automatic at 90):")
    for name, value in naive_figures(args.set_dir).items():
        print(f"  {name:22s} {value:.4f}")
    if args.learn_fraction:
        print(f"\nlearning from {args.learn_fraction:.0%} of the review queue (seed {args.seed}):")
        for name, value in learn_fraction_figures(args.set_dir, args.learn_fraction, args.seed).items():
            print(f"  {name:22s} {value:.4f}" if value < 10 else f"  {name:22s} {value:.0f}")
    return 0


def print_reliability(table: pl.DataFrame) -> None:
    """The reliability table: per confidence bin, lines, mean confidence and share right."""
    print("\nreliability (lines with a proposed SKU):\n  bin        lines  confidence  accuracy")
    for row in table.iter_rows(named=True):
        low = row["bin"] / BINS
        print(f"  {low:.1f}-{low + 1 / BINS:.1f}  {row['lines']:>7}  {row['confidence']:10.3f}  {row['accuracy']:8.3f}")
    print(f"  ECE {expected_calibration_error(table):.4f}")


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
