"""`sync-pipeline serve`: the pipeline's ASGI service (the PM webhook receiver, the operations JSON API) with uvicorn.

Exit 2 on a configuration error (SYNC_PM_WEBHOOK_SECRETS missing or malformed, SYNC_OPS_* unusable).
"""

from __future__ import annotations

import argparse
import logging
import sys

from sync_pipeline.config import ConfigError

DEFAULT_PORT = 8700


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the service: POST /webhooks/pm (signed PM webhooks into the inbox), the operations API "
                 "under /api/v1 (tokens: sync-pipeline tokens), GET /health",
        description="Serve the pipeline's HTTP endpoints with uvicorn until interrupted. Webhooks are verified "
                    "with SYNC_PM_WEBHOOK_SECRETS and stored in the operational store (SYNC_OPS_DATABASE_URL, "
                    "else the SQLite file SYNC_OPS_PATH); the intake sensor consumes them. The operations API reads "
                    "the warehouse (SYNC_WAREHOUSE_*) and takes the tokens made by `sync-pipeline tokens`.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--access-log", action="store_true", help="log every request (refusals are always logged)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sync_pipeline.opstore import OpStoreError
    from sync_pipeline.service.app import create_app
    from sync_pipeline.service.server import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app = create_app()
    except (ConfigError, OpStoreError) as exc:
        print(f"sync-pipeline serve: {exc}", file=sys.stderr)
        return 2
    serve(app, args.host, args.port, access_log=args.access_log)
    return 0
