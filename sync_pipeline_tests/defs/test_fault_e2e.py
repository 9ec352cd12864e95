"""The end-to-end fault test: 200 approved takeoffs while the PM system fails a fifth of its calls
(server errors and 429s), its tokens are revoked mid-run, and the inventory platform is down long
enough to open the circuit breaker. Once it is back and the dead letters are replayed, every approved
revision is on the platform exactly once, every line is accounted for, and the event log holds every
HTTP attempt the simulator received.

The takeoffs added to the four generated ones have three lines each: the faults, retries and records
are under test here, matching is tested elsewhere. Two hundred Dagster runs still make this the
slowest test, about five minutes on two cores (marked `slow`; it runs by default).
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Callable, Iterator

import dagster as dg
import httpx
import polars as pl
import pytest

from sync_pipeline.cli import main
from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.simulator.faults import SYSTEMS, ErrorRule, Faults, RateLimit
from sync_pipeline.warehouse.dead_letters import list_dead_letters
from sync_pipeline_tests.defs.intake import approved_keys
from sync_pipeline_tests.defs.test_dead_letters import cli_environment

pytestmark = pytest.mark.slow

APPROVED = 200
LINES_PER_TAKEOFF = 3
# A fifth of the PM calls fail: takeoff reads with a 502 (our own jittered backoff), project reads
# with a 429 that asks for no wait.
PM_FAULTS = {"/v1/takeoffs": ErrorRule(rate=0.2, status=502),
             "/v1/projects": ErrorRule(rate=0.2, status=429, retry_after_seconds=0)}
# Every PM read refused for a moment with "retry after 1 s", so that some client is surely holding a
# token, waiting, when the tokens are revoked.
PM_429_BURST = {prefix: ErrorRule(rate=1.0, status=429, retry_after_seconds=1) for prefix in PM_FAULTS}
BREAKER_FAILURES = 5
# Longer than the 5 s Retry-After the simulator's outage answers with, so the retry that follows the
# opening failure is refused by the breaker without a call.
BREAKER_COOLDOWN_SECONDS = 8
OUTAGE_AFTER_BREAKER_OPENS = 3.0   # back before the first probe, which then closes the breaker
REVOKE_AT, OUTAGE_AT = 60, 120     # requirement documents on the platform when each happens
POLL_SECONDS = 0.2
PROBE_PATHS = {"pm": "/oauth/token", "inventory": "/v2/uom-codes"}  # a GET there is answered 405 / 401


class RequestCount:
    """How many requests each simulated system received, read from its rate-limit headers.

    With a window that never fills, X-Rate-Limit-Remaining counts down every request, refused or
    failed ones included (control calls under /_sim/ are not counted). The probes go to paths that no
    fault rule covers, so they never draw from the simulator's fault RNG, and are subtracted.
    """

    WINDOW = RateLimit(limit=10**9, window_seconds=10**6)

    def __init__(self, sim):
        self._urls = {"pm": sim.pm_url, "inventory": sim.inventory_url}
        self._probes: Counter[str] = Counter()
        for system in SYSTEMS:
            sim.state.set_rate_limit(system, self.WINDOW)

    def __call__(self, system: str) -> int:
        self._probes[system] += 1
        answer = httpx.get(self._urls[system] + PROBE_PATHS[system])
        return self.WINDOW.limit - int(answer.headers["X-Rate-Limit-Remaining"]) - self._probes[system]


class Chaos(threading.Thread):
    """What the two systems go through while the first sync runs. Each step is set off by the sync's
    progress (requirement documents on the platform), so it plays out alike on fast and slow machines."""

    def __init__(self, sim, requests: RequestCount):
        super().__init__(name="chaos", daemon=True)
        self.sim, self.requests = sim, requests
        self.stop = threading.Event()
        self.steps: list[str] = []
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self._until(lambda: self._held() >= REVOKE_AT)
            self._revoke_tokens_while_one_is_in_use()
            self._until(lambda: self._held() >= OUTAGE_AT)
            self._inventory_outage()
        except Exception as exc:  # handed to the test, which fails with it
            self.error = exc

    def _revoke_tokens_while_one_is_in_use(self) -> None:
        """Under the burst every PM read is refused; the second request to come in means a client has
        made a read and is waiting to retry it with its token. Revoke every token, then end the burst."""
        self._set_faults(PM_429_BURST)
        before = self.requests("pm")
        self._until(lambda: self.requests("pm") >= before + 2, poll=0.01)
        self.sim.state.revoke_pm_tokens()
        self._set_faults(PM_FAULTS)
        self.steps.append("tokens revoked")

    def _inventory_outage(self) -> None:
        """Down until the breaker has seen its consecutive failures, and a little longer."""
        self._set_faults(PM_FAULTS, outages=frozenset({"inventory"}))
        before = self.requests("inventory")
        self._until(lambda: self.requests("inventory") >= before + BREAKER_FAILURES)
        self.stop.wait(OUTAGE_AFTER_BREAKER_OPENS)
        self._set_faults(PM_FAULTS)
        self.steps.append("inventory outage over")

    def _held(self) -> int:
        return len(self.sim.state.snapshot()["material_requirements"]["current"])

    def _set_faults(self, errors: dict[str, ErrorRule], outages: frozenset[str] = frozenset()) -> None:
        self.sim.state.set_faults(Faults(errors=errors, outages=outages))

    def _until(self, condition: Callable[[], bool], poll: float = POLL_SECONDS) -> None:
        while not condition():
            if self.stop.wait(poll):
                raise TimeoutError(f"the sync ended before the chaos script did (done: {self.steps})")


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """In memory: two hundred runs need not wait on SQLite writes to a temporary directory."""
    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


@pytest.fixture
def requests(sim) -> RequestCount:
    return RequestCount(sim)


@pytest.fixture
def chaos(sim, requests) -> Iterator[Chaos]:
    script = Chaos(sim, requests)
    yield script
    script.stop.set()
    if script.is_alive():
        script.join(timeout=30)


def label(requirement: dict) -> str:
    """The takeoff revision a requirement record on the platform came from, labelled as the runner does."""
    return f"{requirement['source_document']}@{requirement['source_revision']}"


def held_revisions(sim) -> set[str]:
    return {label(r) for r in sim.state.snapshot()["material_requirements"]["current"]}


def post_attempts(store) -> int:
    return store.query("SELECT count(*) AS n FROM integration_events WHERE operation LIKE 'post_%'")["n"][0]


def test_faults_lose_nothing_and_duplicate_nothing(defs, sim, instance, store, requests, chaos, monkeypatch,
                                                    warehouse_path):
    monkeypatch.setenv("SYNC_BREAKER_FAILURES", str(BREAKER_FAILURES))
    monkeypatch.setenv("SYNC_BREAKER_COOLDOWN_SECONDS", str(BREAKER_COOLDOWN_SECONDS))
    for _ in range(APPROVED - len(approved_keys(sim))):
        sim.state.approve_takeoff(line_count=LINES_PER_TAKEOFF)
    approved = approved_keys(sim)
    assert len(approved) == APPROVED

    sim.state.set_faults(Faults(errors=PM_FAULTS))
    chaos.start()
    first = run_sync(defs, instance, log_level="WARNING")
    chaos.stop.set()
    chaos.join()
    sim.state.set_faults(Faults())
    assert chaos.error is None, repr(chaos.error)
    assert chaos.steps == ["tokens revoked", "inventory outage over"]
    dead_lettered, not_fetched = check_first_pass(first, sim, store, approved)

    cli_environment(monkeypatch, sim, warehouse_path)
    assert main(["dead-letters", "replay", "--all"]) == 0
    assert list_dead_letters(store).height == 0
    assert held_revisions(sim) == approved - not_fetched

    # The next pass fetches what the PM system failed to give, and posts the replayed revisions again
    # only to record them: the platform answers with what it stored. New are only those requirements
    # and the drafts and quote requests for them.
    created = sim.state.snapshot()["counts"]["records_created"]
    second = run_sync(defs, instance, log_level="WARNING")
    assert second.ok and set(second.revisions) == dead_lettered | not_fetched
    assert second.requirements_replayed == len(dead_lettered)
    assert second.requirements_created == len(not_fetched)
    assert sim.state.snapshot()["counts"]["records_created"] == created + len(not_fetched) + \
        second.drafts_created + second.quote_requests_created
    # After that, a pass has nothing left to post at all.
    posts, platform = post_attempts(store), sim.state.snapshot()["counts"]
    third = run_sync(defs, instance, log_level="WARNING")
    assert third.ok and third.revisions == [] and post_attempts(store) == posts
    assert sim.state.snapshot()["counts"] == platform

    history = sim.state.snapshot()["material_requirements"]["history"]
    assert Counter(label(r) for r in history) == Counter(approved)
    check_every_line_accounted_for(sim, store, approved)
    check_every_attempt_logged(store, requests)
    assert breaker_for("inventory").state().state == "closed"


def check_first_pass(first, sim, store, approved: set[str]) -> tuple[set[str], set[str]]:
    """Each approved revision was written, dead-lettered, or failed loudly on the PM side; returns the
    last two."""
    assert set(first.revisions) == approved
    letters = list_dead_letters(store)
    assert set(letters["operation"]) == {"post_material_requirements"}
    dead_lettered = set(letters["entity"])
    not_fetched = {label for label in first.failures if label not in dead_lettered}
    assert all("dead letter" in first.failures[label] for label in dead_lettered)
    assert all(first.failures[label].startswith("raw_takeoffs:") for label in not_fetched)
    held = held_revisions(sim)
    assert held | dead_lettered | not_fetched == approved and not held & (dead_lettered | not_fetched)

    events = store.query("SELECT * FROM integration_events ORDER BY event_id")
    # The breaker opened: later writes were refused without a call, then it closed and writes resumed.
    fast_fails = events.filter(pl.col("error_type") == "CircuitOpen")
    assert set(fast_fails["operation"]) == {"post_material_requirements"}
    assert "CircuitOpen" in set(letters["error_type"])
    resumed = events.filter((pl.col("event_id") > fast_fails["event_id"].max())
                            & (pl.col("operation") == "post_material_requirements") & (pl.col("status") == "ok"))
    assert resumed.height > 0
    # The PM system's faults were all met, and every revoked token was replaced and its call retried.
    pm = events.filter(pl.col("source_system") == "pm")
    assert {401, 429, 502} <= set(pm["http_status"].drop_nulls())
    for call in pm.filter(pl.col("http_status") == 401).iter_rows(named=True):
        later = events.filter(pl.col("event_id") > call["event_id"])
        assert later.filter((pl.col("operation") == "get_token") & (pl.col("status") == "ok")).height > 0
        assert later.filter((pl.col("operation") == call["operation"]) & (pl.col("entity") == call["entity"])
                            & (pl.col("status") == "ok")).height > 0
    return dead_lettered, not_fetched


def check_every_line_accounted_for(sim, store, approved: set[str]) -> None:
    """Every line the PM system holds for an approved revision is stored and has a match outcome, and
    every matched line reached the platform in exactly one requirement line."""
    expected = {(revision, line["id"]) for revision in approved
                for line in sim.state.takeoff(revision.split("@")[0], int(revision.split("@")[1]))["line_items"]}
    outcomes = store.query("SELECT l.takeoff_id || '@' || l.revision AS revision, l.line_id, l.line_status, "
                           "m.status, m.reason FROM takeoff_line_items l "
                           "LEFT JOIN match_results m USING (takeoff_id, revision, line_id)")
    assert outcomes.height == len(expected) and set(outcomes.select("revision", "line_id").iter_rows()) == expected
    assert set(outcomes["status"]) == {"matched", "review", "unmatched"}   # no line without an outcome
    quarantined = outcomes.filter(pl.col("line_status") == "quarantined")
    assert quarantined.height > 0 and quarantined["reason"].str.starts_with("quarantined:").all()
    matched = set(outcomes.filter(pl.col("status") == "matched").select("revision", "line_id").iter_rows())
    sent = [(label(r), line_id) for r in sim.state.snapshot()["material_requirements"]["current"]
            for line in r["lines"] for line_id in line["source_line_ids"]]
    assert len(sent) == len(set(sent)) and set(sent) == matched


def check_every_attempt_logged(store, requests: RequestCount) -> None:
    """One event per request each system received; the breaker's refusals are events without a request."""
    for system in SYSTEMS:
        logged = store.query("SELECT count(*) AS n FROM integration_events WHERE ? IN (source_system, "
                             "target_system) AND error_type IS DISTINCT FROM 'CircuitOpen'", [system])["n"][0]
        assert logged == requests(system), system
