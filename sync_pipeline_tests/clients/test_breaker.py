"""The circuit breaker: shared across processes, opens after 5 failures, half-open probe, fails fast."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from sync_pipeline.clients.breaker import CircuitBreaker, CircuitOpen
from sync_pipeline.clients.inventory import InventoryClient
from sync_pipeline.clients.resilience import RetryPolicy
from sync_pipeline.simulator.faults import Faults


def _fail_five_times(path: str) -> None:
    breaker = CircuitBreaker("inventory", path)
    for _ in range(5):
        breaker.before_call()
        breaker.record_failure()


def _try_call(path: str, cooldown: float, results) -> None:
    try:
        CircuitBreaker("inventory", path, cooldown_seconds=cooldown).before_call()
        results.put("called")
    except CircuitOpen:
        results.put("refused")


def test_opened_in_one_process_refuses_in_another(tmp_path):
    path = str(tmp_path / "breakers.sqlite")
    opener = multiprocessing.Process(target=_fail_five_times, args=(path,))
    opener.start()
    opener.join(30)
    assert CircuitBreaker("inventory", path).state().state == "open"
    results = multiprocessing.Queue()
    other = multiprocessing.Process(target=_try_call, args=(path, 60.0, results))
    other.start()
    other.join(30)
    assert results.get(timeout=5) == "refused"
    assert CircuitBreaker("pm", path).state().state == "closed"   # one breaker per system


def test_half_open_lets_exactly_one_probe_through_then_closes(tmp_path):
    path = tmp_path / "b.sqlite"
    breaker = CircuitBreaker("inventory", path, cooldown_seconds=0.2)
    for _ in range(4):
        breaker.record_failure()
    assert breaker.state().state == "closed"   # four is not enough
    breaker.record_failure()
    with pytest.raises(CircuitOpen):
        breaker.before_call()
    time.sleep(0.25)
    breaker.before_call()                       # the probe
    with pytest.raises(CircuitOpen):
        CircuitBreaker("inventory", path, cooldown_seconds=0.2).before_call()   # everyone else waits
    breaker.record_success()
    assert breaker.state().state == "closed" and breaker.state().consecutive_failures == 0
    breaker.before_call()


def test_failed_probe_opens_again(tmp_path):
    breaker = CircuitBreaker("inventory", tmp_path / "b.sqlite", cooldown_seconds=0.1)
    for _ in range(5):
        breaker.record_failure()
    time.sleep(0.15)
    breaker.before_call()
    breaker.record_failure()
    assert breaker.state().state == "open"


def test_outage_opens_breaker_then_calls_fail_fast_until_it_recovers(sim, recorder, tmp_path):
    breaker = CircuitBreaker("inventory", tmp_path / "b.sqlite", cooldown_seconds=0.5)
    client = InventoryClient(sim.inventory_url, sim.inventory_token, breaker=breaker, on_attempt=recorder,
                             retry=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.01))
    client._http._sleep = lambda seconds: None
    sim.state.set_faults(Faults(outages=frozenset({"inventory"})))
    with client:
        for _ in range(2):
            with pytest.raises(Exception):
                client.uom_codes()
        assert breaker.state().state == "open"
        calls_before = len(recorder.attempts)
        started = time.monotonic()
        with pytest.raises(CircuitOpen):
            client.uom_codes()
        assert time.monotonic() - started < 0.2                       # fails fast
        assert recorder.attempts[calls_before:][0].error_type == "CircuitOpen"   # and is on the record
        sim.state.set_faults(Faults())
        time.sleep(0.6)
        assert client.uom_codes()                                      # the probe succeeds
    assert breaker.state().state == "closed"


def test_client_errors_and_rate_limits_do_not_open_it(sim, tmp_path):
    breaker = CircuitBreaker("inventory", tmp_path / "b.sqlite")
    with InventoryClient(sim.inventory_url, "wrong-token", breaker=breaker,
                         retry=RetryPolicy(max_attempts=1)) as client:
        for _ in range(6):
            with pytest.raises(Exception):
                client.uom_codes()
    assert breaker.state().state == "closed"
