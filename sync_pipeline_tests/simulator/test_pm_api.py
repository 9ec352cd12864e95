"""The PM system over real HTTP: OAuth, cursor paging, filters, revisions, webhook history."""

from __future__ import annotations

import time
from collections import Counter

import httpx

from sync_pipeline.simulator.faults import Faults
from sync_pipeline.simulator.generator import SimulatorData
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.simulator.state import Credentials
from sync_pipeline.simulator.timestamps import format_time, utc_now
from sync_pipeline_tests.simulator.conftest import pm_client, seeded_data, walk_cursor_pages


def _token(http: httpx.Client, server: SimulatorServer, **overrides: str) -> httpx.Response:
    form = {"grant_type": "client_credentials", "client_id": server.pm_client_id,
            "client_secret": server.pm_client_secret, **overrides}
    return http.post(f"{server.pm_url}/oauth/token", data=form)


def test_client_credentials_give_a_bearer_token(http: httpx.Client, sim: SimulatorServer) -> None:
    answer = _token(http, sim).json()
    assert answer["token_type"] == "Bearer" and answer["expires_in"] == 3600
    projects = http.get(f"{sim.pm_url}/v1/projects", headers={"Authorization": f"Bearer {answer['access_token']}"})
    assert projects.status_code == 200
    assert sim.pm_client_id == Credentials().pm_client_id == "sync-pipeline-dev"


def test_wrong_credentials_and_missing_or_bad_tokens_are_refused(http: httpx.Client, sim: SimulatorServer) -> None:
    assert _token(http, sim, client_secret="wrong").status_code == 401
    assert _token(http, sim, client_id="someone-else").json()["error"] == "invalid_client"
    assert _token(http, sim, grant_type="password").status_code == 400
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
        response = http.get(f"{sim.pm_url}/v1/takeoffs", headers=headers)
        assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_tokens_expire_after_the_configured_lifetime() -> None:
    with SimulatorServer(data=seeded_data(), token_ttl_seconds=1) as server, pm_client(server) as pm:
        assert pm.get("/v1/projects").status_code == 200
        time.sleep(1.1)
        expired = pm.get("/v1/projects")
        assert expired.status_code == 401 and expired.json() == {
            "error": "invalid_token", "message": expired.json()["message"]}


def test_revoked_tokens_get_invalid_token_and_a_new_token_works(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    with pm_client(fresh_sim) as pm:
        assert pm.get("/v1/projects").status_code == 200
        revoke = http.post(f"{fresh_sim.pm_url}/_sim/faults", json={"revoke_pm_tokens": True})
        assert revoke.status_code == 200 and revoke.json()["errors"] == {}
        response = pm.get("/v1/projects")
        assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    with pm_client(fresh_sim) as pm:
        assert pm.get("/v1/projects").status_code == 200


def test_cursor_paging_walks_every_revision_once_in_order(pm: httpx.Client, data: SimulatorData) -> None:
    summaries, pages = walk_cursor_pages(pm, "/v1/takeoffs", limit=7)
    keys = [(s["updated_at"], s["id"], s["revision"]) for s in summaries]
    assert pages == -(-len(data.takeoffs) // 7)
    assert keys == sorted(keys) and len(set(keys)) == len(keys) == len(data.takeoffs)
    assert "line_items" not in summaries[0]
    projects, _ = walk_cursor_pages(pm, "/v1/projects", limit=3)
    assert [p["id"] for p in projects] == sorted(p["id"] for p in data.projects)


def test_updated_after_is_exclusive_and_filters_combine(pm: httpx.Client, data: SimulatorData) -> None:
    stamps = Counter(t["updated_at"] for t in data.takeoffs)
    shared = next(stamp for stamp, n in stamps.items() if n > 1)
    after, _ = walk_cursor_pages(pm, "/v1/takeoffs", updated_after=shared, limit=5)
    assert after and all(s["updated_at"] > shared for s in after)
    assert len(after) == sum(n for stamp, n in stamps.items() if stamp > shared)
    with_offset = pm.get("/v1/takeoffs", params={"updated_after": shared.replace("Z", "+00:00")}).json()["data"]
    assert with_offset == after[:100]

    approved, _ = walk_cursor_pages(pm, "/v1/takeoffs", status="approved")
    assert {s["status"] for s in approved} == {"approved"}
    assert len(approved) == sum(t["status"] == "approved" for t in data.takeoffs)
    project = data.takeoffs[0]["project_id"]
    mine, _ = walk_cursor_pages(pm, "/v1/takeoffs", project_id=project, status="approved")
    assert mine and all(s["project_id"] == project and s["status"] == "approved" for s in mine)


def test_bad_list_parameters_are_400(pm: httpx.Client) -> None:
    for params in ({"limit": 0}, {"limit": 201}, {"limit": "ten"}, {"status": "done"},
                   {"updated_after": "yesterday"}, {"cursor": "%%%"}, {"cursor": "bm90LWEtbGlzdA"}):
        response = pm.get("/v1/takeoffs", params=params)
        assert response.status_code == 400, params
        assert response.json()["error"] in ("invalid_parameter", "invalid_cursor")


def test_takeoff_is_the_latest_revision_unless_one_is_asked_for(pm: httpx.Client, data: SimulatorData) -> None:
    revised = next(t for t in data.takeoffs if t["revision"] == 2)
    latest = pm.get(f"/v1/takeoffs/{revised['id']}").json()
    assert latest["revision"] == 2 and latest["status"] == "approved"
    first = pm.get(f"/v1/takeoffs/{revised['id']}", params={"revision": 1}).json()
    assert first["status"] == "superseded" and first["line_items"] != latest["line_items"]
    assert pm.get(f"/v1/takeoffs/{revised['id']}", params={"revision": 3}).status_code == 404
    assert pm.get("/v1/takeoffs/TO-00000").json()["error"] == "not_found"
    quantities = [line["quantity"] for t in data.takeoffs for line in t["line_items"]]
    assert any(isinstance(q, str) for q in quantities) and any(isinstance(q, int) for q in quantities)


def test_control_moves_takeoffs_and_each_change_is_listed_and_delivered(http: httpx.Client,
                                                                       fresh_sim: SimulatorServer) -> None:
    control = f"{fresh_sim.pm_url}/_sim/takeoffs"
    with pm_client(fresh_sim) as pm:
        before, _ = walk_cursor_pages(pm, "/v1/takeoffs")
        high_water = before[-1]["updated_at"]
        started = format_time(utc_now())
        approved = http.post(f"{control}/approve", json={"line_count": 30}).json()
        assert approved["status"] == "approved" and len(approved["line_items"]) >= 30
        revised = http.post(f"{control}/{approved['id']}/revise").json()
        assert revised["revision"] == 2
        submitted = next(t for t in before if t["status"] == "submitted")
        assert http.post(f"{control}/{submitted['id']}/reject").json()["status"] == "rejected"
        draft = next(t for t in before if t["status"] == "draft")
        assert http.post(f"{control}/approve", json={"takeoff_id": draft["id"]}).json()["status"] == "approved"
        assert http.post(f"{control}/{draft['id']}/reject").status_code == 409
        assert http.post(f"{control}/TO-00000/revise").status_code == 404

        changed, _ = walk_cursor_pages(pm, "/v1/takeoffs", updated_after=high_water)
        assert {(s["id"], s["revision"], s["status"]) for s in changed} == {
            (approved["id"], 1, "superseded"), (approved["id"], 2, "approved"),
            (submitted["id"], 1, "rejected"), (draft["id"], 1, "approved")}
        deliveries, _ = walk_cursor_pages(pm, "/v1/webhook-deliveries", since=started, limit=2)
        assert Counter(d["event_type"] for d in deliveries) == Counter(
            {"takeoff.approved": 3, "takeoff.superseded": 1, "takeoff.rejected": 1})
        assert all(d["response_status"] is None for d in deliveries)
        every, _ = walk_cursor_pages(pm, "/v1/webhook-deliveries", limit=9)
        stamps = [d["attempted_at"] for d in every]
        assert stamps == sorted(stamps, reverse=True) and len(every) == len(fresh_sim.state.webhook_deliveries())


def test_rate_limit_headers_ride_on_every_pm_answer(http: httpx.Client, sim: SimulatorServer, pm: httpx.Client) -> None:
    for response in (pm.get("/v1/projects"), pm.get("/v1/takeoffs/TO-00000"), _token(http, sim, client_secret="x")):
        assert int(response.headers["X-Rate-Limit-Limit"]) == 6000
        assert int(response.headers["X-Rate-Limit-Remaining"]) < 6000
        assert int(response.headers["X-Rate-Limit-Reset"]) >= time.time() - 1
    assert "X-Rate-Limit-Limit" not in http.get(f"{sim.pm_url}/_sim/health").headers
    assert Faults().to_json() == http.get(f"{sim.pm_url}/_sim/faults").json()
