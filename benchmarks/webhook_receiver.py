"""Webhook receiver under load: latency at a steady request rate, and nothing lost or doubled.

    .venv/bin/python benchmarks/webhook_receiver.py [--rate 200] [--deliveries 1500]

Starts `sync-pipeline serve` as its own process on a temporary inbox (SYNC_OPS_PATH; or the
PostgreSQL database in SYNC_OPS_DATABASE_URL when set), then sends every delivery twice, signed,
all attempts shuffled (so duplicates arrive out of order), at a fixed rate whatever the answers
(open loop: a slow answer does not slow the sender, so queueing shows in the figures). Latency is
from the moment a request was due to its answer. Then checks the inbox: each delivery stored once.
Exit 1 when anything was lost, doubled or refused.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sync_pipeline.config import OpsStoreSettings, ops_store_settings_from_env  # noqa: E402
from sync_pipeline.opstore import OpStore, WebhookInbox  # noqa: E402
from sync_pipeline.service.process import free_port, start_serve  # noqa: E402
from sync_pipeline.service.signatures import sign  # noqa: E402

BIN = Path(sys.executable).parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def send_all(port: int, secret: str, attempts: list[tuple[str, bytes]], rate: float, threads: int = 24
             ) -> tuple[list[float], list[str]]:
    """Send each attempt when it is due (attempt i at i / rate seconds), from a pool of keep-alive connections;
    latency is from when it was due. (http.client, not an asyncio client: the load generator must not be the
    bottleneck on two shared cores.)"""
    latencies: list[float] = []
    answers: list[str] = []
    lock = threading.Lock()
    work: queue.SimpleQueue = queue.SimpleQueue()
    start = time.perf_counter() + 0.5
    signed_at = time.time() + 0.5     # signed up front (fresh: the run lasts seconds), so signing costs no load time
    for i, (webhook_id, body) in enumerate(attempts):
        headers = {**sign(secret, webhook_id, body, signed_at + i / rate), "content-type": "application/json"}
        work.put((start + i / rate, (body, headers)))

    def worker() -> None:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while True:
            try:
                due, (body, headers) = work.get_nowait()
            except queue.Empty:
                con.close()
                return
            time.sleep(max(0.0, due - time.perf_counter()))
            try:
                con.request("POST", "/webhooks/pm", body=body, headers=headers)
                answer = con.getresponse()
                text = answer.read()
                status = json.loads(text).get("status", "?") if answer.status == 200 else f"HTTP {answer.status}"
            except (OSError, http.client.HTTPException) as exc:
                con.close()
                con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                status = type(exc).__name__
            with lock:
                latencies.append(time.perf_counter() - due)
                answers.append(status)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return latencies, answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    parser.add_argument("--deliveries", type=int, default=1500, help="distinct deliveries, each sent twice")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="webhook-bench-"))
    secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    env = {**os.environ, "SYNC_PM_WEBHOOK_SECRETS": secret, "SYNC_OPS_PATH": str(work / "ops.sqlite")}
    settings = ops_store_settings_from_env(env)
    if settings.database_url:
        with OpStore(settings).transaction() as tx:
            tx.execute("DELETE FROM webhook_inbox")
    port = free_port()
    rng = random.Random(12)
    deliveries = []
    for i in range(args.deliveries):
        webhook_id = f"evt_bench_{i:06d}"
        deliveries.append((webhook_id, json.dumps({
            "id": webhook_id, "type": "takeoff.approved", "created_at": "2026-03-01T12:00:00.000Z",
            "data": {"takeoff_id": f"TO-{10000 + i}", "project_id": "PRJ-1001", "revision": 1 + i % 3}}).encode()))
    attempts = deliveries * 2
    rng.shuffle(attempts)

    server = start_serve(port, env, work / "serve.log", cwd=REPO)
    try:
        # Warm-up (connections, first inserts), not counted.
        send_all(port, secret, [(f"evt_warm_{i}", json.dumps({
            "id": f"evt_warm_{i}", "type": "takeoff.updated", "created_at": "x",
            "data": {"takeoff_id": "TO-1", "project_id": "P", "revision": 1}}).encode()) for i in range(100)], args.rate)
        latencies, answers = send_all(port, secret, attempts, args.rate)
    finally:
        server.terminate()
        server.wait(30)

    store = OpStore(settings if settings.database_url else OpsStoreSettings(path=work / "ops.sqlite"))
    stored = [row.webhook_id for row in WebhookInbox(store).rows() if row.webhook_id.startswith("evt_bench_")]
    counts = {status: answers.count(status) for status in sorted(set(answers))}
    ms = [1000 * latency for latency in latencies]
    where = store.location
    print(f"{len(attempts)} requests at {args.rate:g} requests/s ({args.deliveries} deliveries, each sent twice, "
          f"shuffled; inbox {where})")
    print(f"receiver latency: p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
          f"p99 {percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms")
    print(f"answers: {', '.join(f'{status} {n}' for status, n in counts.items())}")
    lost = set(d for d, _ in deliveries) - set(stored)
    doubled = len(stored) - len(set(stored))
    ok = not lost and not doubled and counts == {"accepted": args.deliveries, "duplicate": args.deliveries}
    print(f"inbox: {len(set(stored))} of {args.deliveries} deliveries stored, {len(lost)} lost, {doubled} doubled"
          f" -> {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
