"""POST /webhooks/pm over real HTTP: verification table, de-duplication, and nothing acknowledged lost on restart."""

from __future__ import annotations

import logging
import os
import random
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from sync_pipeline.cli import main
from sync_pipeline.config import ConfigError, webhook_secrets_from_env
from sync_pipeline.opstore import webhook_inbox
from sync_pipeline.service.process import free_port, start_serve
from sync_pipeline.service.signatures import SignatureVerifier, sign
from sync_pipeline_tests.postgres import throwaway_database
from sync_pipeline_tests.service.conftest import OLD_SECRET, SECRET, event, signed

WRONG_SECRET = "whsec_bm90LXRoZS1zZWNyZXQtdGhlLXJlY2VpdmVyLWtub3dz"


def test_the_spec_example_signs_as_published():
    # The Standard Webhooks specification's published test vector.
    headers = sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", b'{"test": 2432232314}', 1614265330)
    assert headers["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert headers["webhook-timestamp"] == "1614265330"


def _cases():
    now = time.time()
    body = event("evt_ok")
    good = signed("evt_ok", body)
    rotated_new = signed("evt_ok", body, OLD_SECRET)
    bad_sig = signed("evt_ok", body, WRONG_SECRET)
    both = {**good, "webhook-signature": f"{bad_sig['webhook-signature']} {good['webhook-signature']}"}
    big = event("evt_ok", takeoff_id="TO-" + "9" * 150)[:-2] + b', "pad": "' + b"x" * 300_000 + b'"}}'
    return [
        # (name, body, headers, status, reason in the log)
        ("valid", body, good, 200, None),
        ("signed with the other configured secret (rotation)", body, rotated_new, 200, None),
        ("several signatures, one valid", body, both, 200, None),
        ("wrong secret", body, bad_sig, 401, "no valid v1 signature"),
        ("body changed after signing", event("evt_ok", revision=2), good, 401, "no valid v1 signature"),
        ("stale timestamp", body, signed("evt_ok", body, timestamp=now - 301), 401, "in the past"),
        ("future timestamp", body, signed("evt_ok", body, timestamp=now + 400), 401, "in the future"),
        ("timestamp not a number", body, {**good, "webhook-timestamp": "soon"}, 401, "not whole unix seconds"),
        ("missing webhook-id", body, {k: v for k, v in good.items() if k != "webhook-id"}, 401, "webhook-id"),
        ("missing webhook-timestamp", body, {k: v for k, v in good.items() if k != "webhook-timestamp"}, 401,
         "webhook-timestamp"),
        ("missing webhook-signature", body, {k: v for k, v in good.items() if k != "webhook-signature"}, 401,
         "webhook-signature"),
        ("unsigned", body, {"content-type": "application/json"}, 401, "missing header"),
        ("only another version's signature", body,
         {**good, "webhook-signature": good["webhook-signature"].replace("v1,", "v2,")}, 401, "no v1 signature"),
        ("garbage signature", body, {**good, "webhook-signature": "v1,%%%not-base64"}, 401, "no valid v1"),
        ("non-JSON, signed", b"approved TO-1 please", signed("evt_ok", b"approved TO-1 please"), 400, "not JSON"),
        ("JSON array, signed", b"[1, 2]", signed("evt_ok", b"[1, 2]"), 400, "not a JSON object"),
        ("revision missing, signed", b'{"id": "evt_ok", "type": "takeoff.approved", "created_at": "x", "data": '
         b'{"takeoff_id": "TO-1", "project_id": "P"}}',
         signed("evt_ok", b'{"id": "evt_ok", "type": "takeoff.approved", "created_at": "x", "data": '
                b'{"takeoff_id": "TO-1", "project_id": "P"}}'), 400, "data.revision"),
        ("body id differs from webhook-id", event("evt_other"), signed("evt_ok", event("evt_other")), 400,
         "differs from the webhook-id"),
        ("not UTF-8, signed header", b"\xff\xfe{}", {**good}, 401, "not UTF-8"),
        ("oversized, signed", big, signed("evt_ok", big), 413, "over the 262144-byte limit"),
    ]


@pytest.mark.parametrize("case", range(len(_cases())), ids=[c[0] for c in _cases()])
def test_verification_table(client, inbox, caplog, case):
    name, body, headers, status, reason = _cases()[case]   # signed now: a long test session must not age them
    caplog.set_level(logging.INFO, logger="sync_pipeline.service.webhooks")
    answer = client.post("/webhooks/pm", content=body, headers=headers)
    assert answer.status_code == status, answer.text
    stored = inbox.rows()
    if status == 200:
        assert answer.json() == {"status": "accepted"}
        [row] = stored
        assert (row.webhook_id, row.event_type, row.takeoff_id, row.revision, row.body) == (
            "evt_ok", "takeoff.approved", "TO-10001", 1, body.decode())
    else:
        assert stored == []
        logged = [r.getMessage() for r in caplog.records if r.name == "sync_pipeline.service.webhooks"]
        assert any(reason in message and str(status) in message for message in logged), logged
    secrets = [s.removeprefix("whsec_") for s in (SECRET, OLD_SECRET)]
    assert not any(secret in record.getMessage() for record in caplog.records for secret in secrets)


def test_an_oversized_body_without_content_length_is_refused_while_streaming(client, inbox):
    def chunks():
        for _ in range(40):
            yield b"x" * 10_000

    answer = client.post("/webhooks/pm", content=chunks(), headers=signed("evt_big", b"{}"))
    assert answer.status_code == 413 and inbox.rows() == []


def test_duplicates_and_out_of_order_deliveries_are_stored_once(client, inbox):
    deliveries = [(f"evt_{i:03d}", event(f"evt_{i:03d}", f"TO-{20000 + i // 2}", 1 + i % 2)) for i in range(30)]
    attempts = deliveries * 2 + random.Random(5).sample(deliveries, 10)   # twice each, and some a third time
    random.Random(6).shuffle(attempts)

    def post(attempt):
        webhook_id, body = attempt
        return client.post("/webhooks/pm", content=body, headers=signed(webhook_id, body)).json()["status"]

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(post, attempts))
    assert statuses.count("accepted") == 30 and statuses.count("duplicate") == 40
    rows = inbox.rows()
    assert sorted(r.webhook_id for r in rows) == [w for w, _ in deliveries]
    assert {(r.takeoff_id, r.revision) for r in rows} == {(f"TO-{20000 + i // 2}", 1 + i % 2) for i in range(30)}


def test_secrets_setting():
    assert len(webhook_secrets_from_env({"SYNC_PM_WEBHOOK_SECRETS": f"{SECRET}, {OLD_SECRET}"})) == 2
    for bad in ("", "not-a-secret", f"{SECRET},whsec_", "whsec_***"):
        with pytest.raises(ConfigError) as raised:
            webhook_secrets_from_env({"SYNC_PM_WEBHOOK_SECRETS": bad})
        assert SECRET not in str(raised.value)
    assert "***" in repr(webhook_secrets_from_env({"SYNC_PM_WEBHOOK_SECRETS": SECRET}))
    verifier = SignatureVerifier(webhook_secrets_from_env({"SYNC_PM_WEBHOOK_SECRETS": SECRET}))
    assert verifier.verify(event("e"), sign(SECRET, "e", event("e"))) is None


def test_serve_refuses_to_start_without_secrets(monkeypatch, capsys):
    monkeypatch.delenv("SYNC_PM_WEBHOOK_SECRETS", raising=False)
    assert main(["serve", "--port", "0"]) == 2
    assert "SYNC_PM_WEBHOOK_SECRETS" in capsys.readouterr().err


@pytest.mark.slow   # two receiver processes and about 12 s of traffic
def test_a_killed_receiver_loses_nothing_it_acknowledged(tmp_path):
    env = {**os.environ, "SYNC_PM_WEBHOOK_SECRETS": SECRET}   # SYNC_OPS_PATH: this test's file (conftest)
    port = free_port()
    acknowledged: list[str] = []
    stop = threading.Event()

    def send(worker: int) -> None:
        with httpx.Client(timeout=2) as http:
            for i in range(100_000):
                if stop.is_set():
                    return
                webhook_id = f"evt_{worker}_{i}"
                body = event(webhook_id, f"TO-{i}")
                try:
                    answer = http.post(f"http://127.0.0.1:{port}/webhooks/pm", content=body,
                                       headers=signed(webhook_id, body))
                except httpx.HTTPError:
                    time.sleep(0.05)   # the receiver is down: this one was not acknowledged
                    continue
                if answer.status_code == 200:
                    acknowledged.append(webhook_id)

    server = start_serve(port, env, tmp_path / "serve.log")
    senders = [threading.Thread(target=send, args=(w,)) for w in range(4)]
    try:
        for thread in senders:
            thread.start()
        while len(acknowledged) < 150:
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)    # no graceful shutdown at all
        server.wait(10)
        killed_at = len(acknowledged)
        server = start_serve(port, env, tmp_path / "serve.log")
        while len(acknowledged) < killed_at + 100:
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in senders:
            thread.join(10)
        server.send_signal(signal.SIGTERM)
        server.wait(15)
    stored = {row.webhook_id for row in webhook_inbox().rows()}   # the same file (SYNC_OPS_PATH)
    assert set(acknowledged) <= stored
    assert len(acknowledged) >= 250


@pytest.fixture(scope="module")
def pg_url():
    yield from throwaway_database()


@pytest.mark.postgres
def test_receivers_sharing_a_postgresql_inbox_store_each_delivery_once(pg_url, tmp_path):
    from sync_pipeline.config import OpsStoreSettings, Secret
    from sync_pipeline.opstore import OpStore, WebhookInbox
    from sync_pipeline.service.app import create_app
    from sync_pipeline.background_server import BackgroundServer

    settings = OpsStoreSettings(path=tmp_path / "unused", database_url=Secret(pg_url))
    inboxes = [WebhookInbox(OpStore(settings)) for _ in range(2)]   # two hosts
    deliveries = [(f"evt_pg_{i}", event(f"evt_pg_{i}", f"TO-{30000 + i}")) for i in range(20)]
    attempts = deliveries * 2
    random.Random(3).shuffle(attempts)
    with BackgroundServer(create_app(webhook_secrets=[SECRET], inbox=inboxes[0])) as one, \
            BackgroundServer(create_app(webhook_secrets=[SECRET], inbox=inboxes[1])) as two, \
            httpx.Client(timeout=10) as http:
        def post(numbered):
            n, (webhook_id, body) = numbered
            url = (one if n % 2 else two).url
            return http.post(f"{url}/webhooks/pm", content=body, headers=signed(webhook_id, body)).json()["status"]

        with ThreadPoolExecutor(6) as pool:
            statuses = list(pool.map(post, enumerate(attempts)))
    assert statuses.count("accepted") == 20 and statuses.count("duplicate") == 20
    assert sorted(r.webhook_id for r in inboxes[0].rows()) == sorted(w for w, _ in deliveries)
