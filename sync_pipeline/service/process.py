"""`sync-pipeline serve` as a child process, for the tests and benchmarks that need a real, killable one."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

STARTUP_TIMEOUT_SECONDS = 30.0


def free_port() -> int:
    """A loopback port free right now (a child process binds it next, so a race is possible but rare)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(port: int, env: dict[str, str], log: Path | None = None, cwd: Path | None = None
                ) -> subprocess.Popen:
    """Start `sync-pipeline serve --port PORT` with `env` and return once /health answers 200.

    stderr goes to `log` (appended) when given; a child that exits while starting raises with that log."""
    command = [str(Path(sys.executable).parent / "sync-pipeline"), "serve", "--port", str(port)]
    stderr = open(log, "a") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1.0) as answer:
                if answer.status == 200:
                    return process
        except (URLError, OSError):
            time.sleep(0.1)
        if process.poll() is not None:
            raise RuntimeError(f"sync-pipeline serve exited while starting: {log.read_text() if log else ''}")
    process.terminate()
    raise TimeoutError(f"sync-pipeline serve did not answer within {STARTUP_TIMEOUT_SECONDS:.0f} s")
