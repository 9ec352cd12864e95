"""`sync-pipeline sync`: process every approved takeoff revision not yet written, then exit."""

from __future__ import annotations

import argparse
import sys

from sync_pipeline.config import ConfigError, Settings
from sync_pipeline.defs.runner import SyncError, SyncSummary, run_sync


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync", help="process approved takeoffs against the configured endpoints",
        description="Fetch every approved takeoff revision not yet written, match it, write material "
                    "requirements and purchase documents to the inventory platform. Configured by the "
                    "environment variables in the README.")
    parser.set_defaults(handler=run)


def format_summary(summary: SyncSummary, settings: Settings) -> str:
    lines = [
        f"takeoff revisions processed: {len(summary.revisions)}",
        f"lines: {summary.lines} (quarantined {summary.quarantined})",
        f"  matched {summary.matched}, review {summary.review}, unmatched {summary.unmatched}",
        f"material requirements written: {summary.requirements_created} new, "
        f"{summary.requirements_replayed} already there",
        f"purchase-order drafts written: {summary.drafts_created}, quote requests: "
        f"{summary.quote_requests_created}, unchanged documents replayed: {summary.documents_replayed}",
        f"warehouse: {settings.warehouse}",
    ]
    for label, reason in summary.failures.items():
        lines.append(f"FAILED {label}: {reason}")
    return "\n".join(lines)


def sync_and_report(settings: Settings) -> int:
    # Imported here so `sync-pipeline --help` and `match` stay fast.
    from sync_pipeline.defs.instance import cli_instance
    from sync_pipeline.definitions import build_definitions
    from sync_pipeline.defs.resources import resources_from_env

    try:
        with cli_instance() as instance:
            summary = run_sync(build_definitions(resources_from_env()), instance, log_level="ERROR")
    except SyncError as exc:
        print(f"sync failed: {exc}", file=sys.stderr)
        return 1
    print(format_summary(summary, settings))
    if not summary.ok:
        print(f"{len(summary.failures)} part(s) could not be completed; see above and the Dagster UI.",
              file=sys.stderr)
        return 1
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    return sync_and_report(settings)
