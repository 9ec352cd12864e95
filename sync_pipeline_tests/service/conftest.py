"""The service on a real uvicorn server on loopback, with the test's own inbox (a SQLite file under tmp_path)."""

from __future__ import annotations

import json
import time
from typing import Iterator

import httpx
import pytest

from sync_pipeline.opstore import WebhookInbox, webhook_inbox
from sync_pipeline.service.app import create_app
from sync_pipeline.background_server import BackgroundServer
from sync_pipeline.service.signatures import sign

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"            # the Standard Webhooks spec's example secret
OLD_SECRET = "whsec_c2VjcmV0LWJlaW5nLXJvdGF0ZWQtb3V0LW5vdw=="


def event(webhook_id: str, takeoff_id: str = "TO-10001", revision: int = 1, event_type: str = "takeoff.approved"
          ) -> bytes:
    return json.dumps({"id": webhook_id, "type": event_type, "created_at": "2026-03-01T12:00:00.000Z",
                       "data": {"takeoff_id": takeoff_id, "project_id": "PRJ-1001", "revision": revision}}).encode()


def signed(webhook_id: str, body: bytes, secret: str = SECRET, timestamp: float | None = None) -> dict[str, str]:
    return {**sign(secret, webhook_id, body, time.time() if timestamp is None else timestamp),
            "content-type": "application/json"}


@pytest.fixture
def inbox() -> WebhookInbox:
    return webhook_inbox()


@pytest.fixture
def service(inbox) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(webhook_secrets=[SECRET, OLD_SECRET], inbox=inbox)) as server:
        yield server


@pytest.fixture
def client(service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=10) as http:
        yield http
