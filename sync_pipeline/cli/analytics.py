"""`sync-pipeline analytics attach-sql`: the statement an analyst runs in DuckDB to see the warehouse."""

from __future__ import annotations

import argparse
import sys

from sync_pipeline.config import ConfigError, warehouse_settings_from_env
from sync_pipeline.warehouse.analytics import attach_sql, install_extensions


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("analytics", help="read-only access to the warehouse for analysts")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    attach = actions.add_parser(
        "attach-sql", help="print the DuckDB statement that attaches the warehouse tables read-only as `sync`",
        description="Print one DuckDB SQL statement (DuckDB 1.5.5, as installed with this project) that attaches "
                    "every warehouse table read-only under the name `sync`. The extensions it needs are "
                    "installed into DuckDB's extension directory first, from the project's own packages. "
                    "Any number of such connections may stay open: none blocks the pipeline.")
    attach.set_defaults(handler=run_attach_sql)


def run_attach_sql(args: argparse.Namespace) -> int:
    try:
        store = warehouse_settings_from_env().store()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    install_extensions(store.location.is_postgres)
    print(attach_sql(store))
    return 0
