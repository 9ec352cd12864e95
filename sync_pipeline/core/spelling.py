"""Line words the catalog does not use, read as the catalog word they stand for.

Writers misspell ("recepticle", "coupilng"), truncate ("recep", "galv.") and skeletonize ("rcpt",
"cplg") trade words in ways no dictionary lists in full. A line word unknown to the catalog
vocabulary gets its possible readings, all beginning with its first letter:
- a typo: within OSA distance 1 (2 from 8 letters) of a catalog word, for words of 5+ letters;
- an abbreviation: its letters appear in order in a longer catalog word (a truncation or a consonant
  skeleton), for words of 3+ letters.
A word with one reading in the whole vocabulary is rewritten everywhere; one with several is rewritten
for a line only when exactly one of them is stated by the products found for the rest of the line
(`resolve_among`). Numbers, sizes and part numbers are never touched: only letter-only words are read.

Learned entries (term -> canonical words, from reviewers' decisions) and lone type letters next to
their product word ("copper ... L" is type L) are applied first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA

from sync_pipeline.core.attributes import MEASURED_KINDS

MIN_TYPO_LENGTH = 5  # shorter words are too close to too many others to call a one-letter change a typo
LONG_TYPO_LENGTH = 8  # from this length two edits are allowed
MIN_ABBREVIATION_LENGTH = 3
MAX_READINGS = 12  # a word readable as more catalog words than this says nothing
_WORD = r"^[a-z]+$"
LEARNED_SCHEMA = {"kind": pl.Utf8, "term": pl.Utf8, "canonical": pl.Utf8}  # kind: word | unit


@dataclass(frozen=True)
class Speller:
    """The spellings a line word may be read as: the catalog's plain words, and the dictionary's words
    (read as their canonical words: "tubi" -> "tubing" -> pipe), grouped by first letter."""

    known: frozenset[str]  # every catalog token
    by_letter: dict[str, list[str]]  # first letter -> spellings (letters only)
    blobs: dict[str, str]  # first letter -> those spellings, one per line, for subsequence search
    meaning: dict[str, str]  # spelling -> its canonical words

    @classmethod
    def of(cls, vocabulary: pl.DataFrame, abbreviations: dict[str, str]) -> Speller:
        plain = vocabulary.filter(~pl.col("kind").is_in(list(MEASURED_KINDS)).fill_null(False)
                                  & pl.col("token").str.contains(_WORD))["token"].to_list()
        meaning = {term: canonical for term, canonical in abbreviations.items()
                   if canonical and re.fullmatch(r"[a-z]{4,}", term)} | {word: word for word in plain}
        by_letter: dict[str, list[str]] = {}
        for spelling in sorted(meaning):
            by_letter.setdefault(spelling[0], []).append(spelling)
        return cls(frozenset(vocabulary["token"].to_list()), by_letter,
                   {letter: "\n".join(words) for letter, words in by_letter.items()}, meaning)

    def readings(self, words: list[str]) -> pl.DataFrame:
        """(term, reading): the canonical words each unknown letter-only word may stand for."""
        found: list[tuple[str, str]] = []
        for letter in {w[0] for w in words}:
            group = [w for w in words if w[0] == letter]
            spellings = self.by_letter.get(letter, [])
            if spellings:
                found += self._typos(group, spellings) + self._abbreviations(group, letter)
        return (pl.DataFrame([(term, self.meaning[spelling]) for term, spelling in found],
                             schema={"term": pl.Utf8, "reading": pl.Utf8}, orient="row").unique()
                .filter(pl.len().over("term") <= MAX_READINGS))

    @staticmethod
    def _typos(words: list[str], spellings: list[str]) -> list[tuple[str, str]]:
        """(word, spelling) within the allowed OSA distance, nearest only, over the distinct words at once."""
        words = [w for w in words if len(w) >= MIN_TYPO_LENGTH]
        if not words:
            return []
        distances = process.cdist(words, spellings, scorer=OSA.distance, score_cutoff=2, dtype=np.int8, workers=-1)
        allowed = np.array([1 if len(w) < LONG_TYPO_LENGTH else 2 for w in words], dtype=np.int8)
        rows, columns = np.nonzero(distances <= allowed[:, None])
        # The nearest readings only: a word one edit from one spelling is not also read as one two away.
        best = np.full(len(words), 127, dtype=np.int8)
        np.minimum.at(best, rows, distances[rows, columns])
        keep = distances[rows, columns] == best[rows]
        return [(words[r], spellings[c]) for r, c in zip(rows[keep], columns[keep])]

    def _abbreviations(self, words: list[str], letter: str) -> list[tuple[str, str]]:
        """(word, spelling) where the word's letters appear in order in a longer spelling."""
        found = []
        for word in words:
            if len(word) >= MIN_ABBREVIATION_LENGTH:
                pattern = "^" + "[a-z]*".join(word) + "[a-z]*$"
                found += [(word, match) for match in re.findall(pattern, self.blobs[letter], re.MULTILINE)
                          if len(match) > len(word)]
        return found

def apply_learned(tokens: pl.DataFrame, known: frozenset[str], learned: pl.DataFrame | None) -> pl.DataFrame:
    """(row, token) with learned terms the catalog does not use replaced by their canonical words."""
    if learned is None or learned.height == 0:
        return tokens
    entries = (learned.filter(pl.col("kind") == "word").select("term", "canonical").unique("term", keep="last")
               .filter(~pl.col("term").is_in(known)))
    return (
        tokens.join(entries, left_on="token", right_on="term", how="left", maintain_order="left")
        .with_columns(token=pl.coalesce(pl.col("canonical").str.split(" "), pl.concat_list("token")))
        .explode("token").select("row", "token")
    )


def apply_type_letters(tokens: pl.DataFrame, type_letters: dict[str, str]) -> pl.DataFrame:
    """A lone letter is a type where the line names a product that comes in lettered types ("copper" with
    K, L or M): "l" becomes "typel" only on such lines; elsewhere a lone letter stays what it was."""
    if not type_letters:
        return tokens
    products = pl.DataFrame({"word": list(type_letters), "letters": list(type_letters.values())})
    typed = (
        tokens.join(products, left_on="token", right_on="word").select("row", "letters").unique("row")
    )
    letter = pl.col("token").str.contains(r"^[a-z]$") & pl.col("letters").str.contains(pl.col("token"), literal=True)
    return tokens.join(typed, on="row", how="left", maintain_order="left").select(
        "row", token=pl.when(letter.fill_null(False)).then(pl.concat_str(pl.lit("type"), "token")).otherwise("token")
    )


def unknown_words(tokens: pl.DataFrame, known: frozenset[str]) -> list[str]:
    """Distinct letter-only tokens the catalog does not use."""
    distinct = tokens.select(pl.col("token").unique()).filter(pl.col("token").str.contains(_WORD))
    return [t for t in distinct["token"].to_list() if t not in known]


def _replaced(tokens: pl.DataFrame) -> pl.DataFrame:
    """(row, token) from (row, token, reading): the reading's words where there is one."""
    return tokens.select("row", token=pl.coalesce("reading", "token").str.split(" ")).explode("token")


def rewrite(tokens: pl.DataFrame, readings: pl.DataFrame) -> pl.DataFrame:
    """(row, token) with each token that has exactly one reading (term, reading) replaced by it."""
    single = readings.filter(pl.len().over("term") == 1)
    return _replaced(tokens.join(single, left_on="token", right_on="term", how="left", maintain_order="left"))


def resolve_among(tokens: pl.DataFrame, readings: pl.DataFrame, stated: pl.DataFrame) -> pl.DataFrame:
    """(row, token) with each ambiguous word read as the one of its readings that the row's candidate
    products state (`stated`: row, token), when exactly one of them is."""
    ambiguous = readings.filter(pl.len().over("term") > 1)
    chosen = (
        tokens.join(ambiguous, left_on="token", right_on="term")
        .join(stated, left_on=["row", "reading"], right_on=["row", "token"], how="semi")
        .unique(["row", "token", "reading"]).filter(pl.len().over("row", "token") == 1)
    )
    return _replaced(tokens.join(chosen, on=["row", "token"], how="left", maintain_order="left"))


def _long(tokens: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"row": np.repeat(np.arange(len(tokens)), tokens.list.len().fill_null(0).to_numpy()),
                         "token": tokens.explode().drop_nulls()})


def _lists(long: pl.DataFrame, n: int) -> pl.Series:
    grouped = long.group_by("row", maintain_order=True).agg("token")
    return (pl.DataFrame({"row": np.arange(n)}).join(grouped, on="row", how="left", maintain_order="left")
            .select(pl.col("token").fill_null([]))).to_series().alias("tokens")


def read_words(speller: Speller, tokens: pl.Series, learned: pl.DataFrame | None,
               type_letters: dict[str, str]) -> pl.Series:
    """Line token lists with learned terms, type letters and words of one possible reading rewritten."""
    long = apply_learned(_long(tokens), speller.known, learned)
    long = rewrite(long, speller.readings(unknown_words(long, speller.known)))
    return _lists(apply_type_letters(long, type_letters), len(tokens))


def read_among(speller: Speller, tokens: pl.Series, candidates: Callable[[pl.Series], pl.DataFrame]) -> pl.Series:
    """Line token lists with words of several readings rewritten where the line's candidates settle them;
    `candidates(tokens)` gives (row, token) for the products found for those token lists."""
    long = _long(tokens)
    readings = speller.readings(unknown_words(long, speller.known)).filter(pl.len().over("term") > 1)
    affected = long.join(readings, left_on="token", right_on="term", how="semi").select("row").unique()
    if affected.height == 0:
        return tokens
    rows = affected["row"].sort().to_numpy()
    stated = candidates(tokens.gather(rows))
    stated = stated.with_columns(row=pl.Series(rows[stated["row"].to_numpy()], dtype=pl.Int64))
    stated = stated.join(readings.select(token="reading"), on="token", how="semi")
    return _lists(resolve_among(long, readings, stated), len(tokens))
