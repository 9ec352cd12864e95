"""The PM client against the simulator: auth, paging, typed results, token refresh."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from sync_pipeline.clients.errors import PermanentError
from sync_pipeline.clients.pm import PmClient
from sync_pipeline.clients.tokens import TokenCache
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import seeded_data


def test_walks_every_approved_takeoff_across_pages(pm, sim):
    expected = {(t["id"], t["revision"]) for t in sim.state.takeoff_revisions() if t["status"] == "approved"}
    listed = [(t.id, t.revision) for t in pm.takeoffs(status="approved")]
    assert sorted(listed) == sorted(expected) and len(listed) == len(set(listed))


def test_page_by_page_for_callers_that_stop_between_pages(pm, sim):
    first, cursor = pm.takeoffs_page(limit=5)
    assert len(first) == 5 and cursor
    second, _ = pm.takeoffs_page(limit=5, cursor=cursor)
    assert not {(t.id, t.revision) for t in first} & {(t.id, t.revision) for t in second}
    order = [(t.updated_at, t.id) for t in first + second]
    assert order == sorted(order)


def test_takeoff_with_lines_and_a_given_revision(pm, sim):
    revised = next(t for t in sim.state.takeoff_revisions() if t["revision"] == 2)
    old = pm.takeoff(revised["id"], revision=1)
    new = pm.takeoff(revised["id"])
    assert (old.summary.revision, old.summary.status) == (1, "superseded")
    assert new.summary.revision == 2 and new.line_items
    assert pm.project(new.summary.project_id).id == new.summary.project_id


def test_unknown_takeoff_is_permanent(pm):
    with pytest.raises(PermanentError) as err:
        pm.takeoff("TO-DOES-NOT-EXIST")
    assert err.value.status == 404


def test_revoked_token_is_refreshed_once_and_the_call_succeeds(pm, sim, recorder):
    pm.projects()
    sim.state.revoke_pm_tokens()
    assert pm.projects()
    assert recorder.statuses("list_projects")[-2:] == ["permanent_error", "ok"]
    assert recorder.statuses("get_token") == ["ok", "ok"]


def test_expired_token_is_replaced_before_use():
    with SimulatorServer(data=seeded_data(), token_ttl_seconds=1) as sim:
        with PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret) as client:
            client.projects()
            time.sleep(1.2)
            assert client.projects()


def test_bad_credentials_are_permanent(sim):
    with PmClient(sim.pm_url, sim.pm_client_id, "wrong") as client, pytest.raises(PermanentError) as err:
        client.projects()
    assert err.value.status == 401


def test_secret_never_in_attempt_records(pm, sim, recorder):
    pm.projects()
    assert all(sim.pm_client_secret not in repr(a) for a in recorder.attempts)
    assert "pm-dev-secret" not in repr(pm.__dict__)


def test_clients_of_one_process_share_a_token_until_it_is_refused(sim, recorder):
    with PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret, on_attempt=recorder) as first:
        first.projects()
    with PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret, on_attempt=recorder) as second, \
            PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret, on_attempt=recorder) as third:
        second.projects()
        assert recorder.statuses("get_token") == ["ok"]   # fetched once, for every client
        sim.state.revoke_pm_tokens()
        assert second.projects()    # refused (401): one new token...
        assert third.projects()     # ...which the other client uses without asking again
    assert recorder.statuses("get_token") == ["ok", "ok"]
    assert recorder.statuses("list_projects") == ["ok", "ok", "permanent_error", "ok", "ok"]


def test_a_client_with_other_credentials_never_borrows_the_cached_token(pm, sim):
    pm.projects()
    with PmClient(sim.pm_url, sim.pm_client_id, "wrong") as client, pytest.raises(PermanentError) as err:
        client.projects()
    assert err.value.status == 401


def test_concurrent_first_calls_fetch_one_token(sim, recorder):
    tokens = TokenCache()
    clients = [PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret, on_attempt=recorder, tokens=tokens)
               for _ in range(8)]
    with ThreadPoolExecutor(len(clients)) as pool:
        assert all(pool.map(lambda client: client.project(sim.state.takeoff_revisions()[0]["project_id"]),
                            clients))
    for client in clients:
        client.close()
    assert recorder.statuses("get_token") == ["ok"]
    assert "Bearer" not in repr(tokens.__dict__) and all(t.token.reveal() not in repr(t)
                                                         for t in tokens._entries.values())
