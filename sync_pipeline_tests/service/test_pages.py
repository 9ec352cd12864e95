"""The pages' login, session cookies, CSRF, rate limit and redirects, over real HTTP on loopback (the
`service` and `client` fixtures of conftest.py)."""

from __future__ import annotations

import re
from importlib import resources

import httpx
import pytest

from sync_pipeline.service import auth
from sync_pipeline.service.tokens import create_token, revoke

PAGES = ["/review", "/review/lines/L-1?takeoff=T-1", "/status", "/dead-letters?status=all"]


def login(client: httpx.Client, token: str, next_path: str = "/review") -> httpx.Response:
    form = client.get("/login", params={"next": next_path})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    assert client.cookies["sync_csrf"] == csrf
    return client.post("/login", data={"token": token, "csrf_token": csrf, "next": next_path})


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_anyone_not_logged_in_to_the_login_and_back(client, path):
    answer = client.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?" + httpx.QueryParams({"next": path}).__str__()
    client.cookies.set("sync_session", "spt_000000000000_" + "x" * 43)   # a made-up token is no session,
    answer = client.get(path)                                            # and the browser forgets it
    forgotten = [c.lower() for c in answer.headers.get_list("set-cookie") if c.startswith("sync_session=")]
    assert answer.status_code == 303 and len(forgotten) == 1 and "max-age=0" in forgotten[0]


def test_login_sets_an_httponly_session_and_a_readable_csrf_cookie(client, caplog):
    _, token = create_token("rita", "reviewer", "test")
    caplog.set_level("INFO")
    answer = login(client, token, "/review/lines/L-1?takeoff=T-1")
    assert "rita (reviewer) logged in from 127.0.0.1" in caplog.text and token not in caplog.text
    assert answer.status_code == 303 and answer.headers["location"] == "/review/lines/L-1?takeoff=T-1"
    cookies = {c.split("=", 1)[0]: c.lower() for c in answer.headers.get_list("set-cookie")}
    assert "httponly" in cookies["sync_session"] and "samesite=strict" in cookies["sync_session"]
    assert "httponly" not in cookies["sync_csrf"] and "samesite=strict" in cookies["sync_csrf"]
    assert token not in answer.text

    page = client.get("/review")
    assert page.status_code == 200 and "rita (reviewer)" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # The logout form carries the session's CSRF value, which changed at login.
    assert f'name="csrf_token" value="{client.cookies["sync_csrf"]}"' in page.text
    assert client.get("/login").headers["location"] == "/review"          # already logged in


def test_a_login_without_the_forms_csrf_value_is_refused(client):
    _, token = create_token("rita", "reviewer", "test")
    client.get("/login")
    answer = client.post("/login", data={"token": token, "csrf_token": "forged"})
    assert answer.status_code == 403 and "sync_session" not in answer.headers.get("set-cookie", "")
    assert "expired" in answer.text


def test_bad_tokens_are_refused_then_rate_limited_even_for_a_good_one(client, caplog):
    _, token = create_token("rita", "reviewer", "test")
    refused = login(client, "nonsense")
    assert refused.status_code == 401 and "not valid" in refused.text
    statuses = [login(client, "spt_000000000000_" + "y" * 43).status_code for _ in range(auth.MAX_FAILURES - 1)]
    assert statuses == [401] * (auth.MAX_FAILURES - 1)
    limited = login(client, token)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert "y" * 43 not in caplog.text and token not in caplog.text     # tokens never reach the log
    assert "sync_session" not in client.cookies


def test_a_revoked_token_logs_nobody_in_and_ends_its_session(client):
    record, token = create_token("rita", "reviewer", "test")
    assert login(client, token).status_code == 303
    assert client.get("/status").status_code == 200
    revoke(record.token_id)
    assert client.get("/status").status_code == 303


def test_a_session_cookie_is_refused_while_the_address_is_over_the_failure_limit(client):
    _, token = create_token("rita", "reviewer", "test")
    assert login(client, token).status_code == 303
    for _ in range(auth.MAX_FAILURES):
        auth.note_auth_failure("127.0.0.1")
    assert client.get("/review").status_code == 303


def test_the_way_back_after_login_stays_on_this_service(client):
    _, token = create_token("rita", "reviewer", "test")
    for outside in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        client.cookies.clear()
        assert login(client, token, outside).headers["location"] == "/review"


def test_logout_needs_the_csrf_value_and_clears_the_session(client):
    _, token = create_token("rita", "reviewer", "test")
    login(client, token)
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/review").status_code == 200
    answer = client.post("/logout", data={"csrf_token": client.cookies["sync_csrf"]})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert client.get("/review").status_code == 303


def test_an_oversized_login_is_refused(client):
    client.get("/login")
    answer = client.post("/login", content=b"token=" + b"a" * 10_000,
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413


def test_pages_load_nothing_from_outside_the_service(client):
    _, token = create_token("vic", "viewer", "test")
    login(client, token)
    shipped = resources.files("sync_pipeline.service")
    for folder in ("static", "templates"):
        for item in shipped.joinpath(folder).iterdir():
            text = item.read_text()
            assert not re.search(r"(src|href)=[\"'](https?:)?//", text), item.name
            assert not re.search(r"fetch\([\"'`]https?:", text), item.name
            if folder == "static":
                assert client.get(f"/static/{item.name}").status_code == 200
