"""Matching speed on a generated catalog in the dev-catalog style, against the naive baseline.

    python benchmarks/matching_speed.py                       # 100,000 lines x 1,000,000 SKUs, then 300 x 100,000
    python benchmarks/matching_speed.py --lines 10000 --skus 100000

The generator crosses product families, sizes, variants, colours, lengths and manufacturers, so
blocks are as crowded as in a real distributor catalog (the same item from many makers).
Lines are rendered from random products with estimator spellings (fractions, marks,
abbreviations, noise words). The baseline is rapidfuzz process.extractOne per line over all
descriptions; it is timed on a sample of lines and extrapolated.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import polars as pl
from rapidfuzz import fuzz, process

from sync_pipeline.core.matching import build_catalog_index, match_lines

SIZES = ["1/2", "3/4", "1", "1-1/4", "1-1/2", "2", "2-1/2", "3", "3-1/2", "4", "5", "6", "8", "10", "12"]
DECIMAL = {"1/2": ".5", "3/4": "0.75", "1-1/4": "1.25", "1-1/2": "1.5", "2-1/2": "2.5", "3-1/2": "3.5"}
FAMILIES = [  # noun, variants, suffix, estimator noun, stock uom, conversions
    ("CONDUIT", ["EMT", "RIGID GALV STEEL", "PVC SCH 40", "PVC SCH 80", "IMC", "ALUMINUM RIGID"], "X 10 FT", "cond", "FT", "STK:10;C:100"),
    ("COUPLING", ["EMT SET SCREW STEEL", "EMT COMPRESSION STEEL", "RIGID STEEL", "PVC", "EMT SET SCREW ZINC"], "", "cplg", "EA", "BX:25"),
    ("CONNECTOR", ["EMT SET SCREW STEEL", "EMT COMPRESSION STEEL", "FLEX SQUEEZE", "LIQUIDTIGHT STRAIGHT", "MC CABLE"], "", "conn", "EA", "BX:25"),
    ("STRAP", ["EMT 1 HOLE STEEL", "EMT 2 HOLE STEEL", "RIGID 1 HOLE", "PVC 2 HOLE"], "", "strap", "EA", "BX:100"),
    ("ELBOW", ["90 DEG WROT COPPER CXC", "45 DEG WROT COPPER CXC", "90 DEG PVC SCH 40", "90 DEG EMT"], "", "ell", "EA", "BG:10"),
    ("TEE", ["WROT COPPER CXCXC", "PVC SCH 40", "PVC DWV SANITARY", "BLACK IRON"], "", "tee", "EA", "BG:10"),
    ("VALVE", ["BALL BRASS FULL PORT SWEAT", "BALL BRASS THREADED", "GATE BRONZE", "CHECK SWING BRONZE"], "", "vlv", "EA", ""),
    ("PIPE", ["COPPER TYPE K HARD", "COPPER TYPE L HARD", "COPPER TYPE M HARD", "PVC DWV SCH 40", "CPVC CTS"], "X 20 FT", "pipe", "FT", "STK:20"),
    ("HANGER", ["CLEVIS", "SPLIT RING", "J HOOK"], "", "hanger", "EA", "BX:50"),
    ("BUSHING", ["PLASTIC", "INSULATED STEEL", "REDUCING"], "", "bushing", "EA", ""),
]
COLORS = ["WHITE", "BLACK", "RED", "BLUE", "GREEN", "GRAY", "IVORY", "YELLOW"]
MAKERS = [f"{a} {b}" for a in ("Allied", "Atlas", "Bridgeport", "Cerro", "Eaton", "Halex", "Hubbell", "Mueller",
                               "NIBCO", "Topaz", "Apollo", "Charlotte", "Legrand", "Siemens", "Southwire")
          for b in ("Tube", "Supply", "Industries", "Products")]
NOISE = ["", "", "", " (typ.)", " F&I", " per spec"]


def generate_catalog(n: int, seed: int = 7) -> pl.DataFrame:
    """`n` products: family x variant x size x finish/colour x grade, each grade from one maker."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        noun, variants, suffix, _, uom, conversions = FAMILIES[i % len(FAMILIES)]
        variant = variants[(i // len(FAMILIES)) % len(variants)]
        size = SIZES[(i // 60) % len(SIZES)]
        color = COLORS[(i // 900) % len(COLORS)]
        grade = i // 7200  # distinct product lines: series numbers, as big catalogs carry
        maker = MAKERS[grade % len(MAKERS)]
        rows.append((f"P{i:07d}", f"{noun} {variant} {size} IN {color} SERIES {grade} {suffix}".strip(),
                     maker, f"{maker[:2].upper()}-{rng.randrange(10**6):06d}", uom, conversions))
    return pl.DataFrame(rows, schema=["sku", "description", "manufacturer", "manufacturer_part_number", "uom",
                                      "uom_conversions"], orient="row").with_columns(
        category=pl.lit(None, pl.Utf8), active=pl.lit(True),
        uom_conversions=pl.col("uom_conversions").str.split(";").list.eval(
            pl.element().filter(pl.element() != "").str.split(":").list.to_struct(fields=["uom", "factor"])
        ).list.eval(pl.struct(pl.element().struct.field("uom"), pl.element().struct.field("factor").cast(pl.Float64))),
    )


def generate_lines(catalog: pl.DataFrame, n: int, seed: int = 11) -> pl.DataFrame:
    """`n` takeoff lines written the way estimators write them, from random catalog products."""
    rng = random.Random(seed)
    picks = catalog.sample(n, with_replacement=True, seed=seed).select("description")["description"].to_list()
    rows = []
    for i, description in enumerate(picks):
        words = description.split()
        size = words[words.index("IN") - 1]
        spelled = rng.choice([f'{size}"', f"{size} in", f"{DECIMAL.get(size, size)}in", f"{size.replace('-', ' ')}\""])
        body = " ".join(w for w in words if w not in ("IN", size, "X", "10", "20", "FT"))
        text = f"{spelled} {body.lower() if rng.random() < 0.5 else body}{rng.choice(NOISE)}"
        rows.append((f"L{i:07d}", text, float(rng.choice([1, 10, 25, 120, 1200])), rng.choice(["ea", "EA", "pcs", "box"]), None))
    return pl.DataFrame(rows, schema={"line_id": pl.Utf8, "description": pl.Utf8, "quantity": pl.Float64,
                                      "uom": pl.Utf8, "part_number": pl.Utf8}, orient="row")


def peak_memory_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB


def measure(n_lines: int, n_skus: int, baseline_sample: int) -> None:
    catalog = generate_catalog(n_skus)
    lines = generate_lines(catalog, n_lines)
    started = time.perf_counter()
    index = build_catalog_index(catalog)
    built = time.perf_counter()
    results = match_lines(index, lines)
    done = time.perf_counter()
    statuses = dict(results["status"].value_counts().iter_rows())
    print(f"{n_lines:,} lines x {n_skus:,} SKUs ({lines['description'].n_unique():,} distinct descriptions): "
          f"index {built - started:.1f} s + match {done - built:.2f} s = {done - started:.1f} s wall; {statuses}")
    choices = catalog["description"].to_list()
    sample = lines["description"].head(baseline_sample).to_list()
    t0 = time.perf_counter()
    for query in sample:
        process.extractOne(query, choices, scorer=fuzz.token_set_ratio)
    per_line = (time.perf_counter() - t0) / len(sample)
    naive = per_line * n_lines
    print(f"  naive baseline (extractOne over all descriptions): {per_line * 1000:.1f} ms/line on {len(sample)} lines, "
          f"extrapolated {naive:.0f} s for {n_lines:,} lines = {naive / (done - built):.0f}x the matcher's match time")
    print(f"  peak memory so far {peak_memory_gib():.2f} GiB")


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
