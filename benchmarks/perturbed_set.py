"""A labelled set rewritten the way unfamiliar writers write: a check of generalization by mechanism.

Each line of a labelled set (the dev set by default) is rewritten, seeded, by general mutations that do
not change what it means: a transposed, dropped or doubled letter in a long word, a word cut to its
first letters (with or without a period), a unit spelled with other case, periods or a plural, and an
annotation (sheet reference, level tag, scope note) added. The truth file is copied unchanged.

    python benchmarks/perturbed_set.py OUT_DIR [--from DIR] [--rate 0.5] [--seed 11]
    python benchmarks/matching_quality.py OUT_DIR
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

import polars as pl

from matching_quality import DEV_SET

ANNOTATIONS = ("- see E-{n}", "(Level {d})", "typ.", "F&I", "per plans", "@ area {c}", "dwg E{d}.{d}",
               "verify in field", "{d}rd floor")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("transpose", "drop", "double"))
    if kind == "transpose":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _truncate(word: str, rng: random.Random) -> str:
    return word[: rng.randint(4, min(5, len(word) - 2))] + rng.choice(("", "."))


def perturb_description(text: str, rng: random.Random, rate: float) -> str:
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Za-z]{6,}", w)]
    if long and rng.random() < rate:
        i = rng.choice(long)
        words[i] = (_typo if rng.random() < 0.5 else _truncate)(words[i], rng)
    text = " ".join(words)
    if rng.random() < rate / 2:
        note = rng.choice(ANNOTATIONS).format(n=rng.randint(100, 699), d=rng.randint(1, 9), c=rng.choice("ABCD"))
        text = f"{text} {note}" if rng.random() < 0.7 else f"{note} {text}"
    return text


def perturb_unit(unit: str | None, rng: random.Random, rate: float) -> str | None:
    if not unit or rng.random() >= rate:
        return unit
    plural = unit.lower() if unit.lower().endswith("s") else unit.lower() + "s"
    return rng.choice((unit.upper(), unit.lower() + ".", ".".join(unit.upper()) + ".", plural))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--from", dest="source", type=Path, default=DEV_SET)
    parser.add_argument("--rate", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("catalog.csv", "truth.csv"):
        shutil.copy(args.source / name, args.out_dir / name)
    lines = pl.read_csv(args.source / "takeoff_lines.csv", infer_schema=False)
    lines.with_columns(
        description=pl.Series([perturb_description(d or "", rng, args.rate) for d in lines["description"]]),
        uom=pl.Series([perturb_unit(u, rng, args.rate) for u in lines["uom"]], dtype=pl.Utf8),
    ).write_csv(args.out_dir / "takeoff_lines.csv")
    print(f"{lines.height} lines rewritten into {args.out_dir}")


if __name__ == "__main__":
    main()
