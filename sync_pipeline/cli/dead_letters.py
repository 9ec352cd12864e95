"""`sync-pipeline dead-letters list|show|replay|discard`: see, resend or give up on writes that failed after
their retries."""

from __future__ import annotations

import argparse
import json
import sys

from sync_pipeline.config import ConfigError, Settings, warehouse_settings_from_env
from sync_pipeline.warehouse.dead_letters import discard, get_dead_letter, list_dead_letters
from sync_pipeline.warehouse.store import Warehouse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("dead-letters", help="list, show, replay and discard failed writes",
                                   description="Writes to the inventory platform that still failed after their "
                                               "retries. Replaying one sends the same document with the same "
                                               "Idempotency-Key, so it can never create a duplicate. A replayed "
                                               "draft or quote request counts as on order at once; replayed "
                                               "requirements are recorded by the takeoff's next sync. Until it is replayed or "
                                               "discarded, a dead-lettered draft counts as drafted.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="dead letters waiting for a replay (or all with --all)")
    listing.add_argument("--all", action="store_true", help="include those already replayed")
    show = actions.add_parser("show", help="one dead letter: what was sent, the error, the context")
    show.add_argument("id", type=int)
    again = actions.add_parser("replay", help="send dead letters again")
    target = again.add_mutually_exclusive_group(required=True)
    target.add_argument("id", type=int, nargs="?", help="the dead letter to replay")
    target.add_argument("--all", action="store_true", help="replay every open dead letter")
    drop = actions.add_parser("discard", help="give up on an open dead letter, saying who and why",
                              description="The write is not sent again. A discarded draft or quote request no "
                                          "longer counts as drafted, so the next procurement run proposes what is "
                                          "still needed.")
    drop.add_argument("id", type=int)
    drop.add_argument("--by", required=True, help="who decided")
    drop.add_argument("--reason", required=True, help="why")
    parser.set_defaults(handler=run)


def _store() -> Warehouse:
    store = warehouse_settings_from_env().store()
    store.migrate()
    return store


def run(args: argparse.Namespace) -> int:
    store = _store()
    if args.action == "list":
        rows = list_dead_letters(store, None if args.all else "open")
        if rows.height == 0:
            print("no dead letters" if args.all else "no open dead letters")
        for r in rows.iter_rows(named=True):
            print(f"{r['dead_letter_id']:>5}  {r['created_at']:%Y-%m-%d %H:%M}  {r['status']:<8}  "
                  f"{r['operation']:<28}  {r['entity'] or '':<20}  {r['error_type']}"
                  f"{'  -> ' + r['replay_result'] if r['replay_result'] else ''}")
        return 0
    if args.action == "show":
        letter = get_dead_letter(store, args.id)
        if letter is None:
            print(f"no dead letter {args.id}", file=sys.stderr)
            return 2
        print(json.dumps({"id": letter.dead_letter_id, "status": letter.status, "operation": letter.operation,
                          "entity": letter.entity, "error_type": letter.error_type, "error": letter.error_detail,
                          "idempotency_key": letter.idempotency_key, "context": letter.context,
                          "payload": letter.payload}, indent=2))
        return 0
    if args.action == "discard":
        if not args.by.strip() or not args.reason.strip():
            print("--by and --reason must not be empty", file=sys.stderr)
            return 2
        if not discard(store, args.id, by=args.by.strip(), reason=args.reason.strip()):
            print(f"{args.id}: not an open dead letter", file=sys.stderr)
            return 1
        print(f"{args.id}: discarded by {args.by.strip()} ({args.reason.strip()})")
        return 0
    return _replay(store, args)


def _replay(store: Warehouse, args: argparse.Namespace) -> int:
    from sync_pipeline.writeback import replay_dead_letters

    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    ids = list_dead_letters(store, "open")["dead_letter_id"].to_list() if args.all else [args.id]
    outcomes = replay_dead_letters(store, settings, ids, run_id="cli:dead-letters-replay")
    for outcome in outcomes:
        if outcome.error:
            print(f"{outcome.dead_letter_id}: {outcome.error}", file=sys.stderr)
        else:
            print(f"{outcome.dead_letter_id}: written as {outcome.result.id}"
                  f"{' (the platform already had it)' if outcome.result.replayed else ''}")
    if not ids:
        print("no open dead letters")
    return 1 if any(o.error for o in outcomes) else 0
