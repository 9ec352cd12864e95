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

import socket
import threading
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import uvicorn
from starlette.applications import Starlette

from sync_pipeline.simulator.faults import RateLimit
from sync_pipeline.simulator.generator import SimulatorData, generate
from sync_pipeline.simulator.inventory_app import create_inventory_app
from sync_pipeline.simulator.pm_app import create_pm_app
from sync_pipeline.simulator.state import Credentials, SimulatorState

DEFAULT_PM_PORT = 8701
DEFAULT_INVENTORY_PORT = 8702
STARTUP_TIMEOUT_SECONDS = 15.0


class _BackgroundServer:
    def __init__(self, app: Starlette, host: str, port: int):
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._socket.bind((host, port))
        except OSError:
            self._socket.close()
            raise
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name=f"simulator-{self.port}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait_until_answering(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self._server.started:
                try:
                    with urllib.request.urlopen(f"{self.url}/_sim/health", timeout=1.0) as answer:
                        if answer.status == 200:
                            return
                except (URLError, OSError):
                    pass
            if not self._thread.is_alive():
                raise RuntimeError(f"simulator server on {self.url} stopped while starting")
            time.sleep(0.02)
        raise TimeoutError(f"simulator server on {self.url} did not answer within {STARTUP_TIMEOUT_SECONDS} s")

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()


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
        self._servers: list[_BackgroundServer] = []

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
                server = _BackgroundServer(app, self._host, port)
                self._servers.append(server)
                server.start()
            deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
            for server in self._servers:
                server.wait_until_answering(deadline)
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
