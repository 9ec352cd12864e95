"""Matching speed and blocking quality at scale, against the naive baseline.

    python benchmarks/matching_speed.py                       # 100,000 lines x 1,000,000 SKUs, then 300 x 100,000
    python benchmarks/matching_speed.py --lines 10000 --skus 100000

Catalog and lines come from `scale_data` (dev-catalog style; see there). Times are wall clock:
building the catalog index, then matching with the index built, and their sum; with the process's
CPU seconds of each (all threads), steadier than wall time when other work loads the machine. Besides time and
peak memory it prints, on the generated set: blocking recall (source SKU among the blocked
candidates), how often blocking vouched for its search (`complete`) and the recall then, top-5
recall, and auto-match precision (automatic SKU is the source SKU), split by
whether the line has one right answer (it states all its product's attributes and no other
product has the same description, or it gives the part number). The baseline is rapidfuzz
process.extractOne per line over all descriptions, timed on a sample and extrapolated.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import polars as pl
from rapidfuzz import fuzz, process
from scale_data import generate_catalog, generate_lines

from sync_pipeline.core.matching import CANDIDATES_PER_LINE, build_catalog_index, match_lines
from sync_pipeline.core.normalize import canonical_tokens


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads: less sensitive than wall time to other work on the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_memory_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB


def blocking(index, lines: pl.DataFrame) -> pl.DataFrame:
    """Per line: whether its source SKU is among the candidates blocking hands to scoring, and whether
    blocking vouched for its search (`complete`; false too when it found nothing)."""
    queries = pl.DataFrame({"qid": pl.int_range(lines.height, eager=True).cast(pl.UInt32),
                            "tokens": canonical_tokens(lines["description"], index.dictionaries)})
    found = index.blocker.search(queries, CANDIDATES_PER_LINE).join(index.products.select("pid", "sku"), on="pid")
    per_line = found.group_by("qid").agg(pl.col("complete").first(), skus=pl.col("sku"))
    return (
        lines.select(sku="source_sku").with_row_index("qid").join(per_line, on="qid", how="left", maintain_order="left")
        .select(blocked=pl.col("skus").list.contains(pl.col("sku")).fill_null(False),
                complete=pl.col("complete").fill_null(False))
    )


def quality(index, catalog: pl.DataFrame, lines: pl.DataFrame, results: pl.DataFrame) -> None:
    makers_per_description = catalog.group_by("description").agg(listed=pl.len())
    frame = (
        lines.join(catalog.select(source_sku="sku", source_description="description"), on="source_sku", how="left")
        .join(makers_per_description.rename({"description": "source_description"}), on="source_description", how="left")
        .hstack(blocking(index, lines))
        .join(results.select("line_id", "status", "sku", "candidates"), on="line_id")
        .with_columns(
            one_answer=pl.col("specified") & ((pl.col("listed") == 1) | pl.col("part_number").is_not_null()),
            auto=pl.col("status") == "matched",
            correct=pl.col("sku") == pl.col("source_sku"),
            shown=pl.col("candidates").list.contains(pl.col("source_sku")),
        )
    )
    for label, subset in (("one right answer", frame.filter("one_answer")), ("several fit", frame.filter(~pl.col("one_answer")))):
        row = subset.select(
            n=pl.len(), blocked=pl.col("blocked").mean(), complete=pl.col("complete").mean(),
            blocked_if_complete=pl.col("blocked").filter("complete").mean(), shown=pl.col("shown").mean(),
            auto=pl.col("auto").mean(), precision=(pl.col("auto") & pl.col("correct")).sum() / pl.col("auto").sum(),
            auto_incomplete=(pl.col("auto") & ~pl.col("complete")).sum(),
        ).row(0, named=True)
        print(f"  {label:17s} {row['n']:>7,} lines: blocking recall {row['blocked']:.3f} "
              f"(complete {row['complete']:.3f}, "
              f"recall when complete {row['blocked_if_complete'] or 0:.4f}), top-5 recall {row['shown']:.3f}, "
              f"auto {row['auto']:.3f}, auto precision {row['precision'] or 0:.4f}, "
              f"auto on incomplete blocking {row['auto_incomplete']}")


def measure(n_lines: int, n_skus: int, baseline_sample: int) -> None:
    catalog = generate_catalog(n_skus)
    lines = generate_lines(catalog, n_lines)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    index = build_catalog_index(catalog)
    built, cpu_built = time.perf_counter(), cpu_seconds()
    results = match_lines(index, lines.drop("source_sku", "specified"))
    done, cpu_done = time.perf_counter(), cpu_seconds()
    statuses = dict(results["status"].value_counts().iter_rows())
    print(f"{n_lines:,} lines x {n_skus:,} SKUs ({lines['description'].n_unique():,} distinct descriptions): "
          f"index {built - started:.1f} s + match {done - built:.2f} s = {done - started:.1f} s wall "
          f"(CPU {cpu_built - cpu_started:.1f} s + {cpu_done - cpu_built:.2f} s); "
          f"peak memory {peak_memory_gib():.2f} GiB; {statuses}; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores (other work on the machine inflates wall times)")
    choices = catalog["description"].to_list()
    sample = lines["description"].head(baseline_sample).to_list()
    t0 = time.perf_counter()
    for query in sample:
        process.extractOne(query, choices, scorer=fuzz.token_set_ratio)
    per_line = (time.perf_counter() - t0) / len(sample)
    naive = per_line * n_lines
    print(f"  naive baseline (extractOne over all descriptions): {per_line * 1000:.1f} ms/line on {len(sample)} lines, "
          f"extrapolated {naive:.0f} s for {n_lines:,} lines = {naive / (done - built):.0f}x the matcher's match time")
    quality(index, catalog, lines, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=1_000_000)
    parser.add_argument("--baseline-sample", type=int, default=20)
    args = parser.parse_args()
    measure(args.lines, args.skus, args.baseline_sample)
    measure(300, min(100_000, args.skus), args.baseline_sample)


if __name__ == "__main__":
    main()
