"""Ways the simulated systems misbehave on purpose, like the real services do: injected
errors per path prefix, added latency, outages, fixed-window rate limits, and malformed
answers (see `malformed`).

Faults are off by default. Injected errors and malformed answers draw from one seeded RNG, so
a test that sends the same requests in the same order sees the same failures. Control paths
(/_sim/) are never rate limited or faulted, so tests can always steer and inspect the simulator.
"""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync_pipeline.simulator.errors import error_response
from sync_pipeline.simulator.malformed import MalformedRule

if TYPE_CHECKING:
    from sync_pipeline.simulator.state import SimulatorState

CONTROL_PREFIX = "/_sim/"
SYSTEMS = ("pm", "inventory")
TRANSIENT_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class ErrorRule:
    """Fail this share of requests under a path prefix with this status (and Retry-After for 429/503)."""

    rate: float
    status: int = 503
    retry_after_seconds: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.rate <= 1:
            raise ValueError(f"error rate must be between 0 and 1, got {self.rate}")
        if self.status not in TRANSIENT_STATUSES:
            raise ValueError(f"injected status must be one of {TRANSIENT_STATUSES}, got {self.status}")


def _longest_prefix(rules: dict[str, Any], path: str, method: str | None = None) -> Any:
    """The rule of the longest prefix matching the path ("/v2/") or the method and path ("POST /v2/")."""
    request = f"{method} {path}" if method else None
    prefixes = [prefix for prefix in rules if path.startswith(prefix) or (request and request.startswith(prefix))]
    return rules[max(prefixes, key=len)] if prefixes else None


@dataclass
class Faults:
    """The fault knobs. `errors` and `malformed` map a path prefix ("/v1/takeoffs", "/v2/") to a rule;
    the longest matching prefix wins. An `errors` prefix may start with a method ("POST /v2/quote-requests")
    to fail only those requests (writes down, reads fine). `outages` names systems ("pm", "inventory") answering 503 to everything."""

    errors: dict[str, ErrorRule] = field(default_factory=dict)
    malformed: dict[str, MalformedRule] = field(default_factory=dict)
    latency_seconds: float = 0.0
    outages: frozenset[str] = frozenset()
    seed: int = 0
    _rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.outages) - set(SYSTEMS)
        if unknown:
            raise ValueError(f"unknown systems in outages: {sorted(unknown)}; use {SYSTEMS}")
        if self.latency_seconds < 0:
            raise ValueError("latency_seconds must not be negative")
        self._rng = random.Random(self.seed)

    def draw(self, system: str, path: str, method: str | None = None) -> ErrorRule | None:
        """The error to inject for this request, if any. Not thread-safe: the state calls it under its lock."""
        if system in self.outages:
            return ErrorRule(1.0, 503, retry_after_seconds=5)
        rule = _longest_prefix(self.errors, path, method)
        return rule if rule is not None and self._rng.random() < rule.rate else None

    def draw_malformed(self, path: str) -> MalformedRule | None:
        """How to spoil this request's answer, if at all. Not thread-safe, like `draw`."""
        rule = _longest_prefix(self.malformed, path)
        return rule if rule is not None and self._rng.random() < rule.rate else None

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> "Faults":
        """Build from the /_sim/faults body; raises ValueError or TypeError on a malformed one."""
        errors = {prefix: ErrorRule(**rule) for prefix, rule in (body.get("errors") or {}).items()}
        malformed = {prefix: MalformedRule(**rule) for prefix, rule in (body.get("malformed") or {}).items()}
        return cls(errors=errors, malformed=malformed, latency_seconds=float(body.get("latency_seconds", 0.0)),
                   outages=frozenset(body.get("outages") or ()), seed=int(body.get("seed", 0)))

    def to_json(self) -> dict[str, Any]:
        return {"errors": {prefix: vars(rule) for prefix, rule in self.errors.items()},
                "malformed": {prefix: vars(rule) for prefix, rule in self.malformed.items()},
                "latency_seconds": self.latency_seconds, "outages": sorted(self.outages), "seed": self.seed}


@dataclass(frozen=True)
class RateLimit:
    limit: int = 6000
    window_seconds: int = 60

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window_seconds < 1:
            raise ValueError("rate limit and window must be at least 1")


class RateLimiter:
    """A fixed-window request counter; every request counts, failed ones included."""

    def __init__(self, rate_limit: RateLimit = RateLimit()):
        self._lock = threading.Lock()
        self.configure(rate_limit)

    def configure(self, rate_limit: RateLimit) -> None:
        with self._lock:
            self.rate_limit = rate_limit
            self._window_start = time.time()
            self._count = 0

    def hit(self) -> tuple[bool, dict[str, str]]:
        """Count one request: (allowed, the X-Rate-Limit-* headers, plus Retry-After when refused)."""
        with self._lock:
            now = time.time()
            window = self.rate_limit.window_seconds
            if now >= self._window_start + window:
                self._window_start += window * ((now - self._window_start) // window)
                self._count = 0
            self._count += 1
            reset = self._window_start + window
            allowed = self._count <= self.rate_limit.limit
            headers = {"X-Rate-Limit-Limit": str(self.rate_limit.limit),
                       "X-Rate-Limit-Remaining": str(max(0, self.rate_limit.limit - self._count)),
                       "X-Rate-Limit-Reset": str(math.ceil(reset))}
            if not allowed:
                headers["Retry-After"] = str(max(1, math.ceil(reset - now)))
            return allowed, headers


class RateLimitMiddleware:
    """Adds X-Rate-Limit-* headers to every answer and refuses with 429 over the limit."""

    def __init__(self, app: ASGIApp, *, system: str, state: "SimulatorState"):
        self.app, self.system, self.state = app, system, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        allowed, headers = self.state.rate_limiters[self.system].hit()
        if not allowed:
            await error_response(429, "rate_limited", f"over {self.state.rate_limiters[self.system].rate_limit.limit}"
                                 " requests in the current window; retry after Retry-After seconds",
                                 headers)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class FaultMiddleware:
    """Applies the state's current faults: latency first, then an injected error or an outage, else
    (when one is drawn) the app's answer spoiled on its way out."""

    def __init__(self, app: ASGIApp, *, system: str, state: "SimulatorState"):
        self.app, self.system, self.state = app, system, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        latency, rule, spoiler = self.state.draw_fault(self.system, scope["path"], scope.get("method"))
        if latency:
            await asyncio.sleep(latency)
        if rule is None:
            await self.app(scope, receive, send if spoiler is None else _Spoiling(send, spoiler))
            return
        headers = {"Retry-After": str(rule.retry_after_seconds)} if rule.status in (429, 503) else {}
        error = {429: "rate_limited", 503: "service_unavailable"}.get(rule.status, "internal_error")
        await error_response(rule.status, error, f"injected fault on {self.system} (simulator)",
                             headers)(scope, receive, send)


class _Spoiling:
    """A `send` that holds the answer back, spoils its body if it is a success, and fixes Content-Length."""

    def __init__(self, send: Send, rule: MalformedRule):
        self.send, self.rule = send, rule
        self.start: Message = {}
        self.body = b""

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            return
        if message["type"] != "http.response.body":
            await self.send(message)
            return
        self.body += message.get("body", b"")
        if message.get("more_body"):
            return
        body = self.rule.spoil(self.body) if self.start["status"] < 300 else self.body
        MutableHeaders(scope=self.start)["content-length"] = str(len(body))
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": body})
