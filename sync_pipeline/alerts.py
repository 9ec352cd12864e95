"""Alerts that reach people: one per condition while it lasts, then one "resolved" when it clears.

A condition is a key such as `check:review_queue`, `breaker:inventory`, `auth:pm`, `drift` or
`dead_letter:17`. Which conditions are active is kept in the operational store (table `alerts`), so
the sensors, every run and the CLI, on every host, agree that a condition was already announced:
a check evaluated every 15 minutes, or a breaker re-opening after each failed probe, alerts once.
A condition that worsens from warn to fail alerts once more.

Each alert is one JSON line on the `sync_pipeline.alerts` logger and, when SYNC_ALERT_WEBHOOK_URL is
set, a POST of the same JSON (SYNC_ALERT_FORMAT=slack: a Slack-compatible `{"text": ...}` body).
Callers put no secrets in messages; the webhook URL (a Slack URL is itself a secret) is never logged.
An alert that cannot be delivered, or whose state cannot be read, is logged; it never fails the work
that raised it, and an unreachable store means the alert goes out rather than be lost.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import httpx

from sync_pipeline.config import ConfigError
from sync_pipeline.opstore import OpStore, OpStoreError, now_text, open_opstore

logger = logging.getLogger("sync_pipeline.alerts")

LEVELS = ("warn", "fail")
FORMATS = ("json", "slack")
DELIVERY_TIMEOUT_SECONDS = 5.0
_SLACK_PREFIX = {"warn": "WARNING", "fail": "ALERT", "resolved": "RESOLVED"}

# Conditions this process last asked the store to resolve, and when (see `resolve_alert(at_most_every=)`).
_resolve_checked: dict[str, float] = {}


@dataclass(frozen=True)
class ActiveAlert:
    alert_key: str
    kind: str
    severity: str
    message: str
    raised_at: str
    resolved_at: str | None


class AlertState:
    """Which conditions have been announced and not yet resolved, shared by every process and host."""

    def __init__(self, store: OpStore):
        self.store = store

    def open(self, key: str, kind: str, severity: str, message: str) -> bool:
        """Mark the condition active; True when it was not (or only at warn and is now fail): announce it."""
        with self.store.transaction() as tx:
            return tx.execute(
                "INSERT INTO alerts (alert_key, kind, severity, message, raised_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (alert_key) DO UPDATE SET kind = excluded.kind, severity = excluded.severity, "
                "message = excluded.message, raised_at = excluded.raised_at, resolved_at = NULL "
                "WHERE alerts.resolved_at IS NOT NULL OR (alerts.severity = 'warn' AND excluded.severity = 'fail')",
                [key, kind, severity, message, now_text()]) == 1

    def close(self, key: str) -> ActiveAlert | None:
        """Mark the condition resolved; the alert it ends, or None when it was not active."""
        with self.store.transaction() as tx:
            rows = tx.query("SELECT * FROM alerts WHERE alert_key = ? AND resolved_at IS NULL", [key])
            if not rows:
                return None
            at = now_text()
            tx.execute("UPDATE alerts SET resolved_at = ? WHERE alert_key = ?", [at, key])
        return ActiveAlert(**{**rows[0], "resolved_at": at})

    def active(self) -> list[ActiveAlert]:
        """Active conditions, oldest first (for status pages and tests)."""
        with self.store.transaction() as tx:
            return [ActiveAlert(**row) for row in tx.query(
                "SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY raised_at, alert_key")]


def alert_state(store: OpStore | None = None) -> AlertState:
    return AlertState(store or open_opstore())


def raise_alert(key: str, kind: str, message: str, *, severity: str = "fail", store: OpStore | None = None,
                **details: Any) -> bool:
    """Announce the condition unless it is already active; True when an alert went out."""
    if severity not in LEVELS:
        raise ValueError(f"severity must be one of {', '.join(LEVELS)}, not {severity!r}")
    _resolve_checked.pop(key, None)   # this process knows it is active: resolve at its next success
    try:
        if not alert_state(store).open(key, kind, severity, message):
            return False
    except (OpStoreError, ConfigError) as exc:   # the state cannot be read: better a repeat than silence
        logger.error(json.dumps({"alert": "alert_state_unavailable", "condition": key, "error": str(exc)}))
    _send({"alert": kind, "condition": key, "state": "raised", "severity": severity, "message": message,
           **details})
    return True


def resolve_alert(key: str, message: str, *, store: OpStore | None = None, at_most_every: float | None = None,
                  **details: Any) -> bool:
    """Announce that an active condition cleared; True when a "resolved" alert went out.

    `at_most_every`: for callers on a hot path (every successful API call), ask the store at most this
    often per process, unless this process raised the condition itself.
    """
    if at_most_every is not None:
        now = time.monotonic()
        if now - _resolve_checked.get(key, float("-inf")) < at_most_every:
            return False
        _resolve_checked[key] = now
    try:
        ended = alert_state(store).close(key)
    except (OpStoreError, ConfigError) as exc:
        logger.error(json.dumps({"alert": "alert_state_unavailable", "condition": key, "error": str(exc)}))
        return False
    if ended is None:
        return False
    _send({"alert": ended.kind, "condition": key, "state": "resolved", "severity": ended.severity,
           "message": message, "raised_at": ended.raised_at, **details})
    return True


def track_alert(key: str, kind: str, level: str, message: str, *, store: OpStore | None = None,
                **details: Any) -> bool:
    """For a verdict evaluated again and again ("ok", "warn" or "fail"): raise while it is past a level,
    resolve once it is not. `message` states the figure either way."""
    if level in LEVELS:
        return raise_alert(key, kind, message, severity=level, store=store, **details)
    return resolve_alert(key, message, store=store, **details)


def slack_text(alert: dict[str, Any]) -> str:
    prefix = _SLACK_PREFIX["resolved" if alert["state"] == "resolved" else alert["severity"]]
    return f"[{prefix}] {alert['message']} ({alert['condition']})"


def _send(alert: dict[str, Any]) -> None:
    alert = {**alert, "at": datetime.now(timezone.utc).isoformat()}
    level = logging.INFO if alert["state"] == "resolved" else \
        logging.WARNING if alert["severity"] == "warn" else logging.ERROR
    logger.log(level, json.dumps(alert, default=str, sort_keys=True))
    url = os.environ.get("SYNC_ALERT_WEBHOOK_URL")
    if not url:
        return
    fmt = os.environ.get("SYNC_ALERT_FORMAT", "json").strip().lower() or "json"
    where = urlsplit(url).netloc or "(unparseable URL)"   # the path of a Slack URL is its secret
    if fmt not in FORMATS:
        logger.error(json.dumps({"alert": "alert_delivery_failed", "condition": alert["condition"], "host": where,
                                 "error": f"SYNC_ALERT_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}"}))
        return
    body = {"text": slack_text(alert)} if fmt == "slack" else alert
    try:
        httpx.post(url, content=json.dumps(body, default=str), headers={"Content-Type": "application/json"},
                   timeout=DELIVERY_TIMEOUT_SECONDS).raise_for_status()
    except Exception as exc:  # noqa: BLE001 - an undeliverable alert never fails the work that raised it
        status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else None
        logger.error(json.dumps({"alert": "alert_delivery_failed", "condition": alert["condition"], "host": where,
                                 "error": type(exc).__name__, "http_status": status}))
