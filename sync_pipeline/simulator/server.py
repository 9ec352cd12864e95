"""Both simulated systems as real HTTP servers on loopback, in background threads.

    with SimulatorServer() as sim:            # free ports picked by the OS
        PmClient(sim.pm_url, sim.pm_client_id, sim.pm_client_secret)
        InventoryClient(sim.inventory_url, sim.inventory_token)
        sim.state.approve_takeoff()

The sockets are bound before uvicorn starts, so port 0 works and the bound port is known at
once; the servers are not handed out until both answer GET /_sim/health. With a `state_file`,
the state is restored from it at start (when it exists) and saved to it at stop.
"""

from __future__ import annotations

from pathlib import Path

from sync_pipeline.background_server import BackgroundServer
from sync_pipeline.simulator.faults import RateLimit
from sync_pipeline.simulator.generator import SimulatorData, generate
from sync_pipeline.simulator.inventory_app import create_inventory_app
from sync_pipeline.simulator.pm_app import create_pm_app
from sync_pipeline.simulator.state import Credentials, SimulatorState

DEFAULT_PM_PORT = 8701
DEFAULT_INVENTORY_PORT = 8702


class SimulatorServer:
    """The PM system and the inventory platform, sharing one SimulatorState, until stopped."""

    def __init__(self, *, seed: int = 7, data: SimulatorData | None = None, host: str = "127.0.0.1",
                 pm_port: int = 0, inventory_port: int = 0, credentials: Credentials = Credentials(),
                 token_ttl_seconds: int = 3600, rate_limit: RateLimit = RateLimit(),
                 state_file: Path | None = None):
        self.state = SimulatorState(data if data is not None else generate(seed), credentials=credentials,
                                    token_ttl_seconds=token_ttl_seconds, rate_limit=rate_limit)
        self._state_file = state_file
        if state_file is not None and state_file.exists():
            self.state.restore(state_file)
        self._host, self._pm_port, self._inventory_port = host, pm_port, inventory_port
        self._servers: list[BackgroundServer] = []

    @property
    def pm_url(self) -> str:
        return self._servers[0].url

    @property
    def inventory_url(self) -> str:
        return self._servers[1].url

    @property
    def pm_client_id(self) -> str:
        return self.state.credentials.pm_client_id

    @property
    def pm_client_secret(self) -> str:
        return self.state.credentials.pm_client_secret

    @property
    def inventory_token(self) -> str:
        return self.state.credentials.inventory_token

    def start(self) -> "SimulatorServer":
        try:
            for app, port in ((create_pm_app(self.state), self._pm_port),
                              (create_inventory_app(self.state), self._inventory_port)):
                server = BackgroundServer(app, self._host, port, health_path="/_sim/health", name="simulator")
                self._servers.append(server)
                server.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.state.webhooks.close()
        for server in self._servers:
            server.stop()
        if self._state_file is not None:
            self.state.save(self._state_file)

    def __enter__(self) -> "SimulatorServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
