"""Operational figures from the warehouse, shared by `sync-pipeline status` and the asset checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sync_pipeline.warehouse.store import Warehouse

# Latest fetched revision of each takeoff: the one operations act on.
LATEST_REVISIONS = """
SELECT takeoff_id, max(revision) AS revision FROM raw_takeoffs GROUP BY takeoff_id
"""


@dataclass
class Health:
    last_success: dict[str, datetime | None] = field(default_factory=dict)   # per external system
    errors_last_24h: dict[str, int] = field(default_factory=dict)             # per error type
    attempts_last_24h: int = 0
    review_queue: int = 0
    unmatched: int = 0
    open_dead_letters: int = 0
    latency_p50_seconds: float | None = None    # approval in the PM system -> requirements written
    latency_p95_seconds: float | None = None
    confidence_buckets: dict[str, int] = field(default_factory=dict)

    @property
    def error_rate_last_24h(self) -> float:
        return sum(self.errors_last_24h.values()) / self.attempts_last_24h if self.attempts_last_24h else 0.0


def health(store: Warehouse) -> Health:
    figures = Health()
    for system, at in store.query("""
            SELECT s.system, max(e.occurred_at) FROM (VALUES ('pm'), ('inventory')) s(system)
            LEFT JOIN integration_events e ON e.status IN ('ok', 'replayed')
                 AND (e.source_system = s.system OR e.target_system = s.system)
            GROUP BY 1 ORDER BY 1""").iter_rows():
        figures.last_success[system] = at
    recent = "occurred_at > now() - INTERVAL 24 HOURS"
    figures.attempts_last_24h = int(store.query(f"SELECT count(*) AS n FROM integration_events WHERE {recent}")["n"][0])
    figures.errors_last_24h = dict(store.query(
        f"SELECT coalesce(error_type, status), count(*) FROM integration_events WHERE {recent} "
        "AND status IN ('transient_error', 'permanent_error') GROUP BY 1 ORDER BY 2 DESC").iter_rows())
    queue = store.query(f"""
        SELECT count(*) FILTER (WHERE m.status = 'review') AS review,
               count(*) FILTER (WHERE m.status = 'unmatched') AS unmatched
        FROM match_results m JOIN ({LATEST_REVISIONS}) l USING (takeoff_id, revision)""").row(0, named=True)
    figures.review_queue, figures.unmatched = int(queue["review"]), int(queue["unmatched"])
    figures.open_dead_letters = int(store.query(
        "SELECT count(*) AS n FROM dead_letters WHERE status = 'open'")["n"][0])
    latency = store.query("""
        SELECT quantile_cont(s, 0.5) AS p50, quantile_cont(s, 0.95) AS p95 FROM (
            SELECT epoch(w.written_at) - epoch(r.approved_at) AS s FROM requirement_writes w
            JOIN raw_takeoffs r USING (takeoff_id, revision)
            WHERE w.write_status = 'created' AND r.approved_at IS NOT NULL)""").row(0, named=True)
    figures.latency_p50_seconds, figures.latency_p95_seconds = latency["p50"], latency["p95"]
    figures.confidence_buckets = dict(store.query(f"""
        SELECT CASE WHEN confidence >= 0.9 THEN '0.9-1.0' WHEN confidence >= 0.7 THEN '0.7-0.9'
                    WHEN confidence >= 0.5 THEN '0.5-0.7' ELSE '0.0-0.5' END AS bucket, count(*)
        FROM match_results m JOIN ({LATEST_REVISIONS}) l USING (takeoff_id, revision)
        GROUP BY 1 ORDER BY 1""").iter_rows())
    return figures
