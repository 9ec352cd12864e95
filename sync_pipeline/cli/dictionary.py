"""`sync-pipeline dictionary`: what the matcher learned from reviewers' decisions, and undoing it.

    sync-pipeline dictionary list [--all]
    sync-pipeline dictionary show ENTRY_ID
    sync-pipeline dictionary revert ENTRY_ID [--by NAME]
    sync-pipeline dictionary suggest --from-history [--apply] [--by NAME]
"""

from __future__ import annotations

import argparse
import getpass
import os

from sync_pipeline.config import warehouse_settings_from_env
from sync_pipeline.core.learning import learn_from_decisions
from sync_pipeline.defs.catalog_index import catalog_index_for
from sync_pipeline.warehouse import learned
from sync_pipeline.warehouse.store import Warehouse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("dictionary", help="learned dictionary entries: list, show, revert, suggest",
                                   description="Spellings, abbreviations and units the matcher learned from "
                                               "decided lines, with their evidence.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="entries in force")
    listing.add_argument("--all", action="store_true", help="reverted entries too")
    show = actions.add_parser("show", help="one entry with its evidence")
    show.add_argument("entry_id", help="the entry id (a unique prefix will do)")
    undo = actions.add_parser("revert", help="take an entry out of force")
    undo.add_argument("entry_id")
    undo.add_argument("--by", help="who reverts (default: your user name)")
    suggest = actions.add_parser("suggest", help="candidate entries mined from matched and decided lines")
    suggest.add_argument("--from-history", action="store_true", required=True,
                         help="mine the warehouse's matched and decided lines")
    suggest.add_argument("--apply", action="store_true", help="record the suggestions as learned entries")
    suggest.add_argument("--by", help="who applies them (default: your user name)")
    parser.set_defaults(handler=run)


def _who(args: argparse.Namespace) -> str:
    return getattr(args, "by", None) or os.environ.get("USER") or getpass.getuser()


def _line(entry: learned.LearnedEntry) -> str:
    state = f"reverted by {entry.reverted_by}" if entry.reverted_at else "in force"
    return (f"{entry.entry_id[:12]}  {entry.kind:4s}  {entry.term!r} -> {entry.canonical!r}  ({entry.how}, "
            f"{entry.evidence_count} decision{'s' * (entry.evidence_count != 1)}; {entry.learned_by} "
            f"{entry.learned_at:%Y-%m-%d}; {state})")


def run(args: argparse.Namespace) -> int:
    store = warehouse_settings_from_env().store()
    store.migrate()
    if args.action == "list":
        entries = learned.list_entries(store, include_reverted=args.all)
        for entry in entries:
            print(_line(entry))
        print(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}")
        return 0
    if args.action in ("show", "revert"):
        entry = learned.find_entry(store, args.entry_id)
        if entry is None:
            print(f"error: no single entry with id {args.entry_id}")
            return 1
        if args.action == "show":
            print(_line(entry))
            for description in entry.evidence:
                print(f"  taught by: {description!r}")
            return 0
        if not learned.revert(store, entry.entry_id, _who(args)):
            print(f"entry {entry.entry_id[:12]} was already reverted")
            return 1
        print(f"reverted {entry.entry_id[:12]}: {entry.term!r} is no longer read as {entry.canonical!r}")
        return 0
    index, _ = catalog_index_for(store)
    suggestions = learn_from_decisions(index, learned.decided_history(store), learned.entries_in_force(store))
    for row in suggestions.iter_rows(named=True):
        print(f"{row['kind']:4s}  {row['term']!r} -> {row['canonical']!r}  ({row['how']}, {row['evidence_count']} "
              f"decision(s), e.g. {row['evidence'][0]!r})")
    if args.apply:
        ids = learned.record(store, suggestions, _who(args))
        print(f"{len(ids)} new entries recorded ({suggestions.height - len(ids)} already known or reverted)")
    else:
        print(f"{suggestions.height} suggestion(s); --apply records them")
    return 0
