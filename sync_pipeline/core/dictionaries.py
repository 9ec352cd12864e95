"""The normalization dictionaries shipped inside the package (`sync_pipeline/data/`).

They are data, not code, so operations can extend a spelling or an abbreviation
without a release; this module is the one place that knows where they live.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # package data: present in any install


@dataclass(frozen=True)
class Dictionaries:
    """Loaded dictionaries; keys are already in the form the normalizer looks them up in."""

    uom_spellings: dict[str, str]  # normalized raw unit spelling -> platform unit code
    abbreviations: dict[str, str]  # single word -> canonical words ("" drops the word)
    phrases: dict[str, str]  # multi-word or punctuated phrase -> canonical words
    noise: tuple[str, ...]  # words and phrases that carry no product meaning
    word_groups: dict[str, str]  # canonical word -> group of mutually exclusive values ("coarse" -> "thread")
    type_letters: dict[str, str]  # product word -> the letters a lone letter beside it is a type of ("copper" -> "klm")
    default_words: frozenset[str]  # words that mark a product's plain variant ("regular", "standard")


def unit_spelling_key(raw: pl.Expr) -> pl.Expr:
    """The lookup form of a unit spelling, the same for the dictionary and for lines: case, punctuation,
    spacing and a plural "s" do not matter ("L.F.", "lin. ft", "LinFt" -> "lf", "linft"); a lone foot
    or inch mark is the unit it stands for ("'" -> "ft")."""
    raw = raw.str.strip_chars().str.to_lowercase()
    raw = pl.when(raw.is_in(["'", "’", "′"])).then(pl.lit("ft")).when(raw.is_in(['"', "”", "″", "''"])) \
        .then(pl.lit("in")).otherwise(raw)
    key = raw.str.replace_all(r"[^a-z0-9]", "")
    return pl.when(key.str.contains(r"^[a-z0-9]+[^s]s$")).then(key.str.strip_suffix("s")).otherwise(key)


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
        return [{c: (row[c] or "").strip() for c in columns} for row in reader]


def load_dictionaries(data_dir: Path) -> Dictionaries:
    """Read the dictionaries from `data_dir` (uom_spellings.csv, abbreviations.csv, noise_words.csv,
    exclusive_words.csv, type_letters.csv, default_words.csv)."""
    spellings = pl.DataFrame([r for r in _rows(data_dir / "uom_spellings.csv", ("spelling", "code")) if r["spelling"]],
                             schema={"spelling": pl.Utf8, "code": pl.Utf8})
    keyed = spellings.select(key=unit_spelling_key(pl.col("spelling")), code=pl.col("code").str.to_uppercase())
    clashes = keyed.unique().filter(pl.len().over("key") > 1)
    if clashes.height:
        raise ValueError(f"{data_dir / 'uom_spellings.csv'}: spellings that differ only in case, punctuation or "
                         f"plural name different units: {clashes.rows()}")
    units = dict(keyed.unique("key").iter_rows())
    abbreviations: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for r in _rows(data_dir / "abbreviations.csv", ("term", "canonical")):
        term = r["term"].lower()
        # Phrases, and words whose meaning carries a number ("two" -> "2"), are rewritten before the
        # measurement rules run so that "two gang" becomes a gang count rather than a bare 2.
        numeric = any(word[0].isdigit() for word in r["canonical"].split())
        target = phrases if numeric or not term.isalnum() else abbreviations
        target[term] = r["canonical"].lower()
    abbreviations = _resolved(abbreviations)
    noise = tuple(r["phrase"].lower() for r in _rows(data_dir / "noise_words.csv", ("phrase",)) if r["phrase"])
    word_groups = {
        r["word"].lower(): r["group"].lower()
        for r in _rows(data_dir / "exclusive_words.csv", ("group", "word"))
        if r["word"]
    }
    letters = data_dir / "type_letters.csv"  # optional: a dictionary folder without it has no lettered types
    type_letters = {r["word"].lower(): r["letters"].lower() for r in _rows(letters, ("word", "letters"))
                    if r["word"]} if letters.is_file() else {}
    defaults = data_dir / "default_words.csv"  # optional, like type_letters.csv
    default_words = frozenset(r["word"].lower() for r in _rows(defaults, ("word",)) if r["word"]) \
        if defaults.is_file() else frozenset()
    return Dictionaries(units, abbreviations, phrases, noise, word_groups, type_letters, default_words)


def _resolved(abbreviations: dict[str, str]) -> dict[str, str]:
    """Each word's canonical words, themselves in canonical spelling ("fmc" -> "flexible metal conduit"
    -> "flexible steel conduit" where "metal" means steel), without repeats.

    Descriptions are rewritten once, so a target written in a non-canonical spelling would leave
    "FMC" and "FLEXIBLE METAL CONDUIT" with different words.
    """
    def canonical(words: str) -> str:
        expanded = " ".join(abbreviations.get(word, word) for word in words.split())
        return " ".join(dict.fromkeys(expanded.split()))

    return {term: canonical(words) for term, words in abbreviations.items()}


@lru_cache(maxsize=1)
def shipped_dictionaries() -> Dictionaries:
    """The dictionaries that ship with the product, loaded once per process."""
    return load_dictionaries(DATA_DIR)
