"""Dictionary entries learned from reviewers' decisions: a decision teaches more than its own line.

A confirmed or corrected line (description -> SKU) shows how its writer spells the chosen product's
words. Its words the catalog does not use are aligned with the product's words the line does not
state: a word whose letters appear in order in exactly one of them, or within a small edit of
exactly one, is a spelling of that word ("recpt" -> receptacle); when one word is left on each side
and nothing else explains them, the pair is a synonym, trusted only once MIN_SYNONYM_EVIDENCE
decisions agree. A line unit the unit dictionary does not know is learned when it abbreviates (a
truncation or a consonant skeleton) or misspells a spelling of exactly one of the units the product
is counted in.

Entries carry their evidence (the descriptions that taught them); a term taught different words by
different decisions keeps the better-supported one and none on a tie. No I/O: decisions come in as
a frame, entries go out as one, and storing them is the warehouse's business.
"""

from __future__ import annotations

import polars as pl
from rapidfuzz.distance import OSA

from sync_pipeline.core.catalog_index import CatalogIndex
from sync_pipeline.core.dictionaries import unit_spelling_key
from sync_pipeline.core.reading import read_descriptions
from sync_pipeline.core.units import skeleton

MIN_SYNONYM_EVIDENCE = 2  # decisions that must agree before an unexplained word pair is a synonym
MAX_LOOK_ALIKES = 20  # a decision among more look-alikes than this tells nothing about its unknown word
MAX_SPELLING_EDITS = 2
_TAUGHT = {"kind": pl.Utf8, "term": pl.Utf8, "canonical": pl.Utf8, "how": pl.Utf8, "description": pl.Utf8}
ENTRY_SCHEMA = {"kind": pl.Utf8, "term": pl.Utf8, "canonical": pl.Utf8, "how": pl.Utf8,
                "evidence_count": pl.UInt32, "evidence": pl.List(pl.Utf8)}


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


def _spells(term: str, word: str) -> bool:
    """Whether `term` plausibly spells `word`: same first letter, and an abbreviation or a small edit."""
    if term[0] != word[0]:
        return False
    return (len(term) < len(word) and _subsequence(term, word)) or OSA.distance(term, word) <= min(
        MAX_SPELLING_EDITS, max(1, len(word) // 4))


def _spells_unit(term: str, spelling: str) -> bool:
    """Whether a unit spelling `term` abbreviates or misspells a known `spelling`: a truncation ("bund"),
    its consonant skeleton ("bndl"), or one edit from a spelling of five letters or more ("bundel"). Unit
    spellings are short, so looser readings would let "lot" spell "linealfoot"; a confirmed SKU says
    nothing about a unit that is no abbreviation of one of its units."""
    return term != spelling and (
        (len(term) >= 2 and spelling.startswith(term)) or term == skeleton(spelling)
        or (len(spelling) >= 5 and OSA.distance(term, spelling) <= 1))


def _align(unknown: list[str], unstated: list[str]) -> list[tuple[str, str, str]]:
    """(term, canonical, how) for one decision's unknown line words and unstated product words."""
    found = []
    for term in unknown:
        spelled = [word for word in unstated if _spells(term, word)]
        if len(spelled) == 1:
            found.append((term, spelled[0], "spelling"))
    if not found and len(unknown) == 1 and len(unstated) == 1:
        found.append((unknown[0], unstated[0], "synonym"))
    return found


def _word_entries(index: CatalogIndex, decisions: pl.DataFrame, learned: pl.DataFrame | None) -> pl.DataFrame:
    tokens = read_descriptions(index, decisions["description"], learned)[1]
    products = index.products.select("sku", "pid").join(
        index.tokens.filter("in_description").group_by("pid").agg(product="token"), on="pid")
    rows = decisions.select("description", "sku").with_columns(tokens=tokens).join(products, on="sku")
    distinguishing = _distinguishing(index, rows)
    found = []
    for description, line, product, pid in rows.select("description", "tokens", "product", "pid").iter_rows():
        unknown = [t for t in dict.fromkeys(line) if t.isalpha() and t not in index.speller.known]
        unstated = [w for w in dict.fromkeys(product) if w.isalpha() and w not in line]
        entries = _align(unknown, unstated)
        if not entries and len(unknown) == 1 and len(distinguishing.get((description, pid), ())) == 1:
            entries = [(unknown[0], distinguishing[description, pid][0], "distinguishes")]
        found += [("word", *entry, description) for entry in entries]
    return pl.DataFrame(found, schema=_TAUGHT, orient="row")


def _distinguishing(index: CatalogIndex, rows: pl.DataFrame) -> dict[tuple[str, int], list[str]]:
    """Per decision (description, pid): the plain words of the chosen product that none of its look-alikes
    states, a look-alike being any other product stating every word of the line the catalog knows ("14/2
    romex" -> NM-B 14/2: "nmb", which the MC and UF 14/2 cables lack). The line's one unknown word then
    names that difference. Only where the look-alikes are few: a line of common words has no telling one."""
    known = rows.select("description", "pid", token="tokens").explode("token").filter(
        pl.col("token").is_in(index.vocabulary["token"].implode())).unique()
    if known.height == 0:
        return {}
    needed = known.group_by("description", "pid").agg(needed=pl.len())
    rivals = (known.join(index.tokens.select(rival="pid", token="token"), on="token")
              .group_by("description", "pid", "rival").agg(stated=pl.len()).join(needed, on=["description", "pid"])
              .filter((pl.col("stated") == pl.col("needed")) & (pl.col("rival") != pl.col("pid")))
              .filter(pl.len().over("description", "pid") <= MAX_LOOK_ALIKES))
    plain = index.vocabulary.filter(pl.col("kind").is_null() & pl.col("token").str.contains(r"^[a-z]+$"))["token"]
    chosen = (rows.select("description", "pid", "tokens").join(index.tokens.select("pid", "token"), on="pid")
              .filter(pl.col("token").is_in(plain.implode()) & ~pl.col("tokens").list.contains(pl.col("token")))
              .join(rivals.select("description", "pid").unique(), on=["description", "pid"]))
    lacking = chosen.join(rivals.join(index.tokens.select(rival="pid", token="token"), on="rival")
                          .select("description", "pid", "token").unique(), on=["description", "pid", "token"], how="anti")
    return {(d, p): words for d, p, words in
            lacking.group_by("description", "pid").agg(pl.col("token").unique().sort()).iter_rows()}


def _unit_entries(index: CatalogIndex, decisions: pl.DataFrame) -> pl.DataFrame:
    if "uom" not in decisions.columns:
        return pl.DataFrame(schema=_TAUGHT)
    spellings = index.dictionaries.uom_spellings
    raw = decisions.filter(pl.col("uom").is_not_null()).with_columns(key=unit_spelling_key(pl.col("uom")))
    raw = raw.filter(~pl.col("key").is_in(list(spellings)) & (pl.col("key") != ""))
    units = index.conversions.group_by("sku").agg(units="uom")
    found = []
    for description, key, codes in raw.join(units, on="sku").select("description", "key", "units").iter_rows():
        matching = {code for spelling, code in spellings.items() if code in codes and _spells_unit(key, spelling)}
        if len(matching) == 1:
            found.append(("unit", key, matching.pop(), "spelling", description))
    return pl.DataFrame(found, schema=_TAUGHT, orient="row")


def learn_from_decisions(index: CatalogIndex, decisions: pl.DataFrame,
                         learned: pl.DataFrame | None = None) -> pl.DataFrame:
    """Entries (kind, term, canonical, how, evidence_count, evidence) taught by decisions (description, sku,
    optionally uom); rejections (null SKU) teach nothing. `learned`: entries already in force."""
    decisions = decisions.filter(pl.col("sku").is_not_null() & pl.col("description").is_not_null())
    if decisions.height == 0:
        return pl.DataFrame(schema=ENTRY_SCHEMA)
    taught = pl.concat([_word_entries(index, decisions, learned), _unit_entries(index, decisions)])
    entries = taught.group_by("kind", "term", "canonical", "how").agg(
        evidence_count=pl.col("description").n_unique().cast(pl.UInt32), evidence=pl.col("description").unique().sort()
    ).filter((pl.col("how") != "synonym") | (pl.col("evidence_count") >= MIN_SYNONYM_EVIDENCE))
    best = pl.col("evidence_count") == pl.col("evidence_count").max().over("kind", "term")
    return (entries.filter(best).filter(pl.len().over("kind", "term") == 1)
            .sort("kind", "term").select(list(ENTRY_SCHEMA)).cast(ENTRY_SCHEMA))
