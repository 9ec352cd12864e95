"""Who may call the API, over real HTTP: bearer and cookie tokens, roles, CSRF, the failure limit, no tokens in logs."""

from __future__ import annotations

import logging
from typing import Iterator

import httpx
import pytest

from sync_pipeline.background_server import BackgroundServer
from sync_pipeline.config import OpsStoreSettings, Secret
from sync_pipeline.opstore import OpStore
from sync_pipeline.service import auth
from sync_pipeline.service.app import create_app
from sync_pipeline.service.tokens import create_token, revoke
from sync_pipeline.warehouse.store import Warehouse
from sync_pipeline_tests.postgres import throwaway_database
from sync_pipeline_tests.service.conftest import SECRET


@pytest.fixture
def service(tmp_path) -> Iterator[BackgroundServer]:
    # An empty warehouse of the test's own: these requests are refused before it, or find nothing in it.
    with BackgroundServer(create_app(webhook_secrets=[SECRET], warehouse=Warehouse(tmp_path / "warehouse"))) as server:
        yield server


@pytest.fixture
def http(service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_nothing_is_anonymous_and_a_token_says_who_it_is(http):
    for path in ("/api/v1/whoami", "/api/v1/review/queue", "/api/v1/status", "/api/v1/openapi.json",
                 "/api/v1/dead-letters"):
        answer = http.get(path)
        assert answer.status_code == 401 and answer.json()["error"] == "authentication required", path
        assert answer.headers["www-authenticate"] == "Bearer"
    record, token = create_token("vic", "viewer", "test")
    answer = http.get("/api/v1/whoami", headers=bearer(token))
    assert answer.status_code == 200
    assert answer.json() == {"token_id": record.token_id, "name": "vic", "role": "viewer"}
    revoke(record.token_id)
    assert http.get("/api/v1/whoami", headers=bearer(token)).status_code == 401   # revoked: at once
    assert http.get("/api/v1/nowhere", headers=bearer(token)).json() == {"error": "Not Found", "detail": None}
    assert http.get("/health").status_code == 200                                 # the probe stays open


def test_roles_viewer_reads_reviewer_decides_operator_replays(http):
    tokens = {role: create_token(role, role, "test")[1] for role in ("viewer", "reviewer", "operator")}
    decision = {"decision": "reject"}
    refused = http.post("/api/v1/review/lines/L-1/decision", json=decision, headers=bearer(tokens["viewer"]))
    assert refused.status_code == 403 and refused.json() == {
        "error": "role too low", "detail": "this needs the reviewer role; token 'viewer' is a viewer"}
    # A reviewer gets past the role check (to a line the empty warehouse does not have) ...
    assert http.post("/api/v1/review/lines/L-1/decision", json=decision,
                     headers=bearer(tokens["reviewer"])).status_code == 404
    # ... but may not replay; an operator may (dead letter 7 does not exist).
    refused = http.post("/api/v1/dead-letters/7/replay", headers=bearer(tokens["reviewer"]))
    assert refused.status_code == 403 and "needs the operator role" in refused.json()["detail"]
    assert http.post("/api/v1/dead-letters/7/replay", headers=bearer(tokens["operator"])).status_code == 404


def test_cookie_sessions_need_the_csrf_token_on_changes(service):
    _, token = create_token("rita", "reviewer", "test")
    with httpx.Client(base_url=service.url, timeout=30) as browser:
        browser.cookies.set(auth.SESSION_COOKIE, token)
        browser.cookies.set(auth.CSRF_COOKIE, "c" * 43)
        assert browser.get("/api/v1/whoami").json()["name"] == "rita"        # reads need no CSRF token
        path = "/api/v1/review/lines/L-1/decision"
        for headers in ({}, {auth.CSRF_HEADER: "d" * 43}, {auth.CSRF_HEADER: ""}):
            answer = browser.post(path, json={"decision": "reject"}, headers=headers)
            assert answer.status_code == 403 and answer.json()["error"] == "CSRF token missing or wrong", headers
        # The form field works too (a page's form post), and the right header passes on to the handler.
        answer = browser.post(path, data={auth.CSRF_FIELD: "c" * 43})
        assert answer.status_code == 415    # past CSRF, refused by the JSON endpoint for its content type
        assert browser.post(path, json={"decision": "reject"}, headers={auth.CSRF_HEADER: "c" * 43}).status_code == 404
        browser.cookies.delete(auth.CSRF_COOKIE)
        assert browser.post(path, json={"decision": "reject"},
                            headers={auth.CSRF_HEADER: "c" * 43}).status_code == 403   # no cookie to match
    # A bearer request needs none: no browser sends that header on its own.
    assert httpx.post(f"{service.url}{path}", json={"decision": "reject"}, headers=bearer(token)).status_code == 404


def test_login_cookies_are_http_only_strict_and_carry_a_fresh_csrf_value():
    from starlette.responses import Response

    response = Response()
    csrf = auth.set_session_cookies(response, "spt_x", secure=True)
    session, csrf_cookie = response.headers.getlist("set-cookie")
    assert session.startswith("sync_session=spt_x;") and "HttpOnly" in session and "SameSite=strict" in session
    assert f"sync_csrf={csrf};" in csrf_cookie and "HttpOnly" not in csrf_cookie and "Secure" in csrf_cookie
    assert auth.set_session_cookies(Response(), "spt_x", secure=False) != csrf


def test_failed_authentications_are_limited_per_address_and_tokens_never_logged(http, caplog):
    _, good = create_token("ops", "operator", "test")
    wrong = good[:-4] + "AAAA"
    caplog.set_level(logging.DEBUG)
    for _ in range(auth.MAX_FAILURES):
        assert http.get("/api/v1/whoami", headers=bearer(wrong)).status_code == 401
    limited = http.get("/api/v1/whoami", headers=bearer(good))      # even the right token, from this address
    assert limited.status_code == 429 and limited.json()["error"] == "too many failed authentications"
    assert 1 <= int(limited.headers["retry-after"]) <= auth.FAILURE_WINDOW_SECONDS + 1
    assert not auth.check_login_allowed("127.0.0.1") and auth.check_login_allowed("10.0.0.9")
    assert "authentication failed from 127.0.0.1" in caplog.text
    secret = good.split("_", 2)[2]
    assert secret not in caplog.text and wrong.split("_", 2)[2] not in caplog.text


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request, tmp_path):
    if request.param == "sqlite":
        yield OpsStoreSettings(path=tmp_path / "ops.sqlite")
        return
    for url in throwaway_database():
        yield OpsStoreSettings(path=tmp_path / "unused", database_url=Secret(url))


def test_the_limit_is_shared_through_the_operational_store_and_expires(settings):
    one, other = OpStore(settings), OpStore(settings)                # two processes' worth
    for _ in range(auth.MAX_FAILURES - 1):
        auth.note_auth_failure("192.0.2.7", one)
    assert auth.check_login_allowed("192.0.2.7", other)              # nine: still allowed
    auth.note_auth_failure("192.0.2.7", other)
    allowance = auth.check_login_allowed("192.0.2.7", one)
    assert not allowance and allowance.retry_after_seconds > 0
    assert auth.check_login_allowed("192.0.2.8", one)                # per address
    with other.transaction() as tx:
        tx.execute("UPDATE auth_failures SET failed_at = failed_at - ?", [auth.FAILURE_WINDOW_SECONDS])
    assert auth.check_login_allowed("192.0.2.7", one)                # the window passed
    auth.note_auth_failure("192.0.2.9", one)                         # and old failures are dropped
    with one.transaction() as tx:
        assert tx.query("SELECT address FROM auth_failures") == [{"address": "192.0.2.9"}]
    one.close(), other.close()
