"""The review queue and the manual mapping table: what operations staff look at and what they decide.

A decision is keyed by the line's description_key, so it applies to every line written the same
way, now and in later takeoffs. History is kept: a new decision for a key sets superseded_at on
the one it replaces instead of deleting it.

The key is a form of the typed text alone (core.normalize.description_key), so that editing a
dictionary or learning an entry never orphans a decision. Warehouses written when the key was the
dictionary reading are migrated once by `ensure_text_keys`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from sync_pipeline.core.normalize import description_key
from sync_pipeline.warehouse.frames import now_utc
from sync_pipeline.warehouse.store import Warehouse, insert_frame, next_id

ACTIONS = ("confirm", "correct", "reject")

# The lines of each takeoff's latest processed revision that a person still has to decide. A line is
# decided by a rejection in force, or by a mapping in force made after the line was matched (it is
# waiting to be re-processed); a mapping older than the match that still left the line flagged (its
# SKU went inactive, its unit does not convert) needs a new decision, so the line stays listed. A line
# the matcher found rejected (method mapping, no SKU: a rejection of a text read the same way) is decided.
_LINES = """
WITH latest AS (SELECT takeoff_id, max(revision) AS revision FROM match_results GROUP BY takeoff_id)
SELECT m.takeoff_id, m.revision, m.line_id, m.project_id, t.name AS takeoff_name, m.description,
       m.description_key, m.quantity, coalesce(l.uom_raw, m.uom_code) AS unit, m.uom_code, m.status, m.sku,
       m.confidence, m.method, m.candidates, m.reason, m.matched_at,
       (d.mapping_id IS NOT NULL AND (d.sku IS NULL OR d.decided_at >= m.matched_at))
       OR (m.method = 'mapping' AND m.sku IS NULL) AS decided
FROM match_results m JOIN latest USING (takeoff_id, revision)
LEFT JOIN takeoff_line_items l USING (takeoff_id, revision, line_id)
LEFT JOIN raw_takeoffs t USING (takeoff_id, revision)
LEFT JOIN manual_mappings d ON d.description_key = m.description_key AND d.superseded_at IS NULL
"""
_FLAGGED = ("m.status IN ('review', 'unmatched') AND m.reason NOT LIKE 'quarantined:%' "
            "AND coalesce(m.description_key, '') <> ''")


KEY_FORM = "typed text"  # sync_state 'description_key_form' once the keys are migrated
_KEYED_TABLES = ("manual_mappings", "takeoff_line_items", "match_results")


def ensure_text_keys(store: Warehouse) -> bool:
    """Migrate description keys to the typed-text form, once; True when it did.

    An old key (the dictionary reading) covered every text read the same way; so that no decision
    stops applying, each mapping in force is first copied to the other texts of takeoff lines that
    shared its old key, then every key is recomputed from its row's description."""
    if store.query("SELECT count(*) AS n FROM sync_state WHERE name = 'description_key_form' AND value = ?",
                   [KEY_FORM])["n"][0]:
        return False
    with store.transaction() as con:
        texts = con.sql("SELECT DISTINCT description, description_key AS old_key FROM takeoff_line_items "
                        "WHERE description IS NOT NULL").pl()
        in_force = con.sql("SELECT description_key AS old_key, description, sku, action, decided_by, decided_at "
                           "FROM manual_mappings WHERE superseded_at IS NULL").pl()
        copies = in_force.drop("description").join(texts, on="old_key")
        copies = copies.with_columns(description_key=description_key(copies["description"]))
        own = in_force.with_columns(description_key=description_key(in_force["description"]))
        copies = copies.join(own.select("description_key"), on="description_key", how="anti").unique("description_key")
        if copies.height:
            first = next_id(con, "manual_mappings", "mapping_id")
            insert_frame(con, "manual_mappings", copies.drop("old_key").with_columns(
                mapping_id=pl.int_range(first, first + copies.height, dtype=pl.Int64)))
        for table in _KEYED_TABLES:
            distinct = con.sql(f"SELECT DISTINCT description FROM {table} WHERE description IS NOT NULL").pl()
            con.register("rekeyed", distinct.with_columns(new_key=description_key(distinct["description"])))
            con.execute(f"UPDATE {table} SET description_key = rekeyed.new_key FROM rekeyed "
                        f"WHERE {table}.description = rekeyed.description")
            con.unregister("rekeyed")
        con.execute("DELETE FROM sync_state WHERE name = 'description_key_form'")
        con.execute("INSERT INTO sync_state (name, value, updated_at) VALUES ('description_key_form', ?, ?)",
                    [KEY_FORM, now_utc()])
    return True


class ReviewError(ValueError):
    """A decision that cannot be recorded; the message says why in plain words, `column` what to fix."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.column = column


class LineNotFound(ReviewError):
    """No takeoff's latest revision has this line."""


class StaleDecision(ReviewError):
    """The decision in force changed since the decider looked: `current` is the one in force now."""

    def __init__(self, current: "Mapping | None"):
        super().__init__("the decision in force for this description changed meanwhile" + (
            f": {current.action} {current.sku or ''} by {current.decided_by} at {current.decided_at:%Y-%m-%d %H:%M}"
            if current else ""), "decision")
        self.current = current


@dataclass(frozen=True)
class Candidate:
    sku: str
    description: str | None
    uom: str | None


@dataclass(frozen=True)
class FlaggedLine:
    takeoff_id: str
    revision: int
    line_id: str
    project_id: str
    takeoff_name: str | None
    description: str | None
    description_key: str | None
    quantity: float | None
    unit: str | None
    uom_code: str | None
    status: str
    sku: str | None
    confidence: float
    method: str
    reason: str
    decided: bool
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> str | None:
        return self.candidates[0].sku if self.candidates else None


@dataclass(frozen=True)
class Decision:
    """One validated decision, ready to record."""
    line: FlaggedLine
    action: str
    sku: str | None


@dataclass(frozen=True)
class Mapping:
    mapping_id: int
    sku: str | None
    action: str
    decided_by: str
    decided_at: datetime


def _lines(store: Warehouse, where: str, params: list) -> list[FlaggedLine]:
    rows = store.query(f"{_LINES} WHERE {where} ORDER BY m.project_id, m.takeoff_id, m.line_id", params)
    skus = sorted({s for c in rows["candidates"].to_list() for s in c})
    products = {r["sku"]: Candidate(r["sku"], r["description"], r["uom"]) for r in store.query(
        "SELECT sku, description, uom FROM catalog_products WHERE list_contains(?, sku)", [skus]
    ).iter_rows(named=True)} if skus else {}
    columns = set(FlaggedLine.__dataclass_fields__) - {"candidates"}
    return [FlaggedLine(**{k: v for k, v in r.items() if k in columns},
                        candidates=[products.get(s, Candidate(s, None, None)) for s in r["candidates"]])
            for r in rows.iter_rows(named=True)]


def flagged_lines(store: Warehouse, project_id: str | None = None, takeoff_id: str | None = None
                  ) -> list[FlaggedLine]:
    """Lines waiting for a person: review or unmatched, not quarantined, not yet decided."""
    ensure_text_keys(store)
    where, params = [_FLAGGED, "NOT decided"], []
    for column, value in (("m.project_id", project_id), ("m.takeoff_id", takeoff_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    return _lines(store, " AND ".join(where), params)


def find_line(store: Warehouse, line_id: str, takeoff_id: str | None = None) -> FlaggedLine:
    """A line of a takeoff's latest revision, whatever its status."""
    ensure_text_keys(store)
    where, params = "m.line_id = ?", [line_id]
    if takeoff_id:
        where, params = f"{where} AND m.takeoff_id = ?", [line_id, takeoff_id]
    found = _lines(store, where, params)
    if not found:
        raise LineNotFound(f"there is no line {line_id}" + (f" in takeoff {takeoff_id}" if takeoff_id else ""),
                          "line_id")
    if len(found) > 1:
        raise ReviewError(f"line {line_id} is in several takeoffs ({', '.join(l.takeoff_id for l in found)}); "
                          "say which one (--takeoff, or the takeoff_id column)", "line_id")
    return found[0]


def mapping_in_force(store: Warehouse, description_key: str) -> Mapping | None:
    rows = store.query("SELECT mapping_id, sku, action, decided_by, decided_at FROM manual_mappings "
                       "WHERE description_key = ? AND superseded_at IS NULL", [description_key])
    return Mapping(**rows.row(0, named=True)) if rows.height else None


def lines_sharing(store: Warehouse, description_key: str) -> tuple[int, int]:
    """How many lines, in how many takeoffs, of takeoffs' latest revisions are typed this way: what one
    decision on the description changes."""
    row = store.query("""
        WITH latest AS (SELECT takeoff_id, max(revision) AS revision FROM match_results GROUP BY takeoff_id)
        SELECT count(*) AS lines, count(DISTINCT takeoff_id) AS takeoffs
        FROM match_results JOIN latest USING (takeoff_id, revision) WHERE description_key = ?""",
                      [description_key]).row(0)
    return int(row[0]), int(row[1])


def check_sku(store: Warehouse, sku: str) -> str:
    """The SKU as the catalog spells it, if it is an active product; otherwise ReviewError."""
    rows = store.query("SELECT sku, active FROM catalog_products WHERE upper(sku) = upper(?)", [sku.strip()])
    if rows.height == 0:
        raise ReviewError(f"SKU {sku} is not in the catalog (check the spelling)", "sku")
    if not rows["active"][0]:
        raise ReviewError(f"SKU {rows['sku'][0]} is in the catalog but no longer active; choose an active product",
                          "sku")
    return rows["sku"][0]


def decide(store: Warehouse, line: FlaggedLine, action: str, sku: str | None = None) -> Decision:
    """Validate a decision on a line: confirm picks one of its candidates (the best by default),
    correct names any active SKU, reject says the item is not in the catalog."""
    if action not in ACTIONS:
        raise ReviewError(f"'{action}' is not a decision; use confirm, correct or reject", "decision")
    if not line.description_key:
        raise ReviewError(f"line {line.line_id} has no description to decide on", "line_id")
    sku = (sku or "").strip() or None
    if action == "reject":
        if sku:
            raise ReviewError("leave the SKU empty when rejecting: a rejection means the item is not in the catalog",
                              "sku")
        return Decision(line, action, None)
    if action == "correct" and not sku:
        raise ReviewError("a correction needs the SKU to use", "sku")
    if action == "confirm" and not sku:
        if line.best is None:
            raise ReviewError(f"line {line.line_id} has no candidate to confirm; use correct with a SKU", "decision")
        sku = line.best
    sku = check_sku(store, sku)
    if action == "confirm" and sku not in {c.sku for c in line.candidates}:
        raise ReviewError(f"{sku} is not one of this line's candidates; use correct to choose another SKU", "sku")
    return Decision(line, action, sku)


def record(store: Warehouse, decisions: list[Decision], decided_by: str,
           expected: dict[str, int | None] | None = None) -> list[int | None]:
    """Write the decisions in one transaction; each supersedes the one in force for its description.
    Returns each decision's new mapping id, or None when it is the decision already in force.

    `expected` (description key -> the mapping id the decider saw in force, None for none) makes it
    all-or-nothing against a concurrent decider: StaleDecision when another decision took its place."""
    ids: list[int | None] = []
    with store.transaction() as con:
        for decision in decisions:
            key = decision.line.description_key
            current = con.execute("SELECT sku, mapping_id, action, decided_by, decided_at FROM manual_mappings "
                                  "WHERE description_key = ? AND superseded_at IS NULL", [key]).fetchone()
            if expected is not None and key in expected and (current[1] if current else None) != expected[key]:
                raise StaleDecision(Mapping(current[1], current[0], *current[2:]) if current else None)
            if current is not None and current[0] == decision.sku:
                ids.append(None)
                continue
            now = now_utc()
            con.execute("UPDATE manual_mappings SET superseded_at = ? WHERE description_key = ? "
                        "AND superseded_at IS NULL", [now, key])
            mapping_id = next_id(con, "manual_mappings", "mapping_id")
            con.execute(
                "INSERT INTO manual_mappings (mapping_id, description_key, description, sku, action, decided_by, "
                "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [mapping_id, key, decision.line.description or key, decision.sku, decision.action, decided_by, now])
            ids.append(mapping_id)
    return ids


@dataclass(frozen=True)
class Reprocess:
    """A takeoff revision whose lines a new decision changes; mapping_id is the newest such decision."""
    takeoff_id: str
    revision: int
    mapping_id: int


def reprocess_after(store: Warehouse, mapping_id: int) -> tuple[list[Reprocess], int]:
    """Approved takeoffs whose latest revision has lines decided after `mapping_id`, and the newest id seen."""
    newest = store.query("SELECT coalesce(max(mapping_id), 0) AS id FROM manual_mappings")["id"][0]
    if newest <= mapping_id:
        return [], mapping_id
    rows = store.query("""
        WITH latest AS (SELECT takeoff_id, max(revision) AS revision FROM takeoff_line_items GROUP BY takeoff_id)
        SELECT l.takeoff_id, l.revision, max(d.mapping_id) AS mapping_id
        FROM takeoff_line_items l JOIN latest USING (takeoff_id, revision)
        JOIN raw_takeoffs t USING (takeoff_id, revision)
        JOIN manual_mappings d ON d.description_key = l.description_key
        WHERE d.mapping_id > ? AND d.mapping_id <= ? AND t.status = 'approved'
        GROUP BY 1, 2 ORDER BY 1""", [mapping_id, newest])
    return [Reprocess(**r) for r in rows.iter_rows(named=True)], int(newest)
