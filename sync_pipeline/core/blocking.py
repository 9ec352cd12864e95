"""Candidate blocking: which catalog products are worth scoring for a description.

Scoring every line against a million SKUs is out of reach, and single words are poor blocks
("steel", "1/2in" each sit in a large part of a catalog). Pairs of tokens are selective: a
product is indexed under every pair of its rarest tokens, and a line looks up its own pairs,
rarest first, until a posting budget is spent. The true product shares every pair with the
line, so it collects the most hits and survives the cut to the top candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

TOKENS_PER_DESCRIPTION = 8  # rarest tokens of a description that form its pair keys
POSTING_BUDGET = 600  # postings a description may collect before its rarer pairs are deemed enough
MIN_PAIRS = 2  # rarest pairs always read, past the budget: one crowded pair alone cannot rank its products
MAX_POSTINGS_PER_KEY = 2_000  # a pair this common blocks nothing; a description with only such pairs is too vague
QUERIES_PER_CHUNK = 4_096  # bounds the postings held at once (at most ~MIN_PAIRS * MAX_POSTINGS_PER_KEY per query)
_NO_TOKEN = np.iinfo(np.uint32).max


def _rarest_token_matrix(tokens: pl.DataFrame, vocabulary: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row ids and a (rows x TOKENS_PER_DESCRIPTION) matrix of their rarest token ids, padded with _NO_TOKEN."""
    ranked = (
        tokens.explode("tokens").rename({"tokens": "token"}).unique(["row", "token"])
        .join(vocabulary, on="token")
        .sort(["row", "df", "tid"])
        .group_by("row", maintain_order=True)
        .agg(pl.col("tid").head(TOKENS_PER_DESCRIPTION).sort())
    )
    rows = ranked["row"].to_numpy()
    matrix = np.full((len(rows), TOKENS_PER_DESCRIPTION), _NO_TOKEN, dtype=np.uint64)
    for position in range(TOKENS_PER_DESCRIPTION):
        column = ranked["tid"].list.get(position, null_on_oob=True).fill_null(_NO_TOKEN).to_numpy()
        matrix[:, position] = column
    return rows, matrix


def _pair_keys(rows: np.ndarray, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every unordered pair (including a token with itself) of each row's tokens, as (row, key) arrays."""
    row_parts, key_parts = [], []
    width = matrix.shape[1]
    for i in range(width):
        for j in range(i, width):
            present = matrix[:, j] != _NO_TOKEN
            row_parts.append(rows[present])
            key_parts.append((matrix[present, i] << np.uint64(32)) | matrix[present, j])
    return np.concatenate(row_parts), np.concatenate(key_parts)


@dataclass(frozen=True)
class PairBlocker:
    """Token-pair postings of one catalog snapshot."""

    vocabulary: pl.DataFrame  # token, tid, df (products containing the token)
    keys: np.ndarray  # sorted distinct pair keys
    starts: np.ndarray  # first posting of each key in `postings`
    counts: np.ndarray  # postings per key
    postings: np.ndarray  # product ids, grouped by key

    @classmethod
    def build(cls, products: pl.DataFrame) -> PairBlocker:
        """Index `products` (pid: UInt32, tokens: List(Utf8))."""
        exploded = products.select("pid", "tokens").explode("tokens").drop_nulls("tokens").unique()
        vocabulary = (
            exploded.group_by("tokens").agg(df=pl.len()).sort("tokens")
            .with_row_index("tid").select(token="tokens", tid=pl.col("tid").cast(pl.UInt32), df="df")
        )
        rows, matrix = _rarest_token_matrix(products.select(row="pid", tokens="tokens"), vocabulary)
        pids, keys = _pair_keys(rows.astype(np.uint32), matrix)
        order = np.argsort(keys, kind="stable")
        keys, pids = keys[order], pids[order]
        distinct, starts, counts = np.unique(keys, return_index=True, return_counts=True)
        return cls(vocabulary, distinct, starts, counts, pids)

    def candidates(self, queries: pl.DataFrame, per_query: int) -> pl.DataFrame:
        """(qid, pid) for the `per_query` products sharing the most selected pairs with each query (qid, tokens)."""
        rows, matrix = _rarest_token_matrix(queries.select(row="qid", tokens="tokens"), self.vocabulary)
        chunks = [
            self._top_products(*_pair_keys(rows[i:i + QUERIES_PER_CHUNK].astype(np.uint32),
                                           matrix[i:i + QUERIES_PER_CHUNK]), per_query)
            for i in range(0, len(rows), QUERIES_PER_CHUNK)
        ]
        return pl.concat([pl.DataFrame(schema={"qid": pl.UInt32, "pid": pl.UInt32}), *chunks])

    def _top_products(self, qids: np.ndarray, keys: np.ndarray, per_query: int) -> pl.DataFrame:
        position = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        known = (self.keys[position] == keys) & (self.counts[position] <= MAX_POSTINGS_PER_KEY)
        qids, position = qids[known], position[known]
        df = self.counts[position]
        # Rarest pairs first, per query; keep the MIN_PAIRS rarest, then more until the budget is spent.
        order = np.lexsort((df, qids))
        qids, position, df = qids[order], position[order], df[order]
        first = np.r_[True, qids[1:] != qids[:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(qids)), 0))
        spent_before = np.cumsum(df) - df
        spent_before = spent_before - spent_before[group_start]
        keep = (np.arange(len(qids)) - group_start < MIN_PAIRS) | (spent_before + df <= POSTING_BUDGET)
        qids, position, df = qids[keep], position[keep], df[keep]
        total = int(df.sum())
        offsets = np.repeat(self.starts[position] - (np.cumsum(df) - df), df) + np.arange(total)
        hits = pl.DataFrame({"qid": np.repeat(qids, df), "pid": self.postings[offsets]})
        return (
            hits.group_by("qid", "pid").agg(hits=pl.len())
            .sort(["qid", "hits", "pid"], descending=[False, True, False])
            .group_by("qid", maintain_order=True).head(per_query)
            .select(pl.col("qid").cast(pl.UInt32), pl.col("pid").cast(pl.UInt32))
        )
