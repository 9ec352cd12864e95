"""Sets of integer token ids as numpy arrays, for blocking and scoring.

Lists are flattened with offsets (CSR); "is this token in that line" is a read of a dense
table of a block of lines against the block's own small vocabulary, rather than a join.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

LINES_PER_BLOCK = 2_048  # lines whose token table is held at once


def offsets(lists: pl.Series) -> np.ndarray:
    """Where each row of a list column starts in its flattened values, plus the end."""
    return np.r_[0, np.cumsum(lists.list.len().fill_null(0).to_numpy(), dtype=np.int64)]


def csr(lists: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """An integer list column as (offsets, flat values): row i holds values[offsets[i]:offsets[i + 1]]."""
    return offsets(lists), lists.explode().drop_nulls().to_numpy().astype(np.int64)


def expand(offsets: np.ndarray, values: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The CSR lists of `owners`, concatenated: (index into `owners`, value)."""
    counts = offsets[owners + 1] - offsets[owners]
    return np.repeat(np.arange(len(owners)), counts), values[ranges(offsets[owners], counts)]


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The index ranges [start, start + count), concatenated."""
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())


def dense(rows: np.ndarray, values: np.ndarray, n_rows: int) -> np.ndarray:
    """Values grouped by row (`rows` sorted) as an n_rows x longest matrix, padded with -1."""
    position = np.arange(len(rows)) - np.searchsorted(rows, rows)
    matrix = np.full((n_rows, int(position.max(initial=0)) + 1), -1, dtype=np.int64)
    matrix[rows, position] = values
    return matrix


def blocks(n_lines: int) -> list[slice]:
    """Consecutive blocks of LINES_PER_BLOCK lines."""
    return [slice(start, min(start + LINES_PER_BLOCK, n_lines)) for start in range(0, n_lines, LINES_PER_BLOCK)]


def positions(line_tokens: np.ndarray, vocabulary_size: int, line: np.ndarray, tid: np.ndarray) -> np.ndarray:
    """Column of token `tid` in row `line` of `line_tokens` (a block's lines x tokens, -1 padded), -1 if absent."""
    known = line_tokens >= 0
    vocabulary = np.unique(line_tokens[known])
    local = np.full(vocabulary_size, len(vocabulary), dtype=np.int64)  # unknown -> the last, all -1, column
    local[vocabulary] = np.arange(len(vocabulary))
    table = np.full((line_tokens.shape[0], len(vocabulary) + 1), -1, dtype=np.int64)
    rows, columns = np.nonzero(known)
    table[rows, local[line_tokens[known]]] = columns
    return table[line, local[tid]]


def lists(offsets: np.ndarray, values: pl.Series) -> pl.Series:
    """CSR (offsets, values) as a List column, without grouping."""
    return pl.Series(pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values.to_arrow()))


def sorted_sets(values: pl.Series) -> pl.Series:
    """Each list's distinct values, sorted (as list.unique().list.sort(), a few times faster on long columns)."""
    long = pl.DataFrame({
        "row": np.repeat(np.arange(len(values)), values.list.len().fill_null(0).to_numpy()),
        "value": values.explode().drop_nulls(),
    }).unique().sort("row", "value")
    counts = np.bincount(long["row"].to_numpy(), minlength=len(values))
    return lists(np.r_[0, np.cumsum(counts, dtype=np.int64)], long["value"]).alias(values.name)


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values (sorted) and each value's index among them; a stable sort is much faster here
    than np.unique's hashing."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]] if len(values) else np.zeros(0, dtype=bool)
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse
