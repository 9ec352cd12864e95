"""`sync-pipeline status`: how the sync is doing, at a glance, from the warehouse."""

from __future__ import annotations

import argparse

from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.config import warehouse_path_from_env
from sync_pipeline.warehouse.monitoring import health
from sync_pipeline.warehouse.store import Warehouse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("status", help="last successful syncs, queues, errors, latency",
                                   description="Read-only summary of the sync's health from the warehouse "
                                               "and the circuit breakers.")
    parser.set_defaults(handler=run)


def _ago(value) -> str:
    return "never" if value is None else f"{value:%Y-%m-%d %H:%M:%S %Z}"


def run(args: argparse.Namespace) -> int:
    store = Warehouse(warehouse_path_from_env())
    store.migrate()
    figures = health(store)
    print("last successful call:  " + ", ".join(f"{system} {_ago(at)}" for system, at in figures.last_success.items()))
    print("circuit breakers:      " + ", ".join(f"{system} {breaker_for(system).state().state}"
                                                  for system in ("pm", "inventory")))
    print(f"review queue:          {figures.review_queue} lines to review, {figures.unmatched} unmatched")
    print(f"dead letters:          {figures.open_dead_letters} open")
    errors = ", ".join(f"{kind} {n}" for kind, n in figures.errors_last_24h.items()) or "none"
    print(f"errors (24 h):         {errors}  (rate {figures.error_rate_last_24h:.1%} of "
          f"{figures.attempts_last_24h} calls)")
    if figures.latency_p50_seconds is not None:
        print(f"approval -> written:   p50 {figures.latency_p50_seconds:.0f} s, p95 {figures.latency_p95_seconds:.0f} s")
    buckets = ", ".join(f"{bucket}: {n}" for bucket, n in figures.confidence_buckets.items()) or "no matches yet"
    print(f"match confidence:      {buckets}")
    return 0
