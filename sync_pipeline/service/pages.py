"""The operations pages: login, the review queue and one line, status, dead letters.

The server sends small HTML shells; the scripts in static/ fill them from the JSON API (/api/v1) with
the session cookie and the CSRF header, so a page shows exactly what the API answers and decides
through it, with the same checks. Nothing is loaded from outside this service (the Content Security
Policy says so too). The login takes the same token as the API: it is kept in the HttpOnly
`sync_session` cookie, and `sync_csrf` is the double-submit value the scripts and forms send back.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, PackageLoader
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from sync_pipeline.service import auth
from sync_pipeline.service.auth import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE
from sync_pipeline.service.tokens import Principal, authenticate

log = logging.getLogger(__name__)

MAX_FORM_BYTES = 4096          # a token and two short fields
MAX_TOKEN_CHARS = 200
HOME = "/review"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

templates = Jinja2Templates(env=Environment(loader=PackageLoader("sync_pipeline.service", "templates"),
                                            autoescape=True))


def _render(request: Request, template: str, status_code: int = 200, **context: object) -> Response:
    context.setdefault("principal", None)
    context.setdefault("page", template.removesuffix(".html").replace("_", "-"))
    context.setdefault("csrf_token", request.cookies.get(CSRF_COOKIE, ""))
    return templates.TemplateResponse(request, template, context, status_code=status_code,
                                      headers=SECURITY_HEADERS)


def _safe_next(target: str | None) -> str:
    """Only a path on this service: an open redirect would let a link log someone in elsewhere."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and len(target) <= 2000:
        return target
    return HOME


async def _session(request: Request) -> Principal | None:
    """The logged-in principal, checked like an API request: a bad session cookie counts as a failed
    authentication, and an address over the limit is logged in as nobody."""
    if SESSION_COOKIE not in request.cookies:
        return None
    try:
        return await auth.authenticate_request(request, "viewer")
    except auth.Denied:
        return None


def _csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.cookies.get(CSRF_COOKIE, "")
    return bool(expected) and hmac.compare_digest(expected.encode(), (submitted or "").encode())


async def _form(request: Request) -> dict[str, str] | None:
    """The url-encoded form's single values, or None when the body is too big to be one of ours."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=10)
    return {name: values[0] for name, values in fields.items()}


def _login_page(request: Request, *, next_path: str, error: str | None = None, status_code: int = 200,
                csrf: str | None = None, headers: dict[str, str] | None = None) -> Response:
    response = _render(request, "login.html", status_code, next=next_path, error=error,
                       max_token_chars=MAX_TOKEN_CHARS, **({"csrf_token": csrf} if csrf else {}))
    if csrf is not None:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=False, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
    response.headers.update(headers or {})
    return response


async def login_form(request: Request) -> Response:
    next_path = _safe_next(request.query_params.get("next"))
    if await _session(request) is not None:
        return RedirectResponse(next_path, status_code=303)
    # A fresh double-submit value for the login form itself, so another site cannot log a browser in.
    return _login_page(request, next_path=next_path,
                       csrf=request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32))


async def login(request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return _login_page(request, next_path=HOME, error="That request is too large to be a login.",
                           status_code=413)
    next_path = _safe_next(form.get("next"))
    if not _csrf_ok(request, form.get(CSRF_FIELD)):
        return _login_page(request, next_path=next_path, status_code=403, csrf=secrets.token_urlsafe(32),
                           error="The login form had expired; please log in again.")
    address = auth.client_address(request)
    allowance = await run_in_threadpool(auth.check_login_allowed, address)
    if not allowance:
        wait = allowance.retry_after_seconds
        return _login_page(request, next_path=next_path, status_code=429, headers={"Retry-After": str(wait)},
                           error=f"Too many failed logins from this address; try again in {wait} s.")
    token = form.get("token", "").strip()
    principal = await run_in_threadpool(authenticate, token) if 0 < len(token) <= MAX_TOKEN_CHARS else None
    if principal is None:
        await run_in_threadpool(auth.note_auth_failure, address)
        return _login_page(request, next_path=next_path, status_code=401,
                           error="That token is not valid (mistyped, revoked or unknown).")
    log.info("%s (%s) logged in from %s", principal.name, principal.role, address)
    response = RedirectResponse(next_path, status_code=303)
    auth.set_session_cookies(response, token, secure=request.url.scheme == "https")
    return response


async def logout(request: Request) -> Response:
    form = await _form(request)
    if form is None or not _csrf_ok(request, form.get(CSRF_FIELD)):
        return Response("The logout form had expired; reload the page and log out again.", status_code=403,
                        media_type="text/plain")
    response = RedirectResponse("/login", status_code=303)
    auth.clear_session_cookies(response)
    return response


def _page(template: str, **fixed: object):
    """A page for a logged-in user; anyone else is sent to the login with the way back."""
    async def endpoint(request: Request) -> Response:
        principal = await _session(request)
        if principal is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            response = RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
            if SESSION_COOKIE in request.cookies:   # revoked or made up: not sent again, not counted again
                auth.clear_session_cookies(response)
            return response
        query = request.query_params
        return _render(request, template, principal=principal, **fixed,
                       filters={name: query.get(name, "") for name in ("project", "takeoff", "reason")},
                       status=query.get("status", "open"), takeoff=query.get("takeoff", ""),
                       line_id=request.path_params.get("line_id", ""))
    return endpoint


async def home(request: Request) -> Response:
    return RedirectResponse(HOME, status_code=303)


def page_routes() -> list[BaseRoute]:
    return [
        Route("/", home),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/review", _page("review.html")),
        Route("/review/lines/{line_id}", _page("line.html", page="review-line")),
        Route("/status", _page("status.html")),
        Route("/dead-letters", _page("dead_letters.html")),
        Mount("/static", StaticFiles(packages=[("sync_pipeline.service", "static")]), name="static"),
    ]
