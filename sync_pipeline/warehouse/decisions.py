"""Recording reviewers' decisions, and learning from them: what the review CLI (one line or an imported
spreadsheet) and any other front end call, so that every decision teaches the same way.

A decision is written to the manual mapping table first (warehouse/mappings.record). Then each
confirmed or corrected line is read against its SKU (core/learning.py): the spellings, abbreviations
and unit spellings it reveals become learned dictionary entries, with their evidence, who and when
(warehouse/learned.py), so that other descriptions written the same way match too. A rejection
teaches nothing. The decisions already in force are read alongside, since a synonym needs several
decisions that agree; only entries a new decision is evidence for are recorded, in its decider's name.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sync_pipeline.core.learning import learn_from_decisions
from sync_pipeline.defs.catalog_index import catalog_index_for  # the shared index cache; no Dagster
from sync_pipeline.warehouse import learned
from sync_pipeline.warehouse.mappings import Decision, record
from sync_pipeline.warehouse.store import Warehouse

_DECIDED = {"description": pl.Utf8, "sku": pl.Utf8, "uom": pl.Utf8}


@dataclass(frozen=True)
class Recorded:
    mapping_ids: list[int | None]  # per decision: its new mapping id, or None when it was already in force
    learned: list[learned.LearnedEntry]  # the dictionary entries these decisions taught


def record_decisions(store: Warehouse, decisions: list[Decision], decided_by: str,
                     expected: dict[str, int | None] | None = None) -> Recorded:
    """Record the decisions (mappings.record, `expected` as there), then learn from the confirmed and
    corrected ones."""
    ids = record(store, decisions, decided_by, expected)
    taught = [learned.find_entry(store, entry_id) for entry_id in learn(store, decisions, decided_by)]
    return Recorded(ids, [entry for entry in taught if entry is not None])


def learn(store: Warehouse, decisions: list[Decision], learned_by: str) -> list[str]:
    """Learn what the decisions with a SKU reveal; returns the ids of the entries recorded."""
    taught = [d for d in decisions if d.sku is not None and d.line.description]
    if not taught:
        return []
    new = pl.DataFrame({"description": [d.line.description for d in taught], "sku": [d.sku for d in taught],
                        "uom": [d.line.unit for d in taught]}, schema=_DECIDED)
    in_force = store.query("SELECT description, sku, CAST(NULL AS VARCHAR) AS uom FROM manual_mappings "
                           "WHERE superseded_at IS NULL AND sku IS NOT NULL AND description IS NOT NULL")
    history = pl.concat([new, in_force.cast(_DECIDED).join(new, on="description", how="anti")])
    index, _ = catalog_index_for(store)
    entries = learn_from_decisions(index, history, learned.entries_in_force(store))
    own = entries.filter(pl.col("evidence").list.eval(pl.element().is_in(new["description"].to_list())).list.any())
    return learned.record(store, own, learned_by)
