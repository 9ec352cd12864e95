"""Approval to requirements written, through the real daemon: p50 and p95.

    .venv/bin/python benchmarks/intake_latency.py [--approvals 12] [--interval 4] [--webhooks]

Starts the simulator (`python -m sync_pipeline.simulator`) and `dagster-daemon run` (no webserver)
as subprocesses on a temporary Dagster home and warehouse, clears the generated backlog with
`sync-pipeline sync`, then approves takeoffs at a steady rate through the simulator's control API
and polls its state until each one's requirements are on the platform. Latency is measured from
the PM system's approved_at to the moment the poll first sees the requirement document.

With --webhooks, `sync-pipeline serve` runs too (a temporary inbox, a fresh secret) and the
simulator announces every approval with a signed webhook to it; the intake sensor then takes
approvals from the inbox and reads the change feed only every 30 s, as in production.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from sync_pipeline.service.process import free_port, start_serve  # noqa: E402


def _call(url: str, body: dict | None = None, token: str | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def _token(pm: str, env: dict) -> str:
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": env["PM_CLIENT_ID"],
                                   "client_secret": env["PM_CLIENT_SECRET"]}).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{pm}/oauth/token", data=form), timeout=10) as answer:
        return json.loads(answer.read())["access_token"]


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


def _start_receiver(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    return start_serve(port, env, cwd=REPO), f"http://127.0.0.1:{port}/webhooks/pm"


def _runs_created(home: Path) -> dict[str, float]:
    """Takeoff id -> when its first takeoff_sync run was created: when the sensor picked the approval up."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        records = instance.get_run_records(dg.RunsFilter(job_name="takeoff_sync"))
    first: dict[str, float] = {}
    for record in records:
        takeoff = record.dagster_run.tags.get("dagster/partition")
        if takeoff:
            first[takeoff] = min(first.get(takeoff, float("inf")), record.create_timestamp.timestamp())
    return first


def _figures(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"p50 {statistics.median(values):.1f} s, p95 {p95:.1f} s, max {values[-1]:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=12)
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between approvals")
    parser.add_argument("--lines", type=int, default=30, help="lines per approved takeoff")
    parser.add_argument("--timeout", type=float, default=180.0, help="give up on an approval after this long")
    parser.add_argument("--webhooks", action="store_true",
                        help="announce approvals by signed webhooks to `sync-pipeline serve`")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home"), "SYNC_WAREHOUSE_PATH": str(work / "wh.duckdb"),
           "SYNC_OPS_PATH": str(work / "ops.sqlite")}
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
        if args.webhooks:
            secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
            receiver, hook_url = _start_receiver({**env, "SYNC_PM_WEBHOOK_SECRETS": secret})
            processes.append(receiver)
            _call(f"{pm}/_sim/webhooks", {"url": hook_url, "secrets": [secret]})
            hooks_since = urllib.parse.quote(datetime.now(timezone.utc).isoformat())
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
              f"({args.lines} lines each, one every {args.interval:g} s"
              f"{', announced by webhooks' if args.webhooks else ', change feed only'})")
        if latencies:
            print(f"approval -> requirements written: {_figures(latencies)}")
        created = _runs_created(work / "dagster_home")
        pickup = [created[t] - approved[t].timestamp() for t in approved if t in created]
        if pickup:
            print(f"approval -> run requested (intake alone): {_figures(pickup)} ({len(pickup)} of {len(approved)})")
        if args.webhooks:
            sent = _call(f"{pm}/v1/webhook-deliveries?limit=200&since={hooks_since}", token=_token(pm, env))["data"]
            print(f"webhooks: {sum(1 for d in sent if d['response_status'] == 200)} deliveries acknowledged by "
                  f"the receiver, {sum(1 for d in sent if d['response_status'] != 200)} not")
        print(f"daemon log and instance: {work}")
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    main()
