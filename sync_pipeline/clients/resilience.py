"""The one way every external call is made: timeouts, classification, retries with backoff.

Retries use exponential backoff with full jitter and honour Retry-After (and, when the
quota is spent, X-Rate-Limit-Reset). Every attempt is reported to an optional hook so the
caller can keep the append-only event log without the clients knowing about storage.
Credentials refused even after a token refresh raise the alert `auth:<system>`; the next
authenticated success resolves it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import ssl
import time
from dataclasses import dataclass
from typing import Any, Callable

import httpx

from sync_pipeline.alerts import raise_alert, resolve_alert
from sync_pipeline.clients.breaker import CircuitBreaker, CircuitOpen
from sync_pipeline.clients.errors import ApiError, PermanentError, TransientError

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
UNREADABLE_BODY = "unreadable_body"  # error code of a success answer that is not readable JSON
AUTH_RESOLVE_INTERVAL_SECONDS = 60.0  # how often a process asks whether a credentials alert it did not raise cleared


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt and its outcome, as the event log records it (never credentials)."""

    system: str
    operation: str
    method: str
    path: str
    entity: str | None
    payload_sha256: str | None
    attempt: int
    status: str  # "ok" | "replayed" | "transient_error" | "permanent_error"
    http_status: int | None
    error_type: str | None
    error_detail: str | None
    latency_ms: float


AttemptHook = Callable[[Attempt], None]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4  # the first try and 3 retries
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before try `attempt + 1`: the server's word when it gave one, else jittered backoff."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        return random.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


def payload_sha256(payload: Any) -> str | None:
    if payload is None:
        return None
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _retry_after(response: httpx.Response) -> float | None:
    header = response.headers.get("Retry-After")
    if header is not None:
        try:
            return float(header)
        except ValueError:
            return None
    if response.headers.get("X-Rate-Limit-Remaining") == "0" and "X-Rate-Limit-Reset" in response.headers:
        try:
            return max(0.0, float(response.headers["X-Rate-Limit-Reset"]) - time.time())
        except ValueError:
            return None
    return None


def error_from_response(response: httpx.Response) -> ApiError:
    """Turn a non-2xx answer into the right error, keeping the contract's error code."""
    code, message = None, response.text[:500]
    try:
        body = response.json()
        if isinstance(body, dict):
            code = body.get("error")
            message = body.get("message") or code or message
    except ValueError:
        pass
    text = f"{response.request.method} {response.request.url.path} -> {response.status_code}: {message}"
    cls = TransientError if response.status_code in TRANSIENT_STATUSES else PermanentError
    return cls(text, status=response.status_code, error_code=code, retry_after=_retry_after(response))


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context per process, as httpx would build it: loading the CA bundle takes tens of
    milliseconds, and every run step opens its own clients."""
    return httpx.create_ssl_context()


class ResilientHttp:
    """An httpx.Client wrapper for one external system."""

    def __init__(self, system: str, base_url: str, *, timeout: float = 30.0, retry: RetryPolicy | None = None,
                 on_attempt: AttemptHook | None = None, breaker: CircuitBreaker | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.system = system
        self.retry = retry or RetryPolicy()
        self.breaker = breaker
        self.on_attempt = on_attempt
        self._sleep = sleep
        self._client = httpx.Client(base_url=base_url, timeout=timeout, verify=_tls_context())

    def close(self) -> None:
        self._client.close()

    def request(self, method: str, path: str, *, operation: str, entity: str | None = None,
                auth: Callable[[bool], dict[str, str]] | None = None, params: dict | None = None,
                json_body: Any = None, data: dict | None = None, headers: dict[str, str] | None = None,
                accept_statuses: frozenset[int] = frozenset()) -> httpx.Response:
        """Send with retries. `auth(refresh)` gives auth headers; on 401 it is asked once to refresh.

        Returns the response on 2xx (or a status in accept_statuses); raises the classified error otherwise.
        """
        digest = payload_sha256(json_body)
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                if self.breaker is not None:
                    self.breaker.before_call()
            except CircuitOpen as exc:  # fail fast: no call, no waiting, but still on the record
                self._report(operation, method, path, entity, digest, attempt, "transient_error", None, exc,
                             started)
                raise
            all_headers = dict(headers or {})
            if auth is not None:
                all_headers.update(auth(False))
            try:
                response = self._client.request(method, path, params=params, json=json_body, data=data,
                                                headers=all_headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                error: ApiError = TransientError(f"{method} {path}: {type(exc).__name__}: {exc}")
                response = None
            else:
                if response.status_code < 300 or response.status_code in accept_statuses:
                    try:
                        response.json()  # neither API answers a success with no body
                    except ValueError as exc:
                        error = TransientError(f"{method} {path}: answer body is not readable JSON ({exc})",
                                               status=response.status_code, error_code=UNREADABLE_BODY)
                    else:
                        self._tell_breaker(None)
                        if auth is not None:
                            resolve_alert(self._auth_alert, f"{self.system} accepts the pipeline's credentials "
                                          "again", at_most_every=AUTH_RESOLVE_INTERVAL_SECONDS, system=self.system)
                        replayed = response.headers.get("Idempotent-Replayed", "").lower() == "true"
                        self._report(operation, method, path, entity, digest, attempt,
                                     "replayed" if replayed else "ok", response.status_code, None, started)
                        return response
                else:
                    error = error_from_response(response)
            self._report(operation, method, path, entity, digest, attempt,
                         "transient_error" if error.transient else "permanent_error",
                         error.status, error, started)
            self._tell_breaker(error)
            if error.status == 401 and auth is not None and not refreshed:
                auth(True)
                refreshed = True
                continue
            if error.status == 401 and (refreshed or auth is None):
                self._credentials_refused(operation, method, path, error)
            # The try with a refreshed token is extra: it does not use up one of the transient retries.
            if not error.transient or attempt - refreshed >= self.retry.max_attempts:
                raise error
            self._sleep(self.retry.delay(attempt, error.retry_after))

    @property
    def _auth_alert(self) -> str:
        return f"auth:{self.system}"

    def _credentials_refused(self, operation: str, method: str, path: str, error: ApiError) -> None:
        """A 401 that a fresh token did not cure (or the token request itself refused): a person must act.
        The alert names the call and the error code, never a credential."""
        raise_alert(self._auth_alert, "auth",
                    f"{self.system} refused the pipeline's credentials on {method} {path} ({operation}) even after "
                    f"a token refresh: check the {self.system} client id and secret / API token",
                    system=self.system, http_status=error.status, error_code=error.error_code)

    def _tell_breaker(self, error: ApiError | None) -> None:
        """The system answered (even 4xx): it is up. 5xx, timeouts and lost connections: it may be down.
        429 and an unreadable body say neither: the system is up, asking us to slow down or garbling one answer."""
        if self.breaker is None or (error is not None and (error.status == 429 or error.error_code == UNREADABLE_BODY)):
            return
        if error is None or not error.transient:
            self.breaker.record_success()
        else:
            self.breaker.record_failure()

    def _report(self, operation: str, method: str, path: str, entity: str | None, digest: str | None,
                attempt: int, status: str, http_status: int | None, error: ApiError | None,
                started: float) -> None:
        if self.on_attempt is None:
            return
        self.on_attempt(Attempt(
            system=self.system, operation=operation, method=method, path=path, entity=entity,
            payload_sha256=digest, attempt=attempt, status=status, http_status=http_status,
            error_type=None if error is None else (error.error_code or type(error).__name__),
            error_detail=None if error is None else str(error)[:1000],
            latency_ms=(time.perf_counter() - started) * 1000.0,
        ))
