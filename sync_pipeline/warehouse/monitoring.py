"""Operational figures from the warehouse and their verdicts against the configured thresholds.

The one place they are computed: `sync-pipeline status` prints them, the `pipeline_health` asset
records them as metadata (plotted over time in the Dagster UI) and reports the verdicts as asset checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sync_pipeline.config import MonitorSettings, Threshold
from sync_pipeline.warehouse.store import Warehouse

SYSTEMS = ("pm", "inventory")
CONFIDENCE_BUCKETS = ("0.0-0.5", "0.5-0.7", "0.7-0.9", "0.9-1.0")

# Latest fetched revision of each takeoff: the one operations act on.
LATEST_REVISIONS = """
SELECT takeoff_id, max(revision) AS revision FROM raw_takeoffs GROUP BY takeoff_id
"""

# Approved revisions the pipeline knows of: fetched as approved (latest revision), named as a gap by the
# newest reconciliation, or in a takeoff_sync run queued or running (parameter). Pending until a revision
# of that takeoff at least as new was posted to the platform.
PENDING_APPROVALS = f"""
WITH gaps AS (
    SELECT unnest(missing_revisions) AS k FROM (
        SELECT missing_revisions FROM reconciliation_report ORDER BY checked_at DESC LIMIT 1)
    UNION SELECT unnest(?::VARCHAR[])
), known AS (
    SELECT r.takeoff_id, r.revision FROM raw_takeoffs r JOIN ({LATEST_REVISIONS}) l USING (takeoff_id, revision)
    WHERE r.status = 'approved'
    UNION
    SELECT regexp_extract(k, '^(.+)@(\\d+)$', 1), CAST(regexp_extract(k, '^(.+)@(\\d+)$', 2) AS INTEGER) FROM gaps
)
SELECT count(*) AS n FROM known k WHERE NOT EXISTS (
    SELECT 1 FROM requirement_writes w WHERE w.takeoff_id = k.takeoff_id AND w.revision >= k.revision)
"""


@dataclass
class Health:
    checked_at: datetime
    window_hours: float                                                      # errors and latency: this recent
    last_success: dict[str, datetime | None] = field(default_factory=dict)   # per external system
    errors: dict[str, int] = field(default_factory=dict)                     # per error type, in the window
    attempts: int = 0                                                        # external calls in the window
    pending_approvals: int = 0
    matched: int = 0            # lines of latest revisions, by match status
    review_queue: int = 0
    unmatched: int = 0
    open_dead_letters: int = 0
    latency_p50_seconds: float | None = None    # approval in the PM system -> requirements written, for
    latency_p95_seconds: float | None = None    # approvals within the window
    confidence_buckets: dict[str, int] = field(default_factory=dict)

    @property
    def error_rate(self) -> float:
        return sum(self.errors.values()) / self.attempts if self.attempts else 0.0

    @property
    def auto_match_share(self) -> float | None:
        lines = self.matched + self.review_queue + self.unmatched
        return self.matched / lines if lines else None

    def hours_since_success(self, system: str) -> float | None:
        at = self.last_success.get(system)
        return None if at is None else (self.checked_at - at).total_seconds() / 3600


def health(store: Warehouse, window_hours: float, in_flight: Iterable[str] = ()) -> Health:
    """The figures now; `in_flight` are "takeoff@revision" of takeoff_sync runs queued or running."""
    figures = Health(checked_at=datetime.now(timezone.utc), window_hours=window_hours)
    since = figures.checked_at - timedelta(hours=window_hours)
    successes = dict(store.query("""
        SELECT s.system, max(e.occurred_at) FROM (SELECT unnest(?::VARCHAR[]) AS system) s
        LEFT JOIN integration_events e ON e.status IN ('ok', 'replayed')
             AND (e.source_system = s.system OR e.target_system = s.system)
        GROUP BY 1""", [list(SYSTEMS)]).iter_rows())
    figures.last_success = {system: successes[system] for system in SYSTEMS}
    figures.attempts = int(store.query("SELECT count(*) AS n FROM integration_events WHERE occurred_at > ? "
                                       "AND status <> 'resolved'", [since])["n"][0])   # calls, not bookkeeping
    figures.errors = dict(store.query(
        "SELECT coalesce(error_type, status), count(*) FROM integration_events WHERE occurred_at > ? "
        "AND status IN ('transient_error', 'permanent_error') GROUP BY 1 ORDER BY 2 DESC, 1", [since]).iter_rows())
    in_flight = sorted(in_flight)
    figures.pending_approvals = int(store.query(PENDING_APPROVALS, [in_flight])["n"][0])
    queue = store.query(f"""
        SELECT count(*) FILTER (WHERE m.status = 'matched') AS matched,
               count(*) FILTER (WHERE m.status = 'review') AS review,
               count(*) FILTER (WHERE m.status = 'unmatched') AS unmatched
        FROM match_results m JOIN ({LATEST_REVISIONS}) l USING (takeoff_id, revision)""").row(0, named=True)
    figures.matched, figures.review_queue, figures.unmatched = queue["matched"], queue["review"], queue["unmatched"]
    figures.open_dead_letters = int(store.query(
        "SELECT count(*) AS n FROM dead_letters WHERE status = 'open'")["n"][0])
    latency = store.query("""
        SELECT quantile_cont(s, 0.5) AS p50, quantile_cont(s, 0.95) AS p95 FROM (
            SELECT epoch(w.written_at) - epoch(r.approved_at) AS s FROM requirement_writes w
            JOIN raw_takeoffs r USING (takeoff_id, revision)
            WHERE w.write_status = 'created' AND r.approved_at > ?)""", [since]).row(0, named=True)
    figures.latency_p50_seconds, figures.latency_p95_seconds = latency["p50"], latency["p95"]
    counts = dict(store.query(f"""
        SELECT CASE WHEN confidence >= 0.9 THEN '0.9-1.0' WHEN confidence >= 0.7 THEN '0.7-0.9'
                    WHEN confidence >= 0.5 THEN '0.5-0.7' ELSE '0.0-0.5' END AS bucket, count(*)
        FROM match_results m JOIN ({LATEST_REVISIONS}) l USING (takeoff_id, revision)
        GROUP BY 1""").iter_rows())
    figures.confidence_buckets = {bucket: counts.get(bucket, 0) for bucket in CONFIDENCE_BUCKETS}
    return figures


UNIT_FORMATS = {"": "{:.0f}", "s": "{:.0f} s", "h": "{:.1f} h", "%": "{:.1%}"}


@dataclass(frozen=True)
class Monitor:
    """One figure held against the configured threshold of the same name (also its asset check's name)."""

    name: str
    description: str
    figure: Callable[[Health], float | None]
    unit: str = ""      # "s", "h", "%" (a share) or "" (a count)

    def format(self, value: float | None) -> str:
        return "no data" if value is None else UNIT_FORMATS[self.unit].format(value)


MONITORS = (
    Monitor("latency_p95_seconds", "95th percentile of approval-to-written time, approvals in the window",
            lambda h: h.latency_p95_seconds, "s"),
    Monitor("error_rate", "share of external calls in the window that failed (retries included)",
            lambda h: h.error_rate, "%"),
    Monitor("pending_approvals", "approved revisions not yet written to the platform",
            lambda h: h.pending_approvals),
    Monitor("review_queue", "lines of latest revisions waiting for a person", lambda h: h.review_queue),
    Monitor("open_dead_letters", "failed writes waiting for a replay", lambda h: h.open_dead_letters),
    *(Monitor(f"{system}_hours_since_success", f"hours since the last successful call to the {system} system",
              lambda h, system=system: h.hours_since_success(system), "h") for system in SYSTEMS),
    Monitor("auto_match_share", "share of lines of latest revisions matched automatically",
            lambda h: h.auto_match_share, "%"),
)


@dataclass(frozen=True)
class Verdict:
    monitor: Monitor
    threshold: Threshold
    value: float | None

    @property
    def level(self) -> str:
        return self.threshold.verdict(self.value)


def verdicts(figures: Health, settings: MonitorSettings) -> list[Verdict]:
    return [Verdict(m, settings.thresholds[m.name], m.figure(figures)) for m in MONITORS]
