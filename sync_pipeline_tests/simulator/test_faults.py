"""Fault injection and rate limits, driven through the /_sim/ control API as another process would."""

from __future__ import annotations

import time

import httpx

from sync_pipeline.simulator.faults import ErrorRule, Faults
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import inventory_client, pm_client


def _statuses(client: httpx.Client, path: str, count: int) -> list[int]:
    return [client.get(path).status_code for _ in range(count)]


def test_a_tiny_rate_limit_gives_429_with_retry_after(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    configured = http.post(f"{fresh_sim.pm_url}/_sim/config",
                            json={"rate_limits": {"pm": {"limit": 3, "window_seconds": 60}}})
    assert configured.json()["rate_limits"]["pm"] == {"limit": 3, "window_seconds": 60}
    with pm_client(fresh_sim) as pm:  # the token request is the first of the three
        answers = [pm.get("/v1/projects") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a.headers["X-Rate-Limit-Remaining"] for a in answers] == ["1", "0", "0"]
    refused = answers[-1]
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-Rate-Limit-Limit"] == "3"
    assert int(refused.headers["X-Rate-Limit-Reset"]) - time.time() <= 61
    with inventory_client(fresh_sim) as inventory:
        assert inventory.get("/v2/vendors").status_code == 200, "each system has its own window"


def test_the_rate_limit_window_resets(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    http.post(f"{fresh_sim.inventory_url}/_sim/config",
               json={"rate_limits": {"inventory": {"limit": 1, "window_seconds": 1}}})
    with inventory_client(fresh_sim) as inventory:
        assert _statuses(inventory, "/v2/vendors", 2) == [200, 429]
        time.sleep(1.05)
        assert inventory.get("/v2/vendors").status_code == 200


def test_an_error_rate_gives_the_same_503s_for_the_same_seed(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    faults = {"errors": {"/v2/vendors": {"rate": 0.5, "status": 503, "retry_after_seconds": 2}}, "seed": 11}
    runs = []
    with inventory_client(fresh_sim) as inventory:
        for _ in range(2):
            assert http.post(f"{fresh_sim.inventory_url}/_sim/faults", json=faults).status_code == 200
            runs.append(_statuses(inventory, "/v2/vendors", 30))
        assert runs[0] == runs[1] and set(runs[0]) == {200, 503}
        assert 5 <= runs[0].count(503) <= 25
        assert set(_statuses(inventory, "/v2/uom-codes", 10)) == {200}, "other paths are untouched"
        fresh_sim.state.set_faults(Faults(errors={"/v2/": ErrorRule(1.0, 503, retry_after_seconds=2)}))
        failed = inventory.get("/v2/stock")
        assert failed.status_code == 503 and failed.headers["Retry-After"] == "2"
        assert failed.json()["error"] == "service_unavailable" and "X-Rate-Limit-Remaining" in failed.headers
        fresh_sim.state.set_faults(Faults(errors={"/v2/": ErrorRule(1.0, 500), "/v2/stock": ErrorRule(0.0)}))
        assert inventory.get("/v2/stock").status_code == 200, "the longest prefix wins"
        assert inventory.get("/v2/vendors").status_code == 500
        assert http.get(f"{fresh_sim.inventory_url}/_sim/state").status_code == 200, "control is never faulted"


def test_outage_latency_and_bad_settings(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    with pm_client(fresh_sim) as pm, inventory_client(fresh_sim) as inventory:
        http.post(f"{fresh_sim.pm_url}/_sim/faults", json={"outages": ["pm"]})
        down = pm.get("/v1/projects")
        assert down.status_code == 503 and int(down.headers["Retry-After"]) > 0
        assert inventory.get("/v2/vendors").status_code == 200
        http.post(f"{fresh_sim.pm_url}/_sim/faults", json={"latency_seconds": 0.2})
        started = time.monotonic()
        assert pm.get("/v1/projects").status_code == 200
        assert time.monotonic() - started >= 0.2
    for bad in ({"errors": {"/v1/": {"rate": 2}}}, {"errors": {"/v1/": {"rate": 0.5, "status": 404}}},
                {"outages": ["erp"]}, {"latency_seconds": -1}, {"errors": {"/v1/": {"chance": 1}}}):
        response = http.post(f"{fresh_sim.pm_url}/_sim/faults", json=bad)
        assert response.status_code == 400 and response.json()["error"] == "invalid_request", bad
    assert http.post(f"{fresh_sim.pm_url}/_sim/config", json={"rate_limits": {"erp": {"limit": 1}}}).status_code == 400
