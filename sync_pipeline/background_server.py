"""An ASGI app served by uvicorn from a daemon thread, for the simulator, tests and benchmarks.

The socket is bound before uvicorn starts, so port 0 works and the bound port is known at once;
`start()` returns once the app answers its health path.
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


class BackgroundServer:
    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0, *, health_path: str = "/health",
                 name: str = "service"):
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._socket.bind((host, port))
        except OSError:
            self._socket.close()
            raise
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._health_url = f"{self.url}{health_path}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name=f"{name}-{self.port}", daemon=True)

    def start(self) -> "BackgroundServer":
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._server.started:
                try:
                    with urllib.request.urlopen(self._health_url, timeout=1.0) as answer:
                        if answer.status == 200:
                            return self
                except (URLError, OSError):
                    pass
            if not self._thread.is_alive():
                raise RuntimeError(f"server on {self.url} stopped while starting")
            time.sleep(0.02)
        self.stop()
        raise TimeoutError(f"server on {self.url} did not answer within {STARTUP_TIMEOUT_SECONDS:.0f} s")

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=15)
        self._socket.close()

    def __enter__(self) -> "BackgroundServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
