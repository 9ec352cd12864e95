"""The PM system's outgoing webhooks: signed Standard Webhooks deliveries to a configured URL.

Without a target (the default) events are only listed, as attempts nobody received
(response_status null). With one, a background thread POSTs each event, signed with every
configured secret (several signatures during a rotation), retries answers that are not 2xx after
`retry_delays`, then gives up, as the contract says. Every attempt is listed by
GET /v1/webhook-deliveries with its answer's status, or null when nothing answered.

Fault knobs (off by default, drawn from a seeded RNG in event order):
- `duplicate_rate`: the event is delivered a second time shortly after (same webhook-id);
- `reorder_rate`: the event is held back `reorder_seconds`, so later events overtake it;
- `delay_seconds`: every delivery leaves this late;
- `drop_rate`: the delivery is lost on its way: listed as attempted (status null), never received, not retried.
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

import httpx
from standardwebhooks import Webhook

from sync_pipeline.simulator.timestamps import format_time, utc_now

DEFAULT_RETRY_DELAYS = (1.0, 5.0)   # after the first attempt: 3 attempts in all
DUPLICATE_GAP_SECONDS = (0.05, 0.5)
SEND_TIMEOUT_SECONDS = 5.0


def _share(name: str, value: float) -> float:
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be between 0 and 1, got {value}")
    return value


@dataclass(frozen=True)
class WebhookFaults:
    duplicate_rate: float = 0.0
    reorder_rate: float = 0.0
    reorder_seconds: float = 1.0
    delay_seconds: float = 0.0
    drop_rate: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("duplicate_rate", "reorder_rate", "drop_rate"):
            _share(name, getattr(self, name))
        if self.reorder_seconds < 0 or self.delay_seconds < 0:
            raise ValueError("reorder_seconds and delay_seconds must not be negative")


@dataclass(frozen=True)
class WebhookTarget:
    url: str
    secrets: tuple[str, ...]
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise ValueError(f"webhook url must be http(s)://..., got {self.url!r}")
        if not self.secrets or not all(isinstance(s, str) and s.startswith("whsec_") for s in self.secrets):
            raise ValueError("webhook secrets must be a non-empty list of \"whsec_...\" strings")
        if any(d < 0 for d in self.retry_delays):
            raise ValueError("retry_delays must not be negative")


@dataclass(order=True)
class _Scheduled:
    due: float
    seq: int
    event: dict[str, Any] = field(compare=False)
    attempt: int = field(compare=False, default=1)
    lost: bool = field(compare=False, default=False)


class WebhookSender:
    """Schedules and sends deliveries from one background thread; `record` lists each attempt."""

    def __init__(self, record: Callable[[dict[str, Any]], None]):
        self._record = record
        self._cv = threading.Condition()
        self._queue: list[_Scheduled] = []
        self._seq = itertools.count()
        self._in_flight = 0
        self.target: WebhookTarget | None = None
        self.faults = WebhookFaults()
        self._rng = random.Random(0)
        self._thread: threading.Thread | None = None
        self._closed = False

    def configure(self, target: WebhookTarget | None, faults: WebhookFaults = WebhookFaults()) -> None:
        with self._cv:
            self.target, self.faults, self._rng = target, faults, random.Random(faults.seed)
            if target is not None and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="simulator-webhooks", daemon=True)
                self._thread.start()
            self._cv.notify()

    @property
    def enabled(self) -> bool:
        return self.target is not None

    def submit(self, event: dict[str, Any]) -> None:
        """Schedule an event's delivery (with this configuration's faults)."""
        with self._cv:
            faults, rng, now = self.faults, self._rng, time.monotonic()
            due = now + faults.delay_seconds
            if rng.random() < faults.reorder_rate:
                due += faults.reorder_seconds
            lost = rng.random() < faults.drop_rate
            heapq.heappush(self._queue, _Scheduled(due, next(self._seq), event, lost=lost))
            if rng.random() < faults.duplicate_rate:
                gap = rng.uniform(*DUPLICATE_GAP_SECONDS)
                heapq.heappush(self._queue, _Scheduled(due + gap, next(self._seq), event,
                                                       lost=rng.random() < faults.drop_rate))
            self._cv.notify()

    def pending(self) -> int:
        """Deliveries scheduled or being sent (retries included)."""
        with self._cv:
            return len(self._queue) + self._in_flight

    def wait_idle(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while self.pending():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify()
        if self._thread is not None:
            self._thread.join(timeout=SEND_TIMEOUT_SECONDS + 1)

    def _next(self) -> tuple[_Scheduled, WebhookTarget] | None:
        with self._cv:
            while not self._closed:
                if self._queue and self.target is not None:
                    wait = self._queue[0].due - time.monotonic()
                    if wait <= 0:
                        self._in_flight += 1
                        return heapq.heappop(self._queue), self.target
                    self._cv.wait(wait)
                else:
                    self._cv.wait()
            return None

    def _run(self) -> None:
        with httpx.Client(timeout=SEND_TIMEOUT_SECONDS) as http:
            while (item := self._next()) is not None:
                scheduled, target = item
                try:
                    status = None if scheduled.lost else self._send(http, target, scheduled.event)
                    self._record({"event_id": scheduled.event["id"], "event_type": scheduled.event["type"],
                                  "attempted_at": format_time(utc_now()), "response_status": status})
                    retry = not scheduled.lost and (status is None or not 200 <= status < 300)
                    with self._cv:
                        if retry and scheduled.attempt <= len(target.retry_delays):
                            heapq.heappush(self._queue, _Scheduled(
                                time.monotonic() + target.retry_delays[scheduled.attempt - 1], next(self._seq),
                                scheduled.event, scheduled.attempt + 1))
                finally:
                    with self._cv:
                        self._in_flight -= 1

    @staticmethod
    def _send(http: httpx.Client, target: WebhookTarget, event: dict[str, Any]) -> int | None:
        body = json.dumps(event)
        now = datetime.fromtimestamp(int(time.time()), timezone.utc)   # a retry is signed afresh
        signatures = [Webhook(secret).sign(event["id"], now, body) for secret in target.secrets]
        headers = {"webhook-id": event["id"], "webhook-timestamp": str(int(now.timestamp())),
                   "webhook-signature": " ".join(signatures), "content-type": "application/json"}
        try:
            return http.post(target.url, content=body, headers=headers).status_code
        except httpx.HTTPError:
            return None
