"""`sync-pipeline tokens create|list|revoke`: the tokens people and scripts use for the web app and its API.

A token is printed once, at creation; only its hash is kept (in the operational store, SYNC_OPS_*).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    from sync_pipeline.service.tokens import ROLES

    parser = subparsers.add_parser(
        "tokens", help="create, list and revoke the tokens of the web app and its API",
        description="Tokens for the operations web app and the JSON API (`serve`). Roles: viewer (reads), "
                    "reviewer (also decides review lines), operator (also replays dead letters).")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="make a token and print it once")
    create.add_argument("name", help="who or what uses it; recorded as the decider of its review decisions")
    create.add_argument("--role", required=True, choices=ROLES)
    listing = actions.add_parser("list", help="active tokens (never their secrets)")
    listing.add_argument("--all", action="store_true", help="include revoked tokens")
    drop = actions.add_parser("revoke", help="stop a token from working")
    drop.add_argument("id", help="the token id (or its name)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sync_pipeline.opstore import OpStoreError
    from sync_pipeline.service.tokens import TokenError, create_token, list_tokens, revoke

    try:
        if args.action == "create":
            record, plaintext = create_token(args.name, args.role, os.environ.get("USER") or getpass.getuser())
            print(plaintext)
            print(f"token {record.token_id} for {record.name!r} ({record.role}); it is shown only this once",
                  file=sys.stderr)
        elif args.action == "list":
            for t in list_tokens(include_revoked=args.all):
                print(f"{t.token_id}  {t.role:<9} {t.name:<30} created {t.created_at[:16]} by {t.created_by}"
                      + (f"  revoked {t.revoked_at[:16]}" if t.revoked_at else ""))
        else:
            record = revoke(args.id)
            print(f"revoked {record.token_id} ({record.name!r}, {record.role})")
    except TokenError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OpStoreError as exc:
        print(f"sync-pipeline tokens: {exc}", file=sys.stderr)
        return 2
    return 0
