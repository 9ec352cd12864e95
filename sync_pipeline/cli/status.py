"""`sync-pipeline status`: how the sync is doing, at a glance, with the same verdicts as the Dagster asset checks.

Exit codes (for cron or an alerting probe): 0 nothing fails (warnings are printed), 1 at least one
figure is past its fail level, 2 a SYNC_MONITOR_* variable is malformed.
"""

from __future__ import annotations

import argparse
import sys

from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.config import ConfigError, monitor_settings_from_env, warehouse_settings_from_env
from sync_pipeline.warehouse.monitoring import (SYSTEMS, Health, Verdict, format_figure, format_levels, health,
                                                verdicts)
from sync_pipeline.warehouse.store import Warehouse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status", help="last successful syncs, queues, errors, latency, and their checks",
        description="Read-only summary of the sync's health from the warehouse, the Dagster run queue and the "
                    "circuit breakers, each figure checked against its SYNC_MONITOR_* thresholds. Exit 0 when "
                    "nothing fails (warnings included), 1 when a check fails, 2 on a malformed threshold.")
    parser.set_defaults(handler=run)


def _when(figures: Health, system: str) -> str:
    at = figures.last_success[system]
    return "never" if at is None else \
        f"{at:%Y-%m-%d %H:%M:%S %Z} ({format_figure(figures.hours_since_success(system), 'h')} ago)"


def format_figures(figures: Health) -> list[str]:
    window = f"in the last {figures.window_hours:g} h"
    errors = ", ".join(f"{kind} {n}" for kind, n in figures.errors.items()) or "none"
    latency = ("none written" if figures.latency_p95_seconds is None else
               f"p50 {format_figure(figures.latency_p50_seconds, 's')}, "
               f"p95 {format_figure(figures.latency_p95_seconds, 's')}")
    buckets = ", ".join(f"{bucket}: {n}" for bucket, n in figures.confidence_buckets.items())
    share = figures.auto_match_share
    rows = [
        ("last successful call", ", ".join(f"{system} {_when(figures, system)}" for system in SYSTEMS)),
        ("circuit breakers", ", ".join(f"{system} {breaker_for(system).state().state}" for system in SYSTEMS)),
        ("pending approvals", f"{figures.pending_approvals} approved revisions not yet written"),
        ("review queue", f"{figures.review_queue} lines to review, {figures.unmatched} unmatched"),
        ("dead letters", f"{figures.open_dead_letters} open"),
        ("errors", f"{errors}  (rate {format_figure(figures.error_rate, '%')} of {figures.attempts} calls {window})"),
        ("approval -> written", f"{latency}  (approvals {window})"),
        ("match confidence",
         f"{buckets}; auto-matched {'no lines yet' if share is None else format_figure(share, '%')}"),
    ]
    return [f"{label + ':':<22} {text}" for label, text in rows]


def format_verdict(verdict: Verdict) -> str:
    monitor = verdict.monitor
    levels = format_levels(verdict.threshold, monitor.unit)
    return f"  {verdict.level.upper():<5} {monitor.name:<30} {monitor.format(verdict.value):<12} {levels}"


def run(args: argparse.Namespace) -> int:
    try:
        settings = monitor_settings_from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    store = warehouse_settings_from_env().store()
    store.migrate()
    # Imported here: Dagster takes a second to load, and only this part of status needs it.
    from sync_pipeline.defs.pending import revisions_in_flight_now

    figures = health(store, settings.window_hours, revisions_in_flight_now())
    results = verdicts(figures, settings)
    print("\n".join(format_figures(figures)))
    print("\nchecks (thresholds from SYNC_MONITOR_*_WARN / _FAIL):")
    print("\n".join(format_verdict(v) for v in results))
    levels = [v.level for v in results]
    print(f"\nstatus: {'FAIL' if 'fail' in levels else 'WARN' if 'warn' in levels else 'OK'} "
          f"({levels.count('fail')} failing, {levels.count('warn')} warning)")
    return 1 if "fail" in levels else 0
