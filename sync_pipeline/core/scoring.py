"""Scoring of blocked (line, product) pairs: fuzzy similarity, plus what each product confirms,
contradicts or adds to what the line states. Decisions are made from these columns in matching.

Everything but the unit check depends on the line's token set, not its wording or unit, so each
distinct token set (a "line" here) is scored once; what depends on the description alone is worked
out once per (line, description) and shared by the products listing that description. Token tests
are array reads on integer token ids, a block of lines at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from sync_pipeline.core.attributes import token_kind
from sync_pipeline.core.catalog_index import CatalogIndex
from sync_pipeline.core.token_sets import (
    blocks,
    dense,
    expand,
    lists,
    offsets,
    positions,
    sorted_sets,
    unique_inverse,
)
from sync_pipeline.core.units import product_units

EXTRA_FEATURE_PENALTY = 0.03  # per catalog word the line does not mention: orders candidates only
UNSTATED_VALUE_PENALTY = 0.01  # per value of a kind the line is silent on: orders review, too small to decide alone


@dataclass(frozen=True)
class _Lines:
    """Distinct line token sets; matrices are line x position (tokens in token order, padded with -1)."""

    tokens: pl.Series  # every line's tokens, flat, line after line
    offsets: np.ndarray  # line i's tokens are tokens[offsets[i]:offsets[i + 1]]
    tids: np.ndarray  # catalog token id, -1 when the catalog does not know the token
    kinds: np.ndarray  # kind id, -1 for a plain word
    vocabulary_kinds: np.ndarray  # kind id of each catalog tid
    n_kinds: int
    optional: np.ndarray  # per kind id (and a last False for -1): a designation, which only a rival can contradict

    @classmethod
    def of(cls, index: CatalogIndex, keys: pl.Series) -> _Lines:
        starts = offsets(keys)
        tokens = keys.explode().drop_nulls()
        kinds = pl.DataFrame({"token": tokens.unique()}).with_columns(
            kind=token_kind(pl.col("token"), index.dictionaries.word_groups)
        )
        names = pl.concat([kinds["kind"], index.vocabulary["kind"]]).drop_nulls().unique().sort().to_list()
        ids = {name: i for i, name in enumerate(names)}
        long = pl.DataFrame({"token": tokens}).join(
            kinds.select("token", kind_id=pl.col("kind").replace_strict(ids, default=None, return_dtype=pl.Int64)),
            on="token", how="left", maintain_order="left",
        ).join(index.vocabulary.select("token", "tid"), on="token", how="left", maintain_order="left")
        line = np.repeat(np.arange(len(keys)), np.diff(starts))
        tids, kind_ids = (dense(line, long[column].cast(pl.Int64).fill_null(-1).to_numpy(), len(keys))
                          for column in ("tid", "kind_id"))
        vocabulary_kinds = index.vocabulary["kind"].replace_strict(ids, default=-1, return_dtype=pl.Int64)
        optional = np.array([name.startswith("designation ") for name in names] + [False])
        return cls(tokens, starts, tids, kind_ids, vocabulary_kinds.fill_null(-1).to_numpy(), len(names), optional)

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def kind_table(self, lines: slice) -> np.ndarray:
        """Lines x (n_kinds + 1): the kinds each line states; kind -1 reads the last, always False, column."""
        rows, columns = np.nonzero(self.kinds[lines] >= 0)
        return _table(rows, self.kinds[lines][rows, columns], lines.stop - lines.start, self.n_kinds)

    def token_lists(self, line: np.ndarray, position: np.ndarray, counts: np.ndarray) -> pl.Series:
        """List(Utf8) of the tokens at (line, position), `counts` of them per result row."""
        picked = self.tokens.gather(self.offsets[line] + position)
        return lists(np.r_[0, np.cumsum(counts, dtype=np.int64)], picked)


@dataclass(frozen=True)
class _Pairs:
    """Distinct (line, product) pairs `lp`, grouped by line then description; `ld` numbers the distinct
    (line, description) pairs. Blocks of lines come with the slices of their ld and lp rows."""

    line: np.ndarray
    pid: np.ndarray
    ld: np.ndarray
    ld_line: np.ndarray
    ld_did: np.ndarray
    blocks: list[tuple[slice, slice, slice]]

    @classmethod
    def of(cls, index: CatalogIndex, stated: pl.DataFrame, n_lines: int) -> tuple[_Pairs, np.ndarray]:
        """The distinct (line, pid) pairs of `stated`, and for each stated pair its lp row."""
        keys = (stated["line"].to_numpy().astype(np.uint64) << np.uint64(32)) | stated["pid"].to_numpy()
        distinct, rows = unique_inverse(keys)
        line, pid = (distinct >> np.uint64(32)).astype(np.int64), (distinct & np.uint64(0xFFFFFFFF)).astype(np.int64)
        did = index.product_dids[pid]
        order = np.argsort((line.astype(np.uint64) << np.uint64(32)) | did.astype(np.uint64), kind="stable")
        line, pid, did = line[order], pid[order], did[order]
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        first = np.r_[True, (line[1:] != line[:-1]) | (did[1:] != did[:-1])] if len(did) else np.zeros(0, bool)
        ld_line = line[first]
        line_blocks = [(lines, slice(*np.searchsorted(ld_line, [lines.start, lines.stop])),
                        slice(*np.searchsorted(line, [lines.start, lines.stop]))) for lines in blocks(n_lines)]
        return cls(line, pid, np.cumsum(first) - 1, ld_line, did[first], line_blocks), position[rows]


def _table(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int) -> np.ndarray:
    """n_rows x (n_columns + 1) booleans set at (rows, columns >= 0); column -1 reads the last, False, one."""
    table = np.zeros((n_rows, n_columns + 1), dtype=bool)
    table[rows[columns >= 0], columns[columns >= 0]] = True
    return table


def _null_if_zero(values: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.UInt32).replace(0, None)


def _description_features(index: CatalogIndex, lines: _Lines, pairs: _Pairs) -> tuple[pl.DataFrame, list, list]:
    """Per (line, description): matched words and values, the description's sizes, its values of the line's
    kinds and the words the line does not mention; plus, per block, which line positions and which kinds
    each description has."""
    token_offsets, tids = index.description_csr
    n_ld = len(pairs.ld_line)
    counts = {name: np.zeros(n_ld, dtype=np.int64) for name in ("words", "values", "matched_words", "matched_values",
                                                              "stated_kind_values", "unmentioned")}
    present, has_kind, unmentioned = [], [], []
    for lines_slice, ld, _ in pairs.blocks:
        rows, tid = expand(token_offsets, tids, pairs.ld_did[ld])
        line = pairs.ld_line[ld][rows] - lines_slice.start
        pos = positions(lines.tids[lines_slice], len(lines.vocabulary_kinds), line, tid)
        kind = lines.vocabulary_kinds[tid]
        n = ld.stop - ld.start
        for name, selected in (("words", kind < 0), ("values", kind >= 0), ("matched_words", (pos >= 0) & (kind < 0)),
                               ("matched_values", (pos >= 0) & (kind >= 0)), ("unmentioned", pos < 0),
                               ("stated_kind_values", lines.kind_table(lines_slice)[line, kind])):
            counts[name][ld] = np.bincount(rows[selected], minlength=n)
        block_present = np.zeros((n, lines.tids.shape[1]), dtype=bool)
        block_present[rows[pos >= 0], pos[pos >= 0]] = True
        present.append(block_present)
        has_kind.append(_table(rows, kind, n, lines.n_kinds))
        unmentioned.append(tid[pos < 0])
    words = index.vocabulary["token"].gather(np.concatenate([np.zeros(0, dtype=np.int64), *unmentioned]))
    features = pl.DataFrame({
        "matched_words": pl.Series(counts["matched_words"], dtype=pl.UInt32),
        "matched_values": pl.Series(counts["matched_values"], dtype=pl.UInt32),
        "unmentioned": lists(np.r_[0, np.cumsum(counts["unmentioned"])], words).list.join(" "),
        "stated_kind_values": _null_if_zero(counts["stated_kind_values"]),
        "n_words": _null_if_zero(counts["words"]),
        "n_values": _null_if_zero(counts["values"]),
    })
    return features, present, has_kind


def _product_features(index: CatalogIndex, lines: _Lines, pairs: _Pairs, present: list, has_kind: list) -> pl.DataFrame:
    """Per (line, product): the line tokens neither description nor maker states (absent, and how many:
    missing), and the stated attribute values it contradicts (states another value of the kind) or leaves
    unconfirmed (states none)."""
    maker_offsets, maker_tids = index.maker_csr
    missing = np.zeros(len(pairs.line), dtype=np.int64)
    found = {"absent": [], "contradicted": [], "unconfirmed": []}
    for (lines_slice, ld, lp), block_present, block_has_kind in zip(pairs.blocks, present, has_kind):
        line, block_ld = pairs.line[lp], pairs.ld[lp] - ld.start
        covered = block_present[block_ld]
        rows, tid = expand(maker_offsets, maker_tids, pairs.pid[lp])
        pos = positions(lines.tids[lines_slice], len(lines.vocabulary_kinds), line[rows] - lines_slice.start, tid)
        covered[rows[pos >= 0], pos[pos >= 0]] = True
        absent = ~covered & (np.arange(covered.shape[1])[None, :] < lines.lengths[line][:, None])
        missing[lp] = absent.sum(axis=1)
        kinds = lines.kinds[line]
        kind_stated = block_has_kind[block_ld[:, None], kinds]
        for name, mask in (("absent", absent), ("contradicted", absent & (kinds >= 0) & kind_stated),
                           ("unconfirmed", absent & (kinds >= 0) & ~kind_stated & ~lines.optional[kinds])):
            row, position = np.nonzero(mask)
            found[name].append((row + lp.start, line[row], position))
    columns = {"missing": pl.Series(missing, dtype=pl.UInt32)}
    empty = np.zeros(0, dtype=np.int64)
    for name, parts in found.items():
        rows, line, position = (np.concatenate([empty, *part]) for part in zip(*(parts or [(empty,) * 3])))
        columns[name] = lines.token_lists(line, position, np.bincount(rows, minlength=len(pairs.line)))
    return pl.DataFrame(columns)


def _similarity(index: CatalogIndex, line_texts: pl.Series, pairs: _Pairs) -> pl.Series:
    """rapidfuzz token-set similarity (0..1) of line and product text; it depends on the token sets only.
    Each distinct text becomes one Python string, referenced by every pair that uses it."""
    pids, which = unique_inverse(pairs.pid)
    texts, line_texts = index.products["text"].gather(pids).to_list(), line_texts.to_list()
    scores = process.cpdist(list(map(line_texts.__getitem__, pairs.line.tolist())),
                            list(map(texts.__getitem__, which.tolist())), scorer=fuzz.token_set_ratio, workers=-1)
    return pl.Series(scores, dtype=pl.Float64) / 100


def _unit_ok(index: CatalogIndex, stated: pl.DataFrame) -> pl.Series:
    """Per stated pair (pid, unit_key, uom_code): the line gives no unit the catalog knows, or the product
    counts in it (its dictionary code directly, else as `product_units` reads the spelling)."""
    pairs = stated.select(row=pl.int_range(pl.len(), dtype=pl.UInt32), sku=index.products["sku"].gather(stated["pid"]),
                          unit_key="unit_key", uom_code="uom_code").join(
        index.convertible_units, on=["sku", "uom_code"], how="left", maintain_order="left")
    known = pl.col("uom_code").is_not_null() | pl.col("unit_key").is_in(
        index.conversions["spelling"].unique().implode())
    others = pairs.filter(pl.col("convertible").is_null() & known).select("sku", "unit_key", "uom_code").unique()
    read = product_units(others.with_row_index("row"), index.conversions).drop_nulls("unit").join(
        others.with_row_index("row"), on="row").select("sku", "unit_key", "uom_code", "unit")
    return pairs.join(read, on=["sku", "unit_key", "uom_code"], how="left", nulls_equal=True,
                      maintain_order="left").select(
        unit_ok=~known | pl.col("convertible").is_not_null() | pl.col("unit").is_not_null())["unit_ok"]


def evaluate_pairs(index: CatalogIndex, queries: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """Score (qid, pid) pairs: fuzzy similarity, unmentioned catalog words, stated attributes confirmed or contradicted.

    `absent` lists the line tokens the product states nowhere (description or maker name); `missing` counts them.
    """
    keyed = queries.select("qid", "text", "uom_code", "unit_key", key=sorted_sets(queries["tokens"]))
    distinct = keyed.group_by("key", maintain_order=True).agg(pl.col("text").first()).with_row_index("line")
    stated = pairs.join(
        keyed.join(distinct.select("key", "line"), on="key").select("qid", "line", "uom_code", "unit_key"), on="qid"
    )
    lines = _Lines.of(index, distinct["key"])
    grouped, lp = _Pairs.of(index, stated, distinct.height)
    described, present, has_kind = _description_features(index, lines, grouped)
    per_product = _product_features(index, lines, grouped, present, has_kind).with_columns(
        similarity=_similarity(index, distinct["text"], grouped)
    )
    per_product, described = per_product[lp], described[grouped.ld[lp]]
    return pl.DataFrame([
        stated["qid"], stated["pid"], stated["from_part_number"], per_product["similarity"],
        described["matched_words"], described["matched_values"], per_product["missing"],
        per_product["contradicted"], per_product["unconfirmed"], described["unmentioned"], _unit_ok(index, stated),
        described["stated_kind_values"], described["n_words"], described["n_values"],
        index.products["sku"].gather(stated["pid"]), index.products["active"].gather(stated["pid"]),
        per_product["absent"],
    ]).with_columns(
        line_hits=pl.col("matched_words") + pl.col("matched_values"),
        extra=(
            pl.col("n_words").fill_null(0) - pl.col("matched_words")
            + pl.col("stated_kind_values").fill_null(0) - pl.col("matched_values")
        ).clip(0, 10),
        unstated_values=(pl.col("n_values").fill_null(0) - pl.col("stated_kind_values").fill_null(0)).clip(0, 10),
    ).with_columns(
        compatible=(pl.col("contradicted").list.len() == 0) & pl.col("active"),
        score=(
            pl.col("similarity") - EXTRA_FEATURE_PENALTY * pl.col("extra")
            - UNSTATED_VALUE_PENALTY * pl.col("unstated_values")
        ).clip(0, 1),
    )
