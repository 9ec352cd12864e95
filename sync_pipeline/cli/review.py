"""`sync-pipeline review list|show|confirm|correct|reject|export|import`: the review queue for operations staff.

A decision is saved in the manual mapping table and applies to every line with the same
description, now and in later takeoffs; what a confirmed or corrected line reveals (spellings,
abbreviations, unit spellings) is learned for other descriptions too (`sync-pipeline dictionary`). The takeoffs it changes are re-processed by the
`review_decisions_sensor` when the Dagster daemon runs, or right away with --apply.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import os
import sys
from pathlib import Path

from sync_pipeline.config import warehouse_settings_from_env
from sync_pipeline.warehouse.decisions import Recorded, record_decisions
from sync_pipeline.warehouse.mappings import (ACTIONS, Decision, FlaggedLine, ReviewError, decide, find_line,
                                              flagged_lines, mapping_in_force)
from sync_pipeline.warehouse.store import Warehouse

CANDIDATE_COLUMNS = 3
EXPORT_COLUMNS = ["line_id", "takeoff_id", "takeoff_name", "project_id", "description", "quantity", "unit",
                  "status", "why_flagged",
                  *[f"candidate_{n}_{part}" for n in range(1, CANDIDATE_COLUMNS + 1)
                    for part in ("sku", "description")],
                  "decision", "sku"]
PAST = {"confirm": "confirmed as", "correct": "corrected to", "reject": "rejected (not in the catalog)"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review", help="lines waiting for a person: list, show, confirm, correct, reject, export, import",
        description="Lines the matcher was not sure about. A decision applies to every line with the same "
                    "description, now and in later takeoffs.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="lines waiting for a decision, with their best candidates")
    _filters(listing)
    show = actions.add_parser("show", help="one line: its candidates and why it was flagged")
    show.add_argument("line_id")
    show.add_argument("--takeoff", help="the takeoff, when the line id is in several")
    for name, text in (("confirm", "accept a candidate (the best one unless --sku names another)"),
                       ("correct", "use another SKU than the candidates"),
                       ("reject", "the item is not in the catalog")):
        decision = actions.add_parser(name, help=text)
        decision.add_argument("line_id")
        decision.add_argument("--takeoff", help="the takeoff, when the line id is in several")
        if name != "reject":
            decision.add_argument("--sku", required=name == "correct", help="the catalog SKU")
        _decider(decision)
    export = actions.add_parser("export", help="write the waiting lines to a CSV file to decide in a spreadsheet")
    export.add_argument("--out", required=True, type=Path, help="the CSV file to write")
    _filters(export)
    load = actions.add_parser("import", help="apply the decisions filled in an exported CSV file")
    load.add_argument("file", type=Path)
    _decider(load)
    parser.set_defaults(handler=run)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", help="only this project")
    parser.add_argument("--takeoff", help="only this takeoff")


def _decider(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", help="who decides (default: your user name)")
    parser.add_argument("--apply", action="store_true",
                        help="re-process the affected takeoffs now instead of waiting for the Dagster daemon")


def run(args: argparse.Namespace) -> int:
    store = warehouse_settings_from_env().store()
    store.migrate()
    try:
        return HANDLERS[args.action](store, args)
    except ReviewError as exc:
        print(exc, file=sys.stderr)
        return 1


def _candidates(line: FlaggedLine, indent: str = "    ") -> list[str]:
    return [f"{indent}{n}. {c.sku}  {c.description or '(not in the current catalog)'}"
            + (f"  [stock unit {c.uom}]" if c.uom else "") for n, c in enumerate(line.candidates, start=1)]


def _quantity(line: FlaggedLine) -> str:
    return f"{line.quantity:g} {line.unit or ''}".strip() if line.quantity is not None else "(no quantity)"


def _list(store: Warehouse, args: argparse.Namespace) -> int:
    lines = flagged_lines(store, args.project, args.takeoff)
    if not lines:
        print("nothing to review")
        return 0
    print(f"{len(lines)} line(s) to review")
    for line in lines:
        print(f"\n{line.line_id}  takeoff {line.takeoff_id}  project {line.project_id}  {line.status}")
        print(f"    \"{line.description}\"  {_quantity(line)}")
        print("\n".join(_candidates(line)[:CANDIDATE_COLUMNS]) or "    no candidates")
    return 0


def _show(store: Warehouse, args: argparse.Namespace) -> int:
    line = find_line(store, args.line_id, args.takeoff)
    in_force = mapping_in_force(store, line.description_key) if line.description_key else None
    print(f"line {line.line_id} of takeoff {line.takeoff_id} revision {line.revision}"
          + (f" \"{line.takeoff_name}\"" if line.takeoff_name else "") + f", project {line.project_id}")
    print(f"description:  {line.description}")
    print(f"quantity:     {_quantity(line)}")
    print(f"status:       {line.status} (confidence {line.confidence:.2f}, method {line.method})")
    print(f"why:          {line.reason}")
    print("candidates:\n" + ("\n".join(_candidates(line)) or "    none"))
    if in_force is not None:
        print(f"decision:     {in_force.action}{' ' + in_force.sku if in_force.sku else ''} by {in_force.decided_by} "
              f"on {in_force.decided_at:%Y-%m-%d %H:%M}")
    print(f"to decide:    sync-pipeline review confirm {line.line_id}   (or correct {line.line_id} --sku SKU, "
          f"or reject {line.line_id})")
    return 0


def _decided_by(args: argparse.Namespace) -> str:
    return args.by or os.environ.get("USER") or getpass.getuser()


def _describe(decision: Decision) -> str:
    sku = f" {decision.sku}" if decision.sku else ""
    return f"{decision.line.line_id} \"{decision.line.description}\" {PAST[decision.action]}{sku}"


def _decide_one(store: Warehouse, args: argparse.Namespace) -> int:
    line = find_line(store, args.line_id, args.takeoff)
    decision = decide(store, line, args.action, getattr(args, "sku", None))
    recorded = record_decisions(store, [decision], _decided_by(args))
    _learned(recorded)
    [mapping_id] = recorded.mapping_ids
    if mapping_id is None:
        print(f"{line.line_id}: that is already the decision in force; nothing changed")
        return 0
    print(_describe(decision) + "; it applies to every line with this description")
    return _reprocess(args, mapping_id - 1)


def _learned(recorded: Recorded) -> None:
    for entry in recorded.learned:
        print(f"learned: {entry.term!r} is read as {entry.canonical!r} ({entry.kind} {entry.how}; "
              f"undo with: sync-pipeline dictionary revert {entry.entry_id[:12]})")


def _reprocess(args: argparse.Namespace, after_mapping_id: int) -> int:
    """With --apply, re-process the affected takeoffs in this process; otherwise say what will."""
    if not args.apply:
        print("the affected takeoffs are re-processed by the Dagster daemon (or now, with --apply)")
        return 0
    # Imported here so the review commands without --apply need neither Dagster nor the endpoints.
    from sync_pipeline.config import ConfigError
    from sync_pipeline.defs.review_sensor import reprocess_from_env

    try:
        summary = reprocess_from_env(after_mapping_id)
    except ConfigError as exc:
        print(f"the decision is saved, but re-processing needs the configuration: {exc}", file=sys.stderr)
        return 2
    print(f"re-processed: {', '.join(summary.revisions) or 'no takeoff uses this description yet'}")
    for label, reason in summary.failures.items():
        print(f"FAILED {label}: {reason}", file=sys.stderr)
    return 1 if summary.failures else 0


def _export(store: Warehouse, args: argparse.Namespace) -> int:
    lines = flagged_lines(store, args.project, args.takeoff)
    # UTF-8 with a byte-order mark: spreadsheet programs then read accents and inch marks correctly.
    with args.out.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, EXPORT_COLUMNS)
        writer.writeheader()
        for line in lines:
            row = {"line_id": line.line_id, "takeoff_id": line.takeoff_id, "takeoff_name": line.takeoff_name,
                   "project_id": line.project_id, "description": line.description,
                   "quantity": "" if line.quantity is None else f"{line.quantity:g}", "unit": line.unit,
                   "status": line.status, "why_flagged": line.reason, "decision": "", "sku": ""}
            for n, candidate in enumerate(line.candidates[:CANDIDATE_COLUMNS], start=1):
                row[f"candidate_{n}_sku"], row[f"candidate_{n}_description"] = candidate.sku, candidate.description
            writer.writerow(row)
    print(f"{len(lines)} line(s) written to {args.out}; fill in decision ({', '.join(ACTIONS)}) and, for correct, "
          f"sku; then: sync-pipeline review import {args.out}")
    return 0


def _read_rows(path: Path) -> list[dict[str, str]]:
    """The CSV as saved by a spreadsheet: UTF-8 (with or without BOM) or Windows-1252, comma or semicolon."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in ("line_id", "decision", "sku") if c not in reader.fieldnames]
    if missing:
        raise ReviewError(f"{path} has no column {', '.join(missing)}; start from a file made by review export")
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _import(store: Warehouse, args: argparse.Namespace) -> int:
    decisions: list[tuple[int, Decision]] = []
    errors: list[str] = []
    undecided = 0
    by_description: dict[str, tuple[int, str | None]] = {}
    for number, row in enumerate(_read_rows(args.file), start=2):  # row 1 is the header, as a spreadsheet counts
        action = row["decision"].lower()
        if not action:
            undecided += 1
            continue
        try:
            if not row["line_id"]:
                raise ReviewError("the line id is empty", "line_id")
            decision = decide(store, find_line(store, row["line_id"], row.get("takeoff_id") or None), action,
                              row["sku"])
            earlier = by_description.setdefault(decision.line.description_key, (number, decision.sku))
            if earlier[1] != decision.sku:
                raise ReviewError(f"row {earlier[0]} has the same description and decides differently; "
                                  "keep one of the two", "decision")
        except ReviewError as exc:
            errors.append(f"row {number}, column {exc.column or 'line_id'}: {exc}")
            continue
        decisions.append((number, decision))
    recorded = record_decisions(store, [d for _, d in decisions], _decided_by(args))
    ids = recorded.mapping_ids
    for (number, decision), mapping_id in zip(decisions, ids):
        print(f"row {number}: {_describe(decision)}" + ("" if mapping_id else " (already so; nothing changed)"))
    _learned(recorded)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(decisions)} decision(s) applied, {len(errors)} row(s) with errors not applied, "
          f"{undecided} row(s) left undecided")
    new = [i for i in ids if i is not None]
    status = _reprocess(args, min(new) - 1) if new else 0
    return 1 if errors else status


HANDLERS = {"list": _list, "show": _show, "confirm": _decide_one, "correct": _decide_one, "reject": _decide_one,
            "export": _export, "import": _import}
