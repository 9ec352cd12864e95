"""The `sync-pipeline` command: one sub-module per command group, each with `register(subparsers)`."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each module defines register(subparsers) and sets a `handler` default returning an exit code.
COMMAND_MODULES = ("demo", "sync", "match", "review", "dead_letters", "status", "dictionary", "analytics",
                   "serve", "tokens")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sync-pipeline",
        description="Match approved takeoffs to the inventory catalog and write requirements back.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"sync_pipeline.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    from sync_pipeline.warehouse.store import MigrationChanged, WarehouseBusy, WarehouseUnavailable

    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (WarehouseUnavailable, WarehouseBusy, MigrationChanged) as exc:   # a reason, not a traceback
        print(f"warehouse: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
