"""Who a request is from, and whether it may do what it asks: tokens, roles, CSRF and a failure limit.

A request carries its token as `Authorization: Bearer <token>` (scripts) or in the `sync_session`
cookie (the pages, after a login with the same token). A cookie is sent by the browser on its own,
so a cookie-authenticated unsafe request must also prove it came from our page: header
`X-CSRF-Token` (or form field `csrf_token`) equal to the `sync_csrf` cookie, which only our pages can
read (double submit). Failed authentications are counted per client address in the operational
store, so every process and host agrees; past the limit the address gets 429 with Retry-After,
whatever it sends. Tokens never reach a log line: failures are logged with the address only.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from functools import wraps
from typing import Any, Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sync_pipeline.opstore import OpStore, open_opstore
from sync_pipeline.service.tokens import ROLES, Principal, authenticate

log = logging.getLogger(__name__)

SESSION_COOKIE = "sync_session"
CSRF_COOKIE = "sync_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_FAILURES = 10               # failed authentications per address ...
FAILURE_WINDOW_SECONDS = 300    # ... within this many seconds, then 429 until the oldest leaves the window
SESSION_SECONDS = 12 * 3600     # the login cookies' lifetime


def problem(status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    """Every refusal of the API: `{"error": short reason, "detail": what to do about it}`."""
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


class Denied(Exception):
    """A request refused before its handler runs; `response()` is the answer."""

    def __init__(self, status: int, error: str, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.error, self.detail, self.headers = status, error, detail, headers

    def response(self) -> JSONResponse:
        return problem(self.status, self.error, self.detail, self.headers)


@dataclass(frozen=True)
class LoginAllowance:
    """Whether an address may try to authenticate now; false for `retry_after_seconds` more when it failed
    too often."""

    retry_after_seconds: int = 0

    def __bool__(self) -> bool:
        return self.retry_after_seconds == 0


def check_login_allowed(address: str, store: OpStore | None = None) -> LoginAllowance:
    """`if not check_login_allowed(addr):` answer 429 with Retry-After: allowance.retry_after_seconds."""
    now = time.time()
    with (store or open_opstore()).transaction() as tx:
        rows = tx.query("SELECT failed_at FROM auth_failures WHERE address = ? AND failed_at > ? "
                        "ORDER BY failed_at DESC LIMIT ?", [address, now - FAILURE_WINDOW_SECONDS, MAX_FAILURES])
    if len(rows) < MAX_FAILURES:
        return LoginAllowance()
    return LoginAllowance(max(1, int(rows[-1]["failed_at"] + FAILURE_WINDOW_SECONDS - now + 1)))


def note_auth_failure(address: str, store: OpStore | None = None) -> None:
    """Count one failed authentication (a wrong, revoked or malformed token) against the address."""
    now = time.time()
    with (store or open_opstore()).transaction() as tx:
        tx.execute("DELETE FROM auth_failures WHERE failed_at <= ?", [now - FAILURE_WINDOW_SECONDS])
        tx.execute("INSERT INTO auth_failures (address, failed_at) VALUES (?, ?)", [address, now])
    log.warning("authentication failed from %s", address)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_session_cookies(response: Response, token: str, *, secure: bool) -> str:
    """After a login: the token in an HttpOnly cookie and a fresh CSRF value the page's script reads."""
    csrf = secrets.token_urlsafe(32)
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=secure, path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=SESSION_SECONDS, httponly=False, samesite="strict",
                        secure=secure, path="/")
    return csrf


def clear_session_cookies(response: Response) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", samesite="strict")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


async def _csrf_ok(request: Request) -> bool:
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    return bool(expected) and isinstance(sent, str) and hmac.compare_digest(sent.encode(), expected.encode())


async def authenticate_request(request: Request, role: str) -> Principal:
    """The request's principal if it may act at `role`; otherwise Denied (401, 403 or 429)."""
    address = client_address(request)
    allowance = await run_in_threadpool(check_login_allowed, address)
    if not allowance:
        raise Denied(429, "too many failed authentications",
                     f"try again in {allowance.retry_after_seconds} s",
                     {"Retry-After": str(allowance.retry_after_seconds)})
    bearer = _bearer(request)
    token = bearer if bearer is not None else request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Denied(401, "authentication required",
                     "send Authorization: Bearer <token> (sync-pipeline tokens create) or log in",
                     {"WWW-Authenticate": "Bearer"})
    principal = await run_in_threadpool(authenticate, token)
    if principal is None:
        await run_in_threadpool(note_auth_failure, address)
        raise Denied(401, "invalid token", "the token is unknown, revoked or malformed",
                     {"WWW-Authenticate": 'Bearer error="invalid_token"'})
    if bearer is None and request.method in UNSAFE_METHODS and not await _csrf_ok(request):
        raise Denied(403, "CSRF token missing or wrong",
                     f"send header {CSRF_HEADER} (or form field {CSRF_FIELD}) equal to the {CSRF_COOKIE} cookie")
    if not principal.may(role):
        raise Denied(403, "role too low", f"this needs the {role} role; token {principal.name!r} is a "
                                          f"{principal.role}")
    return principal


Handler = Callable[[Request, Principal], Awaitable[Response]]


def requires(role: str) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Wrap an endpoint `handler(request, principal)` so it runs only for principals at `role` or above."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @wraps(handler)
        async def endpoint(request: Request) -> Response:
            try:
                principal = await authenticate_request(request, role)
            except Denied as denied:
                return denied.response()
            request.state.principal = principal
            return await handler(request, principal)
        return endpoint
    return wrap
