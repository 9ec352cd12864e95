"""Run both simulated systems in the foreground: python -m sync_pipeline.simulator [--seed 7] ..."""

from __future__ import annotations

import argparse
import os
import threading

from sync_pipeline.simulator.server import DEFAULT_INVENTORY_PORT, DEFAULT_PM_PORT, SimulatorServer
from sync_pipeline.simulator.webhooks import WebhookTarget


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sync_pipeline.simulator",
                                     description="The PM system and the inventory platform, simulated on loopback.")
    parser.add_argument("--seed", type=int, default=7, help="data seed (default 7); the same seed gives the same data")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--pm-port", type=int, default=DEFAULT_PM_PORT, help="0 picks a free port")
    parser.add_argument("--inventory-port", type=int, default=DEFAULT_INVENTORY_PORT, help="0 picks a free port")
    parser.add_argument("--webhook-url", default=os.environ.get("SIM_WEBHOOK_URL"),
                        help="send signed webhooks here (e.g. http://127.0.0.1:8700/webhooks/pm), signed with the "
                             "secrets in SIM_WEBHOOK_SECRETS (comma-separated whsec_...); also POST /_sim/webhooks")
    args = parser.parse_args(argv)
    target = None
    if args.webhook_url:
        secrets = tuple(s.strip() for s in os.environ.get("SIM_WEBHOOK_SECRETS", "").split(",") if s.strip())
        try:
            target = WebhookTarget(args.webhook_url, secrets)
        except ValueError as exc:
            parser.error(f"--webhook-url needs SIM_WEBHOOK_SECRETS: {exc}")
    with SimulatorServer(seed=args.seed, host=args.host, pm_port=args.pm_port,
                         inventory_port=args.inventory_port) as sim:
        if target is not None:
            sim.state.webhooks.configure(target)
            print(f"Webhooks go to {target.url}.")
        counts = (len(sim.state.products), len(sim.state.takeoff_revisions()))
        print(f"Simulator running (seed {args.seed}: {counts[0]} products, {counts[1]} takeoff revisions).")
        print("Development credentials (fixed, not secret); for the pipeline:")
        print(f"  export PM_API_URL={sim.pm_url}")
        print(f"  export PM_CLIENT_ID={sim.pm_client_id}")
        print(f"  export PM_CLIENT_SECRET={sim.pm_client_secret}")
        print(f"  export INVENTORY_API_URL={sim.inventory_url}")
        print(f"  export INVENTORY_API_TOKEN={sim.inventory_token}")
        print(f"Control API on both servers, e.g. {sim.pm_url}/_sim/state (see sync_pipeline/simulator/control.py).")
        print("Ctrl-C stops.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("Stopping.")


if __name__ == "__main__":
    main()
