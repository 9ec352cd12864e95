"""Candidate blocking: which catalog descriptions are worth scoring for a line.

Scoring every line against a million SKUs is out of reach, and single words are poor blocks
("steel", "1/2in" each sit in a large part of a catalog). A key is a set of a description's rarest
tokens, as small as it can be while still selective: a token on few descriptions is a key alone,
a token set on too many ("crowded") is refined with one more token, up to MAX_KEY_TOKENS. Where a
catalog holds every size, gauge, head and finish of a screw, it takes four tokens together to pick
out a few hundred descriptions. A line makes its own keys the same way, reads the rarest first
within a budget, and ranks what they hold by how many of the line's tokens each description
contains (a token signature), so the description stating everything the line states comes first
whichever key found it. Work is per distinct description; products are attached at the end.

Blocking says per line whether it vouches for its search (`complete`), so that a line is not matched
automatically on evidence blocking knows to be partial: a vague line whose keys stayed crowded,
a budget that left keys unread while no description holds every line token, or equally good
descriptions cut by the candidate limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations, pairwise

import numpy as np
import polars as pl

from sync_pipeline.core.token_sets import (
    blocks,
    csr,
    dense,
    expand,
    positions,
    ranges,
    sorted_sets,
)

KEY_TOKENS = 6  # rarest tokens of a description (or line) that its keys are made of
MAX_KEY_TOKENS = 4  # a key still crowded at this size is not read: the line is too vague to block
MAX_POSTINGS = 256  # descriptions a key may hold and still be read; a more crowded key is refined
SCAN_BUDGET = 512  # postings a line reads at most, rarest keys first (its rarest key is always read)
RANK_SLACK = 1  # descriptions missing this many more line tokens than the best one stay candidates
SCAN_CHUNK = 4_000_000  # postings scanned at once (bounds memory)
_SIGNATURE_BITS = 7  # log2 of the token signature's width: 128 bits per description
_SIGNATURE_WORDS = 2 ** _SIGNATURE_BITS // 64
_NO_RANK = np.iinfo(np.int64).max  # rank of a token on no indexed description
_SALT = 0x9E3779B97F4A7C15


@cache
def _combos(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Position sets of `size` among KEY_TOKENS, and for each the indices of its (size-1)-subsets."""
    sets = list(combinations(range(KEY_TOKENS), size))
    if size == 1:
        return np.array(sets), np.zeros((len(sets), 0), dtype=np.int64)
    smaller = {c: i for i, c in enumerate(combinations(range(KEY_TOKENS), size - 1))}
    return np.array(sets), np.array([[smaller[tuple(p for p in c if p != drop)] for drop in c] for c in sets])


def _combo_keys(hashes: np.ndarray, wanted: np.ndarray, size: int) -> np.ndarray:
    """Order-free hash of each wanted (row, combo) token set (row-major order): XOR of its token hashes,
    salted by the set size. Whole columns are cheaper to combine than scattered cells."""
    columns = np.asfortranarray(hashes)
    keys = np.empty(wanted.shape[::-1], dtype=np.uint64)
    for combo, members in enumerate(_combos(size)[0]):
        keys[combo] = np.uint64(_SALT * size % 2**64)
        for position in members:
            keys[combo] ^= columns[:, position]
    return keys.T[wanted]


def _wanted_combos(lengths: np.ndarray, crowded: np.ndarray | None, size: int) -> np.ndarray:
    """Rows x combos: the row has the token set of `size`, and all its smaller subsets are crowded keys."""
    sets, subsets = _combos(size)
    wanted = lengths[:, None] > sets[:, -1][None, :]
    if crowded is not None:
        wanted &= crowded[:, subsets].all(axis=2)
    return wanted


def _top_tokens(owner: np.ndarray, tids: np.ndarray, rank: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ranks of its KEY_TOKENS rarest indexed tokens (rows x KEY_TOKENS) and how many it has."""
    token_rank = rank[tids]
    known = token_rank != _NO_RANK
    ordered = np.sort((owner[known].astype(np.uint64) << np.uint64(32)) | token_rank[known].astype(np.uint64))
    owner, token_rank = (ordered >> np.uint64(32)).astype(np.int64), (ordered & np.uint64(0xFFFFFFFF)).astype(np.int64)
    position = np.arange(len(owner)) - np.searchsorted(owner, np.arange(rows))[owner]
    keep = position < KEY_TOKENS
    top = np.zeros((rows, KEY_TOKENS), dtype=np.int64)
    top[owner[keep], position[keep]] = token_rank[keep]
    return top, np.minimum(np.bincount(owner, minlength=rows), KEY_TOKENS)


def _token_bits(tids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The signature bit of each token: (word index, single-bit mask)."""
    bit = (tids.astype(np.uint64) * np.uint64(_SALT)) >> np.uint64(64 - _SIGNATURE_BITS)  # Fibonacci hashing
    return (bit >> np.uint64(6)).astype(np.int64), np.uint64(1) << (bit & np.uint64(63))


def _signatures(owner: np.ndarray, tids: np.ndarray, rows: int) -> np.ndarray:
    """_SIGNATURE_WORDS x rows bitsets, one bit per token: a cheap upper bound of the tokens two rows share."""
    word, mask = _token_bits(tids)
    signature = np.zeros((_SIGNATURE_WORDS, rows), dtype=np.uint64)
    np.bitwise_or.at(signature, (word, owner), mask)
    return signature


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys (sorted) and how often each occurs."""
    ordered = np.sort(keys)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0, np.int64)
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])


def _lookup(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of each key in `sorted_keys`, and whether it is there."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
    position = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return position, sorted_keys[position] == keys


def _group_starts(groups: np.ndarray) -> np.ndarray:
    """For a sorted group column, the index at which each element's group starts."""
    first = np.r_[True, groups[1:] != groups[:-1]] if len(groups) else np.zeros(0, dtype=bool)
    return np.maximum.accumulate(np.where(first, np.arange(len(groups)), 0))


def _make_keys(hashes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every key of the rows, smallest sets first, refining crowded ones: (distinct keys, their counts,
    then row and key of every readable entry)."""
    keys, counts, rows, entries = [], [], [], []
    crowded = None
    for size in range(1, MAX_KEY_TOKENS + 1):
        wanted = _wanted_combos(lengths, crowded, size)
        entry = _combo_keys(hashes, wanted, size)
        distinct, count = _counted(entry)
        _, is_crowded = _lookup(distinct[count > MAX_POSTINGS], entry)
        crowded = np.zeros(wanted.shape, dtype=bool)
        crowded[wanted] = is_crowded
        row = np.nonzero(wanted)[0]
        keys.append(distinct), counts.append(count), rows.append(row[~is_crowded]), entries.append(entry[~is_crowded])
    keys, counts = np.concatenate(keys), np.concatenate(counts)
    order = np.argsort(keys)
    return keys[order], counts[order], np.concatenate(rows), np.concatenate(entries)


def _postings(keys: np.ndarray, rows: np.ndarray, entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped by key (ascending row within a key) and each key's first posting."""
    key_index = np.searchsorted(keys, entries).astype(np.uint64)
    ordered = np.sort((key_index << np.uint64(32)) | rows.astype(np.uint64))
    starts = np.r_[0, np.cumsum(np.bincount(key_index.astype(np.int64), minlength=len(keys)))[:-1]]
    return starts, (ordered & np.uint64(0xFFFFFFFF)).astype(np.uint32)


@dataclass(frozen=True)
class Blocker:
    """Adaptive token-set keys over the distinct descriptions of one catalog snapshot's active products."""

    vocabulary: pl.DataFrame  # token, tid (the catalog index's token ids)
    rank: np.ndarray  # per tid: rarity rank among indexed tokens (0 = rarest), _NO_RANK if on no description
    hashes: np.ndarray  # per rarity rank: random 64-bit token hash
    keys: np.ndarray  # sorted distinct hashes of every key made
    key_counts: np.ndarray  # descriptions per key
    key_starts: np.ndarray  # first posting of each key in `postings` (readable keys only have postings)
    postings: np.ndarray  # description rows grouped by key; rows are numbered shortest description first
    signatures: np.ndarray  # per description row: token signature
    token_offsets: np.ndarray  # per description row: its first token in `tokens`; one extra at the end
    tokens: np.ndarray  # tids grouped by description row
    maker_offsets: np.ndarray  # the same for `maker_tokens`
    maker_tokens: np.ndarray  # tids of the makers' names of a description row's products
    product_starts: np.ndarray  # per description row: its first product in `products`; one extra at the end
    products: np.ndarray  # pids grouped by description row

    @classmethod
    def build(cls, products: pl.DataFrame, descriptions: pl.DataFrame, vocabulary: pl.DataFrame) -> Blocker:
        """Index the descriptions (did, tids) of `products` (pid, did, maker_tids), with the catalog's
        vocabulary (tid, token)."""
        docs = (
            products.group_by("did").agg(
                pl.col("pid").sort(),
                makers=pl.col("maker_tids").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
            )
            .join(descriptions, on="did").sort(pl.col("tids").list.len(), "did")
        )
        maker_offsets, maker_tokens = csr(docs["makers"])
        owner = np.repeat(np.arange(docs.height), docs["tids"].list.len().to_numpy())
        tids = docs["tids"].explode().drop_nulls().to_numpy().astype(np.int64)
        frequency = np.bincount(tids, minlength=vocabulary.height)
        indexed = np.flatnonzero(frequency)
        rank = np.full(vocabulary.height, _NO_RANK, dtype=np.int64)
        rank[indexed[np.lexsort((indexed, frequency[indexed]))]] = np.arange(len(indexed))
        hashes = np.random.default_rng(20240611).integers(0, 2**63, len(indexed), dtype=np.uint64) << np.uint64(1)
        top, lengths = _top_tokens(owner, tids, rank, docs.height)
        keys, key_counts, rows, entries = _make_keys(hashes[top], lengths)
        key_starts, postings = _postings(keys, rows, entries)
        return cls(
            vocabulary=vocabulary.select("token", "tid"), rank=rank, hashes=hashes, keys=keys, key_counts=key_counts,
            key_starts=key_starts, postings=postings, signatures=_signatures(owner, tids, docs.height),
            token_offsets=csr(docs["tids"])[0], tokens=tids, maker_offsets=maker_offsets, maker_tokens=maker_tokens,
            product_starts=np.r_[0, np.cumsum(docs["pid"].list.len().to_numpy(), dtype=np.int64)],
            products=docs["pid"].explode().to_numpy().astype(np.uint32),
        )

    def search(self, queries: pl.DataFrame, per_query: int) -> pl.DataFrame:
        """(qid, pid, complete) for queries (qid, tokens: List(Utf8)), a query's products best first.

        Whole descriptions are kept, best first, while fewer than `per_query` products are kept.
        `complete` (per query) says whether blocking vouches that no better description was left out:
        every description as good as the best was kept, and either the best (with its makers' names) states
        every line token found on an indexed description, or the search was exhaustive (every key read,
        none too crowded). A line with no candidates has no row.
        """
        sets = queries.select("qid", key=sorted_sets(queries["tokens"]))
        distinct = sets.select("key").unique(maintain_order=True).with_row_index("row").cast({"row": pl.Int64})
        long = distinct.select("row", token="key").explode("token").join(self.vocabulary, on="token",
                                                                          maintain_order="left")
        owner, tids = long["row"].to_numpy().astype(np.int64), long["tid"].to_numpy().astype(np.int64)
        owner, tids = owner[self.rank[tids] != _NO_RANK], tids[self.rank[tids] != _NO_RANK]
        top, lengths = _top_tokens(owner, tids, self.rank, distinct.height)
        rows, keys, inexhaustive = self._reads(self.hashes[top], lengths)
        found = self._exact(self._scan(rows, keys, _signatures(owner, tids, distinct.height)),
                            dense(owner, tids, distinct.height))
        kept = self._kept(found, per_query)
        complete = self._complete(found, kept, self._stated_in_full(found, dense(owner, tids, distinct.height)),
                                  inexhaustive)
        return (
            self._products(kept).join(complete, on="row", maintain_order="left")
            .join(sets.join(distinct, on="key").select("qid", "row"), on="row", maintain_order="left")
            .select(pl.col("qid").cast(pl.UInt32), pl.col("pid").cast(pl.UInt32), "complete")
        )

    def _reads(self, hashes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Keys each line row reads, (row, key position) sorted by row, rarest first within SCAN_BUDGET;
        and per row whether the search was not exhaustive (a readable key left unread, or a key still
        crowded at the largest size the line allows)."""
        read_rows, read_keys = [], []
        inexhaustive = np.zeros(len(lengths), dtype=bool)
        crowded = None
        for size in range(1, MAX_KEY_TOKENS + 1):
            wanted = _wanted_combos(lengths, crowded, size)
            position, found = _lookup(self.keys, _combo_keys(hashes, wanted, size))
            is_crowded = found & (self.key_counts[position] > MAX_POSTINGS)
            crowded = np.zeros(wanted.shape, dtype=bool)
            crowded[wanted] = is_crowded
            row = np.nonzero(wanted)[0]
            inexhaustive[row[is_crowded & (np.minimum(lengths[row], MAX_KEY_TOKENS) == size)]] = True
            read_rows.append(row[found & ~is_crowded]), read_keys.append(position[found & ~is_crowded])
        rows, keys = np.concatenate(read_rows), np.concatenate(read_keys)
        counts = self.key_counts[keys]
        order = np.lexsort((counts, rows))
        rows, keys, counts = rows[order], keys[order], counts[order]
        start = _group_starts(rows)
        spent = np.cumsum(counts)
        keep = (start == np.arange(len(rows))) | (spent - (spent[start] - counts[start]) <= SCAN_BUDGET)
        inexhaustive[rows[~keep]] = True
        return rows[keep], keys[keep], inexhaustive

    def _scan(self, rows: np.ndarray, keys: np.ndarray, line_signatures: np.ndarray) -> pl.DataFrame:
        """(row, doc), sorted: the distinct descriptions in each line row's keys that come within RANK_SLACK
        of the best by signature (which never undercounts, so the best by exact count is among them)."""
        counts = self.key_counts[keys]
        before = np.cumsum(counts) - counts
        chunk = before[_group_starts(rows)] // SCAN_CHUNK  # a line's keys stay in one chunk
        bounds = np.r_[np.flatnonzero(np.r_[True, chunk[1:] != chunk[:-1]]), len(chunk)] if len(chunk) else [0]
        pairs, _ = _counted(np.concatenate([np.zeros(0, dtype=np.uint64), *(
            self._near_best(rows[a:b], keys[a:b], line_signatures) for a, b in pairwise(bounds))]))
        return pl.DataFrame({"row": (pairs >> np.uint64(32)).astype(np.int64),
                             "doc": (pairs & np.uint64(0xFFFFFFFF)).astype(np.int64)})

    def _exact(self, found: pl.DataFrame, line_tokens: np.ndarray) -> pl.DataFrame:
        """The found descriptions with `coverage` counted exactly (signature bits can collide), best first
        then shortest."""
        rows, docs = found["row"].to_numpy(), found["doc"].to_numpy()
        coverage = np.zeros(found.height, dtype=np.int64)
        for block in blocks(line_tokens.shape[0]):
            part = slice(*np.searchsorted(rows, [block.start, block.stop]))
            owner, tid = expand(self.token_offsets, self.tokens, docs[part])
            column = positions(line_tokens[block], len(self.rank), rows[part][owner] - block.start, tid)
            coverage[part] = np.bincount(owner[column >= 0], minlength=part.stop - part.start)
        found = found.with_columns(coverage=coverage)
        return found.sort(["row", "coverage", "doc"], descending=[False, True, False])

    def _near_best(self, rows: np.ndarray, keys: np.ndarray, line_signatures: np.ndarray) -> np.ndarray:
        """(row << 32 | doc) of the postings of keys (rows sorted) within RANK_SLACK of their line's best."""
        counts = self.key_counts[keys]
        docs = self.postings[ranges(self.key_starts[keys], counts)]
        coverage = sum(np.bitwise_count(self.signatures[w][docs] & np.repeat(line_signatures[w][rows], counts))
                       for w in range(_SIGNATURE_WORDS))
        per_line = np.add.reduceat(counts, np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]))
        best = np.repeat(np.maximum.reduceat(coverage, np.cumsum(per_line) - per_line), per_line)
        near = coverage + RANK_SLACK >= best
        return (np.repeat(rows, counts)[near].astype(np.uint64) << np.uint64(32)) | docs[near].astype(np.uint64)

    def _kept(self, found: pl.DataFrame, per_query: int) -> pl.DataFrame:
        """The found descriptions kept: whole ones, in rank order, while fewer than `per_query` products are."""
        found = found.with_columns(n=np.diff(self.product_starts)[found["doc"].to_numpy()])
        return found.filter((pl.col("n").cum_sum() - pl.col("n")).over("row") < per_query)

    def _products(self, kept: pl.DataFrame) -> pl.DataFrame:
        """(row, pid) for the kept descriptions' products, in rank order."""
        docs, counts = kept["doc"].to_numpy(), kept["n"].to_numpy()
        return kept.select("row").gather(np.repeat(np.arange(kept.height), counts)).with_columns(
            pid=self.products[ranges(self.product_starts[docs], counts)]
        )

    def _stated_in_full(self, found: pl.DataFrame, line_tokens: np.ndarray) -> np.ndarray:
        """Per line row: whether its best description, with its makers' names, states every line token."""
        best = found.group_by("row", maintain_order=True).agg(pl.col("doc").first())
        rows, docs = best["row"].to_numpy(), best["doc"].to_numpy()
        covered = line_tokens < 0
        for offsets, tokens in ((self.token_offsets, self.tokens), (self.maker_offsets, self.maker_tokens)):
            for block in blocks(line_tokens.shape[0]):
                part = slice(*np.searchsorted(rows, [block.start, block.stop]))
                owner, tid = expand(offsets, tokens, docs[part])
                line = rows[part][owner]
                column = positions(line_tokens[block], len(self.rank), line - block.start, tid)
                covered[line[column >= 0], column[column >= 0]] = True
        return covered.all(axis=1)

    @staticmethod
    def _complete(found: pl.DataFrame, kept: pl.DataFrame, full: np.ndarray, inexhaustive: np.ndarray) -> pl.DataFrame:
        """Per row: the `complete` flag (see `search`); `full` says whether the best states every line token."""
        per_row = found.group_by("row").agg(tied=(pl.col("coverage") == pl.col("coverage").max()).sum()).join(
            kept.group_by("row").agg(kept=pl.len()), on="row"
        )
        rows = per_row["row"].to_numpy()
        vouched = pl.Series(full[rows] | ~inexhaustive[rows])
        return per_row.select("row", complete=(pl.col("kept") >= pl.col("tied")) & vouched)
