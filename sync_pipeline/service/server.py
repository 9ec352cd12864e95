"""Running the service with uvicorn: in the foreground (`sync-pipeline serve`) or in a thread (tests, benchmarks).

    with BackgroundService(create_app(...)) as service:    # a free port on loopback
        httpx.post(f"{service.url}/webhooks/pm", ...)
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from urllib.error import URLError

import uvicorn
from starlette.applications import Starlette

STARTUP_TIMEOUT_SECONDS = 15.0


def serve(app: Starlette, host: str, port: int, *, access_log: bool = False) -> None:
    """Serve until interrupted; uvicorn finishes the requests in flight on SIGTERM/SIGINT."""
    uvicorn.run(app, host=host, port=port, access_log=access_log, log_level="info", lifespan="off",
                timeout_graceful_shutdown=10)


class BackgroundService:
    """The app on a socket bound before uvicorn starts (port 0 works), served from a daemon thread."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0):
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name=f"service-{self.port}", daemon=True)

    def start(self) -> "BackgroundService":
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._server.started:
                try:
                    with urllib.request.urlopen(f"{self.url}/health", timeout=1.0) as answer:
                        if answer.status == 200:
                            return self
                except (URLError, OSError):
                    pass
            if not self._thread.is_alive():
                raise RuntimeError(f"service on {self.url} stopped while starting")
            time.sleep(0.02)
        self.stop()
        raise TimeoutError(f"service on {self.url} did not answer within {STARTUP_TIMEOUT_SECONDS} s")

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=15)
        self._socket.close()

    def __enter__(self) -> "BackgroundService":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
