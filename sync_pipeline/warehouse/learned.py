"""The learned dictionary in the warehouse: entries taught by reviewers' decisions, who and when, and
their undoing. The matcher gets the entries in force as a frame (`entries_in_force`); learning itself
is core/learning.py, which reads nothing and writes nothing.

Reverting keeps the row (reverted_at, reverted_by): what was learned and undone stays visible, and an
entry ops reverted is not learned again from the same evidence.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from sync_pipeline.warehouse.frames import now_utc
from sync_pipeline.warehouse.store import Warehouse

_COLUMNS = ("entry_id, kind, term, canonical, how, evidence_count, evidence, learned_by, learned_at, "
            "reverted_by, reverted_at")


@dataclass(frozen=True)
class LearnedEntry:
    entry_id: str
    kind: str
    term: str
    canonical: str
    how: str
    evidence_count: int
    evidence: list[str]
    learned_by: str
    learned_at: datetime
    reverted_by: str | None
    reverted_at: datetime | None


def _entry(row: dict) -> LearnedEntry:
    return LearnedEntry(**{**row, "evidence": json.loads(row["evidence"])})


def entries_in_force(store: Warehouse) -> pl.DataFrame:
    """(kind, term, canonical) of every entry not reverted, oldest first: what match_lines takes as `learned`."""
    return store.query("SELECT kind, term, canonical FROM learned_entries WHERE reverted_at IS NULL "
                       "ORDER BY learned_at, entry_id")


def list_entries(store: Warehouse, include_reverted: bool = False) -> list[LearnedEntry]:
    where = "" if include_reverted else "WHERE reverted_at IS NULL"
    rows = store.query(f"SELECT {_COLUMNS} FROM learned_entries {where} ORDER BY kind, term, learned_at")
    return [_entry(r) for r in rows.iter_rows(named=True)]


def find_entry(store: Warehouse, entry_id: str) -> LearnedEntry | None:
    """The entry whose id is or starts with `entry_id` (ids are long; a unique prefix will do)."""
    rows = store.query(f"SELECT {_COLUMNS} FROM learned_entries WHERE starts_with(entry_id, ?)", [entry_id.strip()])
    return _entry(rows.row(0, named=True)) if rows.height == 1 else None


def revert(store: Warehouse, entry_id: str, reverted_by: str) -> bool:
    """Take an entry out of force; False when it is unknown or already reverted."""
    with store.transaction() as con:
        found = con.execute("SELECT count(*) FROM learned_entries WHERE entry_id = ? AND reverted_at IS NULL",
                            [entry_id]).fetchone()[0]
        if found:
            con.execute("UPDATE learned_entries SET reverted_at = ?, reverted_by = ? WHERE entry_id = ?",
                        [now_utc(), reverted_by, entry_id])
    return bool(found)


def record(store: Warehouse, entries: pl.DataFrame, learned_by: str) -> list[str]:
    """Store new entries (core.learning.ENTRY_SCHEMA); one already in force or reverted for the same
    kind, term and canonical words is skipped. Returns the new entries' ids."""
    ids: list[str] = []
    with store.transaction() as con:
        known = {tuple(r) for r in con.execute("SELECT kind, term, canonical FROM learned_entries").fetchall()}
        now = now_utc()
        for row in entries.iter_rows(named=True):
            if (row["kind"], row["term"], row["canonical"]) in known:
                continue
            entry_id = uuid.uuid4().hex
            con.execute(f"INSERT INTO learned_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                        [entry_id, row["kind"], row["term"], row["canonical"], row["how"], row["evidence_count"],
                         json.dumps(list(row["evidence"])), learned_by, now])
            ids.append(entry_id)
    return ids


def decided_history(store: Warehouse) -> pl.DataFrame:
    """(description, sku, uom): the lines people decided (mappings in force, confirm or correct) and the
    lines matched automatically in each takeoff's latest revision, one row per distinct text and SKU."""
    return store.query("""
        WITH latest AS (SELECT takeoff_id, max(revision) AS revision FROM match_results GROUP BY takeoff_id)
        SELECT DISTINCT description, sku, CAST(NULL AS VARCHAR) AS uom FROM manual_mappings
        WHERE superseded_at IS NULL AND sku IS NOT NULL
        UNION
        SELECT DISTINCT m.description, m.sku, l.uom_raw AS uom
        FROM match_results m JOIN latest USING (takeoff_id, revision)
        LEFT JOIN takeoff_line_items l USING (takeoff_id, revision, line_id)
        WHERE m.status = 'matched' AND m.sku IS NOT NULL AND m.description IS NOT NULL""")
