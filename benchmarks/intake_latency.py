"""Approval to requirements written, through the real daemon: p50 and p95.

    .venv/bin/python benchmarks/intake_latency.py [--approvals 12] [--interval 4]

Starts the simulator (`python -m sync_pipeline.simulator`) and `dagster-daemon run` (no webserver)
as subprocesses on a temporary Dagster home and warehouse, clears the generated backlog with
`sync-pipeline sync`, then approves takeoffs at a steady rate through the simulator's control API
and polls its state until each one's requirements are on the platform. Latency is measured from
the PM system's approved_at to the moment the poll first sees the requirement document.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _call(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"},
                                     method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def _start_simulator(env: dict) -> tuple[subprocess.Popen, dict]:
    sim = subprocess.Popen([sys.executable, "-u", "-m", "sync_pipeline.simulator", "--pm-port", "0",
                            "--inventory-port", "0"], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
    exports = {}
    for line in sim.stdout:
        if match := re.match(r"\s*export (\w+)=(\S+)", line):
            exports[match[1]] = match[2]
        if line.startswith("Ctrl-C"):
            return sim, exports
    raise RuntimeError("the simulator stopped before printing its settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=12)
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between approvals")
    parser.add_argument("--lines", type=int, default=30, help="lines per approved takeoff")
    parser.add_argument("--timeout", type=float, default=180.0, help="give up on an approval after this long")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home"), "SYNC_WAREHOUSE_PATH": str(work / "wh.duckdb"),
           "SYNC_BREAKER_PATH": str(work / "breakers.sqlite")}
    (work / "dagster_home").mkdir()
    (work / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    processes = []
    try:
        sim, exports = _start_simulator(env)
        processes.append(sim)
        env.update(exports)
        pm = exports["PM_API_URL"]
        print("clearing the generated backlog with `sync-pipeline sync` ...", flush=True)
        subprocess.run([str(BIN / "sync-pipeline"), "sync"], env=env, cwd=REPO, check=False,
                       stdout=subprocess.DEVNULL)
        daemon = subprocess.Popen([str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"], env=env, cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=open(work / "daemon.log", "w"))
        processes.append(daemon)
        time.sleep(15)   # the daemon loads the code location and takes its first sensor tick
        approved: dict[str, datetime] = {}
        seen: dict[str, float] = {}
        next_at = time.monotonic()
        while len(approved) < args.approvals or len(seen) < len(approved):
            if len(approved) < args.approvals and time.monotonic() >= next_at:
                takeoff = _call(f"{pm}/_sim/takeoffs/approve", {"line_count": args.lines})
                approved[takeoff["id"]] = datetime.fromisoformat(takeoff["approved_at"].replace("Z", "+00:00"))
                next_at += args.interval
            state = _call(f"{pm}/_sim/state")
            for record in state["material_requirements"]["current"]:
                if record["source_document"] in approved and record["source_document"] not in seen:
                    seen[record["source_document"]] = time.time()
            if approved and time.time() - max(a.timestamp() for a in approved.values()) > args.timeout:
                break
            time.sleep(0.25)
        latencies = sorted(seen[t] - approved[t].timestamp() for t in seen)
        print(f"{len(latencies)} of {len(approved)} approvals written "
              f"({args.lines} lines each, one every {args.interval:g} s)")
        if latencies:
            p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
            print(f"approval -> requirements written: p50 {statistics.median(latencies):.1f} s, p95 {p95:.1f} s, "
                  f"max {latencies[-1]:.1f} s")
        print(f"daemon log and instance: {work}")
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
