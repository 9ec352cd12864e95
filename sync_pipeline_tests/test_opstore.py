"""The operational store and its webhook inbox, on SQLite (WAL file) and on a real PostgreSQL server."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sync_pipeline.alerts import AlertState
from sync_pipeline.config import ConfigError, OpsStoreSettings, Secret, ops_store_settings_from_env
from sync_pipeline.opstore import Delivery, OpStore, OpStoreError, WebhookInbox
from sync_pipeline_tests.postgres import throwaway_database


@pytest.fixture(scope="module")
def pg_url():
    yield from throwaway_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request, tmp_path) -> OpsStoreSettings:
    if request.param == "sqlite":
        return OpsStoreSettings(path=tmp_path / "ops.sqlite")
    url = request.getfixturevalue("pg_url")
    store = OpStore(OpsStoreSettings(path=tmp_path / "unused", database_url=Secret(url)))
    with store.transaction() as tx:   # the database is shared by this module's tests: start each empty
        tx.execute("DELETE FROM webhook_inbox")
        tx.execute("DELETE FROM alerts")
    store.close()
    return OpsStoreSettings(path=tmp_path / "unused", database_url=Secret(url))


def delivery(webhook_id: str, takeoff_id: str = "TO-1", revision: int = 1, event_type: str = "takeoff.approved"
             ) -> Delivery:
    return Delivery(webhook_id=webhook_id, event_type=event_type, takeoff_id=takeoff_id, project_id="PRJ-1",
                    revision=revision, event_created_at="2026-01-01T00:00:00.000Z",
                    body=f'{{"id": "{webhook_id}"}}')


def test_a_delivery_is_stored_once_and_consumed_once(settings):
    inbox = WebhookInbox(OpStore(settings))
    assert inbox.record(delivery("evt_1")) is True
    assert inbox.record(delivery("evt_1")) is False          # the same webhook-id again: recognised
    assert inbox.record(delivery("evt_2", "TO-2")) is True
    assert [r.webhook_id for r in inbox.pending()] == ["evt_1", "evt_2"]   # oldest first
    assert inbox.mark_consumed({"evt_1": "run requested"}) == 1
    assert inbox.mark_consumed({"evt_1": "again"}) == 0      # consumed rows are not touched again
    [pending] = inbox.pending()
    assert pending.webhook_id == "evt_2" and pending.consumed_at is None and pending.revision == 1
    [first] = [r for r in inbox.rows() if r.webhook_id == "evt_1"]
    assert first.outcome == "run requested" and first.consumed_at is not None
    assert first.body == '{"id": "evt_1"}' and first.event_type == "takeoff.approved"
    assert inbox.last_received_at() is not None


def test_a_new_store_object_sees_everything_and_applies_the_schema_once(settings):
    WebhookInbox(OpStore(settings)).record(delivery("evt_1"))
    again = OpStore(settings)    # a restarted process
    assert [r.webhook_id for r in WebhookInbox(again).pending()] == ["evt_1"]
    with again.transaction() as tx:
        applied = tx.query("SELECT component, version FROM ops_schema ORDER BY component")
    assert applied == [{"component": c, "version": 1}
                       for c in ("alerts", "api_tokens", "auth_failures", "breakers", "webhook_inbox")]


def test_concurrent_writers_store_each_id_once(settings):
    stores = [OpStore(settings) for _ in range(2)]    # two processes' worth of pools
    accepted: list[str] = []
    lock = threading.Lock()

    def write(worker: int) -> None:
        inbox = WebhookInbox(stores[worker % 2])
        for i in range(40):
            webhook_id = f"evt_{(i + worker * 7) % 60}"    # overlapping ids between workers
            if inbox.record(delivery(webhook_id, f"TO-{i}")):
                with lock:
                    accepted.append(webhook_id)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [r.webhook_id for r in WebhookInbox(stores[0]).rows()]
    assert sorted(accepted) == sorted(stored) and len(stored) == len(set(stored))
    assert set(stored) == {f"evt_{(i + w * 7) % 60}" for w in range(6) for i in range(40)}


def test_settings_from_the_environment(tmp_path):
    assert ops_store_settings_from_env({"SYNC_OPS_PATH": str(tmp_path / "x.sqlite")}).path == tmp_path / "x.sqlite"
    assert ops_store_settings_from_env({}).path.parts[-3:] == ("data", "run", "ops.sqlite")
    pg = ops_store_settings_from_env({"SYNC_OPS_DATABASE_URL": "postgresql://u:pw@db/ops"})
    assert pg.database_url.reveal() == "postgresql://u:pw@db/ops" and "pw" not in repr(pg)
    with pytest.raises(ConfigError, match="postgresql://"):
        ops_store_settings_from_env({"SYNC_OPS_DATABASE_URL": "mysql://u@db/ops"})


def test_an_unreachable_server_is_an_error_that_never_shows_the_password(tmp_path):
    settings = OpsStoreSettings(path=Path("unused"),
                                database_url=Secret("postgresql://ops:hunter2@127.0.0.1:1/ops"))
    with pytest.raises(OpStoreError) as raised:
        OpStore(settings)
    assert "hunter2" not in str(raised.value) and "127.0.0.1:1/ops" in str(raised.value)


def test_alert_state_announces_a_condition_once_until_resolved(settings):
    alerts, other = AlertState(OpStore(settings)), AlertState(OpStore(settings))   # two processes
    assert alerts.open("check:error_rate", "check", "warn", "20.0 %")
    assert not other.open("check:error_rate", "check", "warn", "21.0 %")
    assert other.open("check:error_rate", "check", "fail", "30.0 %")       # worse: announced again
    assert not alerts.open("check:error_rate", "check", "warn", "10.0 %")
    assert [(a.alert_key, a.severity, a.message) for a in alerts.active()] == [("check:error_rate", "fail", "30.0 %")]
    ended = other.close("check:error_rate")
    assert ended is not None and ended.kind == "check" and ended.resolved_at is not None
    assert alerts.close("check:error_rate") is None and alerts.active() == []
    assert alerts.open("check:error_rate", "check", "warn", "9.0 %")        # back again: a new alert
