"""Clients against the simulator over real HTTP on loopback; every attempt is captured for assertions."""

from __future__ import annotations

from typing import Iterator

import pytest

from sync_pipeline.clients.inventory import InventoryClient
from sync_pipeline.clients.pm import PmClient
from sync_pipeline.clients.resilience import Attempt, RetryPolicy
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import seeded_data

# Fast retries: the behaviour under test is how many tries and which waits, not the wall time.
FAST = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05)


class Recorder:
    def __init__(self) -> None:
        self.attempts: list[Attempt] = []

    def __call__(self, attempt: Attempt) -> None:
        self.attempts.append(attempt)

    def statuses(self, operation: str) -> list[str]:
        return [a.status for a in self.attempts if a.operation == operation]


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(data=seeded_data(), token_ttl_seconds=3600) as server:
        yield server


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def pm(sim: SimulatorServer, recorder: Recorder) -> Iterator[PmClient]:
    with PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret, retry=FAST, on_attempt=recorder) as client:
        yield client


@pytest.fixture
def inventory(sim: SimulatorServer, recorder: Recorder) -> Iterator[InventoryClient]:
    with InventoryClient(sim.inventory_url, sim.inventory_token, retry=FAST, on_attempt=recorder) as client:
        yield client
