"""Retries, Retry-After and error classification, with faults injected in the simulator."""

from __future__ import annotations

import pytest

from sync_pipeline.clients.errors import PermanentError, TransientError
from sync_pipeline.clients.inventory import InventoryClient
from sync_pipeline.clients.resilience import ResilientHttp, RetryPolicy
from sync_pipeline.simulator.faults import ErrorRule, Faults, RateLimit


def test_transient_errors_are_retried_until_success(inventory, sim, recorder):
    sim.state.set_faults(Faults(errors={"/v2/uom-codes": ErrorRule(rate=0.5, status=503)}, seed=3))
    for _ in range(5):
        assert inventory.uom_codes()
    statuses = recorder.statuses("list_uom_codes")
    assert "transient_error" in statuses and statuses.count("ok") == 5


def test_gives_up_after_max_attempts_and_honours_retry_after(sim, recorder):
    sim.state.set_faults(Faults(errors={"/v2/": ErrorRule(rate=1.0, status=503, retry_after_seconds=7)}))
    waits: list[float] = []
    http_policy = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=30)
    client = InventoryClient(sim.inventory_url, sim.inventory_token, retry=http_policy, on_attempt=recorder)
    client._http._sleep = waits.append
    with client, pytest.raises(TransientError) as err:
        client.uom_codes()
    assert err.value.status == 503
    assert waits == [7.0, 7.0]                       # the server's Retry-After, not our own backoff
    assert [a.attempt for a in recorder.attempts] == [1, 2, 3]


def test_rate_limit_429_waits_then_succeeds(sim, recorder):
    sim.state.set_rate_limit("inventory", RateLimit(limit=2, window_seconds=1))
    client = InventoryClient(sim.inventory_url, sim.inventory_token,
                             retry=RetryPolicy(max_attempts=5, max_delay=2), on_attempt=recorder)
    with client:
        for _ in range(4):
            client.uom_codes()
    assert any(a.http_status == 429 for a in recorder.attempts)
    assert sum(a.status == "ok" for a in recorder.attempts) == 4


def test_permanent_error_is_not_retried(inventory, sim, recorder):
    with pytest.raises(PermanentError):
        inventory.post_material_requirements(sim.state.data.projects[0]["id"], {"source_document": "T", "source_revision": 1,
                                                       "lines": [{"sku": "NOPE", "quantity": 1, "uom": "EA"}]},
                                             "perm-1")
    assert [a.attempt for a in recorder.attempts] == [1]


def test_timeout_is_transient(sim, recorder):
    sim.state.set_faults(Faults(latency_seconds=0.5))
    client = InventoryClient(sim.inventory_url, sim.inventory_token, timeout=0.1,
                             retry=RetryPolicy(max_attempts=2, base_delay=0.01), on_attempt=recorder)
    with client, pytest.raises(TransientError, match="Timeout"):
        client.uom_codes()
    assert [a.status for a in recorder.attempts] == ["transient_error", "transient_error"]


def test_a_token_refresh_does_not_use_up_a_transient_retry(sim, recorder):
    keys = iter(["revoked-key", sim.inventory_token])
    key = next(keys)

    def auth(refresh: bool) -> dict[str, str]:
        nonlocal key
        if refresh:   # the new key works, but from now on the system fails transiently
            key = next(keys)
            sim.state.set_faults(Faults(errors={"/v2/": ErrorRule(rate=1.0, status=503, retry_after_seconds=0)}))
        return {"Authorization": f"Token {key}"}

    http = ResilientHttp("inventory", sim.inventory_url, retry=RetryPolicy(max_attempts=4), on_attempt=recorder)
    with pytest.raises(TransientError):
        http.request("GET", "/v2/uom-codes", operation="list_uom_codes", auth=auth)
    http.close()
    # The 401, then the first try and three retries with the refreshed key.
    assert [a.http_status for a in recorder.attempts] == [401, 503, 503, 503, 503]
