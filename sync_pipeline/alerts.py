"""Alerts: one structured log line always, and a POST to SYNC_ALERT_WEBHOOK_URL when one is set.

An alert that cannot be delivered is itself logged; it never fails the work that raised it.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from typing import Any

import httpx

logger = logging.getLogger("sync_pipeline.alerts")


def raise_alert(kind: str, message: str, **context: Any) -> dict[str, Any]:
    alert = {"alert": kind, "message": message, "at": datetime.now(timezone.utc).isoformat(), **context}
    logger.error(json.dumps(alert, default=str, sort_keys=True))
    url = os.environ.get("SYNC_ALERT_WEBHOOK_URL")
    if url:
        try:
            httpx.post(url, json=alert, timeout=5.0).raise_for_status()
        except httpx.HTTPError as exc:
            logger.error(json.dumps({"alert": "alert_delivery_failed", "url": url, "error": str(exc)}))
    return alert
