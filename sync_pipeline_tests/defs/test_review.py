"""The review loop end to end: a flagged line decided through the CLI, its takeoffs re-processed (by the
sensor, or in process with --apply), the platform's requirements replaced once, later takeoffs matched."""

from __future__ import annotations

import argparse
import csv
import os

import dagster as dg
import pytest

from sync_pipeline.cli import dictionary, review
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.review_sensor import review_decisions_sensor
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.simulator.generator import generate
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline.warehouse import learned
from sync_pipeline.warehouse.mappings import FlaggedLine, flagged_lines

# Two takeoffs give plenty of lines to review and keep each test's syncs short.
TWO_TAKEOFFS = generate(11, approved_takeoffs=2)


@pytest.fixture
def sim():
    with SimulatorServer(data=TWO_TAKEOFFS) as server:
        yield server


def review_cli(*argv: str) -> int:
    """`sync-pipeline review ...` (the same handler whether or not the main command lists it yet)."""
    parser = argparse.ArgumentParser()
    review.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["review", *argv])
    return args.handler(args)


def dictionary_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    dictionary.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["dictionary", *argv])
    return args.handler(args)


@pytest.fixture
def synced(defs, instance, store, warehouse_path, monkeypatch):
    assert run_sync(defs, instance).ok
    monkeypatch.setenv("SYNC_WAREHOUSE_PATH", str(warehouse_path))
    monkeypatch.setenv("USER", "dana")


def convertible(line: FlaggedLine) -> bool:
    """A review line whose best candidate is stocked in the unit the line is written in (no conversion doubt)."""
    return line.status == "review" and bool(line.candidates) and line.candidates[0].uom == line.uom_code


def requirement_history(sim, takeoff_id: str) -> list[dict]:
    return [r for r in sim.state.snapshot()["material_requirements"]["history"] if r["source_document"] == takeoff_id]


def test_confirmed_line_is_reprocessed_by_the_sensor_and_matches_later_takeoffs(synced, defs, sim, instance, store,
                                                                                capsys):
    # A new takeoff, not yet synced, that repeats a description still waiting for review.
    line = next(line for line in flagged_lines(store) if convertible(line))
    later = sim.state.approve_takeoff(line_count=5, copying=[{"description": line.description,
                                                              "quantity": line.quantity, "uom": line.unit}])
    assert review_cli("list", "--takeoff", line.takeoff_id) == 0
    assert line.line_id in capsys.readouterr().out
    assert review_cli("show", line.line_id, "--takeoff", line.takeoff_id) == 0
    shown = capsys.readouterr().out
    assert line.reason in shown and line.best in shown and line.candidates[0].description in shown

    created = sim.state.snapshot()["counts"]["records_created"]
    before = len(requirement_history(sim, line.takeoff_id))
    assert review_cli("confirm", line.line_id, "--takeoff", line.takeoff_id) == 0
    [mapping] = store.query("SELECT * FROM manual_mappings").to_dicts()
    assert (mapping["sku"], mapping["action"], mapping["decided_by"], mapping["superseded_at"]) == \
        (line.best, "confirm", "dana", None)
    assert line.line_id not in {l.line_id for l in flagged_lines(store)}   # decided, waiting to be re-processed

    context = dg.build_sensor_context(instance=instance, resources={"warehouse": defs.resources["warehouse"]})
    result = review_decisions_sensor(context)
    affected = {r.partition_key for r in result.run_requests}
    assert line.takeoff_id in affected and later["id"] not in affected   # the later takeoff is not fetched yet
    assert all(str(mapping["mapping_id"]) in r.run_key for r in result.run_requests)
    job = defs.resolve_job_def(takeoff_job.name)
    for request in result.run_requests:
        assert job.execute_in_process(instance=instance, partition_key=request.partition_key,
                                      tags=request.tags).success

    # Each affected takeoff's requirements were replaced exactly once, now with the confirmed SKU.
    assert sim.state.snapshot()["counts"]["records_created"] == created + len(affected)
    assert len(requirement_history(sim, line.takeoff_id)) == before + 1
    [current] = [r for r in sim.state.snapshot()["material_requirements"]["current"]
                 if r["source_document"] == line.takeoff_id]
    assert line.best in {l["sku"] for l in current["lines"]}
    assert line.line_id in next(l for l in current["lines"] if l["sku"] == line.best)["source_line_ids"]

    # Nothing new: the next tick requests nothing, and re-running the same request creates nothing.
    again = review_decisions_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor,
                                                            resources={"warehouse": defs.resources["warehouse"]}))
    assert again.run_requests == [] and again.skip_reason
    assert job.execute_in_process(instance=instance, partition_key=line.takeoff_id,
                                  tags=result.run_requests[0].tags).success
    assert sim.state.snapshot()["counts"]["records_created"] == created + len(affected)

    # The later takeoff matches the same description automatically.
    assert run_sync(defs, instance).ok
    matched = store.query("SELECT status, method, sku FROM match_results WHERE takeoff_id = ? AND "
                          "description_key = ?", [later["id"], line.description_key])
    assert matched.height >= 1 and set(matched.iter_rows()) == {("matched", "mapping", line.best)}


def test_export_import_round_trip_applies_good_rows_and_reports_bad_ones(synced, sim, instance, store, tmp_path,
                                                                         monkeypatch, capsys):
    exported = tmp_path / "review.csv"
    assert review_cli("export", "--out", str(exported)) == 0
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")   # the BOM spreadsheets need for UTF-8
    with exported.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(flagged_lines(store)) and {"decision", "sku", "candidate_1_description"} <= set(rows[0])
    assert all(r["decision"] == r["sku"] == "" for r in rows)

    # One row per description, so each decision stands on its own.
    by_key = {}
    for row, line in zip(rows, flagged_lines(store)):
        if line.status == "review" and len(line.candidates) >= 2:
            by_key.setdefault(line.description_key, (row, line))
    (confirm, c_line), (correct, k_line), (reject, r_line), (unknown, _), (bad, _) = list(by_key.values())[:5]
    confirm["decision"] = "Confirm"                     # case does not matter; empty sku = the best candidate
    correct.update(decision="correct", sku=k_line.candidates[1].sku)
    reject["decision"] = "reject"
    unknown.update(decision="correct", sku="NOPE-0001")
    bad["decision"] = "approve"
    with exported.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    numbers = {id(row): n for n, row in enumerate(rows, start=2)}

    # --apply re-processes in this process, configured like `sync` from the environment; the Dagster
    # instance is the test's own (instance_for_test points DAGSTER_HOME at it while the test runs).
    for name, value in {"PM_API_URL": sim.pm_url, "PM_CLIENT_ID": sim.pm_client_id,
                        "PM_CLIENT_SECRET": sim.pm_client_secret, "INVENTORY_API_URL": sim.inventory_url,
                        "INVENTORY_API_TOKEN": sim.inventory_token}.items():
        monkeypatch.setenv(name, value)
    assert os.environ["DAGSTER_HOME"] == instance.root_directory
    created = sim.state.snapshot()["counts"]["records_created"]
    assert review_cli("import", str(exported), "--by", "sam", "--apply") == 1
    out, err = capsys.readouterr()
    assert f"row {numbers[id(unknown)]}, column sku: SKU NOPE-0001 is not in the catalog" in err
    assert f"row {numbers[id(bad)]}, column decision: 'approve' is not a decision" in err
    assert "3 decision(s) applied, 2 row(s) with errors not applied" in out

    decided = store.query("SELECT description_key, sku, action, decided_by FROM manual_mappings "
                          "WHERE superseded_at IS NULL ORDER BY mapping_id")
    assert decided.rows() == [(c_line.description_key, c_line.best, "confirm", "sam"),
                              (k_line.description_key, k_line.candidates[1].sku, "correct", "sam"),
                              (r_line.description_key, None, "reject", "sam")]
    remaining = {l.description_key for l in flagged_lines(store)}
    assert not remaining & {c_line.description_key, k_line.description_key, r_line.description_key}
    rejected = store.query("SELECT status, sku, method, reason FROM match_results WHERE takeoff_id = ? AND "
                           "line_id = ? ORDER BY matched_at DESC LIMIT 1", [r_line.takeoff_id, r_line.line_id])
    assert rejected.rows() == [("unmatched", None, "mapping", "not in the catalog (decided by sam)")]
    assert "re-processed:" in out
    assert sim.state.snapshot()["counts"]["records_created"] > created
    [current] = [r for r in sim.state.snapshot()["material_requirements"]["current"]
                 if r["source_document"] == c_line.takeoff_id]
    assert c_line.best in {l["sku"] for l in current["lines"]} or c_line.candidates[0].uom != c_line.uom_code

    # Importing the same file again changes nothing.
    assert review_cli("import", str(exported)) == 1
    assert "already so; nothing changed" in capsys.readouterr().out
    assert store.query("SELECT count(*) AS n FROM manual_mappings")["n"][0] == 3


def test_decisions_keep_history_and_validate_skus(synced, store, capsys):
    line = next(l for l in flagged_lines(store) if l.status == "review" and len(l.candidates) >= 2)
    where = ["--takeoff", line.takeoff_id]
    assert review_cli("correct", line.line_id, *where, "--sku", "NOPE-1") == 1
    assert "SKU NOPE-1 is not in the catalog" in capsys.readouterr().err
    inactive = store.query("SELECT sku FROM catalog_products WHERE NOT active LIMIT 1")["sku"].to_list()
    if inactive:
        assert review_cli("correct", line.line_id, *where, "--sku", inactive[0]) == 1
        assert "no longer active" in capsys.readouterr().err
    other = store.query("SELECT sku FROM catalog_products WHERE active AND NOT list_contains(?, sku) LIMIT 1",
                        [[c.sku for c in line.candidates]])["sku"][0]
    assert review_cli("confirm", line.line_id, *where, "--sku", other) == 1
    assert "use correct" in capsys.readouterr().err

    assert review_cli("confirm", line.line_id, *where, "--by", "ana") == 0
    assert review_cli("correct", line.line_id, *where, "--sku", line.candidates[1].sku.lower(), "--by", "bo") == 0
    assert review_cli("reject", line.line_id, *where) == 0
    history = store.query("SELECT sku, action, decided_by, superseded_at IS NULL AS in_force FROM manual_mappings "
                          "ORDER BY mapping_id").rows()
    assert history == [(line.best, "confirm", "ana", False), (line.candidates[1].sku, "correct", "bo", False),
                       (None, "reject", "dana", True)]
    assert review_cli("show", line.line_id, *where) == 0
    assert "decision:     reject by dana" in capsys.readouterr().out


def test_a_confirmed_line_teaches_its_spelling_to_later_descriptions_until_reverted(synced, defs, sim, instance,
                                                                                    store, capsys):
    clevis = dict(store.query("SELECT description, sku FROM catalog_products "
                              "WHERE description IN ('HANGER CLEVIS GALV 1/2 IN', 'HANGER CLEVIS GALV 3/4 IN')").rows())

    def takeoff_with(description: str) -> str:
        takeoff = sim.state.approve_takeoff(line_count=2, copying=[{"description": description, "quantity": 10,
                                                                     "uom": "EA"}])
        assert run_sync(defs, instance).ok
        return takeoff["id"]

    def result(takeoff_id: str, description: str) -> tuple:
        return store.query("SELECT status, sku FROM match_results WHERE takeoff_id = ? AND description = ?",
                           [takeoff_id, description]).row(0)

    # "cle" is too short to read unaided: the line cannot tell a clevis hanger from a split-ring one.
    first = takeoff_with("hanger cle galv 1/2 in")
    [line] = [l for l in flagged_lines(store, takeoff_id=first) if l.description == "hanger cle galv 1/2 in"]
    assert result(first, "hanger cle galv 1/2 in")[0] == "review"
    assert review_cli("confirm", line.line_id, "--takeoff", first, "--sku", clevis["HANGER CLEVIS GALV 1/2 IN"]) == 0
    assert "learned: 'cle' is read as" in capsys.readouterr().out
    [entry] = learned.list_entries(store)
    assert (entry.kind, entry.term, entry.learned_by, entry.evidence) == \
        ("word", "cle", "dana", ["hanger cle galv 1/2 in"])
    assert dictionary_cli("list") == 0
    assert f"{entry.entry_id[:12]}  word  'cle' -> '{entry.canonical}'" in capsys.readouterr().out

    # Another description with the same spelling, in a later takeoff, matches by itself (no mapping covers it).
    later = takeoff_with("hanger cle galv 3/4 in")
    assert result(later, "hanger cle galv 3/4 in") == ("matched", clevis["HANGER CLEVIS GALV 3/4 IN"])

    # Reverted, the entry no longer applies: the same description goes to review again.
    assert dictionary_cli("revert", entry.entry_id[:12], "--by", "lee") == 0
    assert learned.entries_in_force(store).height == 0
    after = takeoff_with("hanger cle galv 3/4 in")
    assert result(after, "hanger cle galv 3/4 in")[0] == "review"
