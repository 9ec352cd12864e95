"""Operational figures from the warehouse and their verdicts against the configured thresholds.

The one place they are computed: `sync-pipeline status` prints them, the `pipeline_health` asset
records them as metadata (plotted over time in the Dagster UI) and reports the verdicts as asset checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sync_pipeline.config import MONITOR_THRESHOLDS, MonitorSettings, Threshold
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


# unit -> (decimals, suffix, the word a metadata label ends with). One formatting for the CLI, the Dagster
# metadata and the alerts: a share is shown in percent, seconds and hours with one decimal.
UNITS = {"": (0, "", ""), "s": (1, " s", "seconds"), "h": (1, " h", "hours"), "%": (1, " %", "percent")}


def rounded_figure(value: float | None, unit: str) -> float | int | None:
    """The figure as it is shown: a share in percent, rounded to the unit's decimals; None stays None."""
    if value is None:
        return None
    decimals = UNITS[unit][0]
    shown = round(value * 100 if unit == "%" else value, decimals)
    return int(shown) if decimals == 0 else shown


def format_figure(value: float | None, unit: str) -> str:
    """"49.1 %", "12.3 s", "2.5 h", "17"; hours under one in minutes ("12 min", "under 1 min");
    "no data" for a figure not measured yet."""
    if value is None:
        return "no data"
    if unit == "h" and value < 1:
        minutes = round(value * 60)
        return f"{minutes} min" if minutes >= 1 else "under 1 min"
    decimals, suffix, _ = UNITS[unit]
    return f"{rounded_figure(value, unit):.{decimals}f}{suffix}"


def format_levels(threshold: Threshold, unit: str) -> str:
    """"warn above 5.0 %, fail above 25.0 %" ("off" for a level turned off)."""
    side = "below" if threshold.low_is_bad else "above"
    return ", ".join(f"{name} {'off' if level is None else f'{side} {format_figure(level, unit)}'}"
                     for name, level in (("warn", threshold.warn), ("fail", threshold.fail)))


@dataclass(frozen=True)
class Monitor:
    """One figure held against the configured threshold of the same name (also its asset check's name)."""

    name: str
    description: str            # what the figure is, for a new operator
    action: str                 # what to do when it is past a level
    figure: Callable[[Health], float | None] | None = None   # None: measured per takeoff, not in Health
    unit: str = ""              # "s", "h", "%" (a share) or "" (a count)

    def format(self, value: float | None) -> str:
        return format_figure(value, self.unit)

    @property
    def label(self) -> str:
        """Its metadata key, the unit in the name: `error_rate_percent`, `latency_p95_seconds`."""
        word = UNITS[self.unit][2]
        return self.name if word in self.name else f"{self.name}_{word}"

    def finding(self, threshold: Threshold, value: float | None, subject: str = "") -> str:
        """The verdict in words: the figure, the level it is past (or the levels) and what to do."""
        level = threshold.verdict(value)
        what = f"{subject}{self.description}: {self.format(value)}"
        if level == "ok":
            return f"OK: {what} ({format_levels(threshold, self.unit)})."
        side = "below" if threshold.low_is_bad else "above"
        crossed = threshold.fail if level == "fail" else threshold.warn
        lead = "FAIL" if level == "fail" else "WARNING (a warning, not a failure)"
        return (f"{lead}: {what}, {side} the {level} level of {self.format(crossed)} "
                f"({format_levels(threshold, self.unit)}). {self.action}")

    @property
    def check_description(self) -> str:
        """The asset check's description: the figure, its default levels and variables, what to do."""
        threshold = next(t for t in MONITOR_THRESHOLDS if t.name == self.name)
        return (f"{self.description[0].upper()}{self.description[1:]}. Default levels: "
                f"{format_levels(threshold, self.unit)} (set by {' / '.join(threshold.variables)}; a WARN result "
                f"is a warning, not a failure). When past a level: {self.action}")


MONITORS = (
    Monitor("latency_p95_seconds", "95th percentile of the time from approval in the PM system to requirements "
            "written on the platform, approvals in the window",
            "Look for queued runs and slow or failing steps in the Dagster UI (Runs) and errors in "
            "`sync-pipeline status`.", lambda h: h.latency_p95_seconds, "s"),
    Monitor("error_rate", "share of external calls in the window that failed (retries included)",
            "See the errors by type in `sync-pipeline status`; the integration_events table has each failed call.",
            lambda h: h.error_rate, "%"),
    Monitor("pending_approvals", "approved takeoff revisions not yet written to the platform",
            "Check that the Dagster daemon runs and the intake sensor ticks; `sync-pipeline sync` writes them.",
            lambda h: h.pending_approvals),
    Monitor("review_queue", "lines of latest revisions waiting for a person",
            "Decide them with `sync-pipeline review list` (or the review pages).", lambda h: h.review_queue),
    Monitor("open_dead_letters", "failed writes waiting for a replay",
            "Once the platform answers again, `sync-pipeline dead-letters replay --all`.",
            lambda h: h.open_dead_letters),
    *(Monitor(f"{system}_hours_since_success", f"hours since the last successful call to the {system} system",
              f"Check that the {system} system is up and accepts the pipeline's credentials (circuit breakers in "
              "`sync-pipeline status`).", lambda h, system=system: h.hours_since_success(system), "h")
      for system in SYSTEMS),
    Monitor("auto_match_share", "share of lines of latest revisions matched automatically",
            "Look at the review queue for a pattern (a new catalog, a new way of writing lines).",
            lambda h: h.auto_match_share, "%"),
)

# Checked per takeoff on its latest revision (asset checks on the takeoff assets): the table, and which of
# its lines count.
TAKEOFF_MONITORS = {
    "quarantine_share": (Monitor("quarantine_share", "share of the takeoff's lines quarantined (unreadable)",
                                 "Read the reasons in takeoff_line_items.quarantine_reason and have the takeoff "
                                 "corrected in the PM system.", unit="%"),
                         "takeoff_line_items", "line_status = 'quarantined'"),
    "review_share": (Monitor("review_share", "share of the takeoff's lines sent to review or left unmatched",
                             "Decide them with `sync-pipeline review list --takeoff <takeoff>`.", unit="%"),
                     "match_results", "status <> 'matched'"),
}


@dataclass(frozen=True)
class TakeoffShare:
    takeoff_id: str
    revision: int
    flagged: int
    lines: int

    @property
    def share(self) -> float:
        return self.flagged / self.lines if self.lines else 0.0


def takeoff_shares(store: Warehouse, name: str, takeoff_id: str | None = None) -> list[TakeoffShare]:
    """The per-takeoff figure `name` on each takeoff's latest revision in its table (or one takeoff's)."""
    _, table, flagged = TAKEOFF_MONITORS[name]
    where, params = ("WHERE takeoff_id = ?", [takeoff_id]) if takeoff_id else ("", [])
    rows = store.query(f"""
        SELECT t.takeoff_id, t.revision, count(*) FILTER (WHERE {flagged}) AS flagged, count(*) AS lines
        FROM {table} t JOIN (SELECT takeoff_id, max(revision) AS revision FROM {table} {where} GROUP BY 1) l
        USING (takeoff_id, revision) GROUP BY 1, 2 ORDER BY 1""", params)
    return [TakeoffShare(**row) for row in rows.iter_rows(named=True)]


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
