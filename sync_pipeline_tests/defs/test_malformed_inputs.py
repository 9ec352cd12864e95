"""`sync` end to end with malformed inputs: each gets a clear error, a dead letter or a quarantine,
and the rest of the work goes through."""

from __future__ import annotations

import polars as pl

from sync_pipeline.cli import main
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.simulator.faults import Faults
from sync_pipeline.simulator.malformed import BAD_LINES, ONE_MEGABYTE, MalformedRule
from sync_pipeline.warehouse.dead_letters import list_dead_letters
from sync_pipeline_tests.defs.intake import approved_keys


def _attempts(store, entity: str) -> list[str]:
    return store.query("SELECT status FROM integration_events WHERE entity = ? AND operation = 'get_takeoff' "
                       "ORDER BY occurred_at", [entity])["status"].to_list()


def test_an_unreadable_takeoff_and_one_in_the_wrong_shape_fail_alone_and_sync_once_fixed(defs, sim, instance,
                                                                                         store):
    approved = sorted(approved_keys(sim))
    wrong_shape, unreadable = approved[0], approved[1]
    sim.state.set_faults(Faults(malformed={
        f"/v1/takeoffs/{wrong_shape.split('@')[0]}": MalformedRule(1.0, "wrong_type", "revision"),
        f"/v1/takeoffs/{unreadable.split('@')[0]}": MalformedRule(1.0, "non_utf8"),
    }))
    summary = run_sync(defs, instance)
    assert set(summary.failures) == {wrong_shape, unreadable}
    assert summary.requirements_created == len(approved) - 2
    takeoff_id = wrong_shape.split("@")[0]
    assert (f"GET /v1/takeoffs/{takeoff_id} ({wrong_shape}): field 'revision' is a string, expected an integer"
            in summary.failures[wrong_shape])
    assert _attempts(store, wrong_shape) == ["ok", "permanent_error"], "a broken contract is not retried"
    assert _attempts(store, unreadable) == ["transient_error"] * 4, "an unreadable answer is, then fails visibly"

    sim.state.set_faults(Faults())
    again = run_sync(defs, instance)
    assert again.ok and sorted(again.revisions) == [wrong_shape, unreadable] and again.requirements_created == 2


def test_bad_lines_of_every_kind_are_quarantined_and_the_rest_of_their_takeoff_is_written(defs, sim, instance,
                                                                                          store):
    key = sorted(approved_keys(sim))[0]
    takeoff_id = key.split("@")[0]
    sim.state.plant_bad_lines(takeoff_id, list(BAD_LINES))
    summary = run_sync(defs, instance)
    assert summary.ok and set(summary.revisions) == approved_keys(sim)

    lines = store.query("SELECT * FROM takeoff_line_items WHERE takeoff_id = ? ORDER BY line_number", [takeoff_id])
    reasons = dict(zip(BAD_LINES, lines.tail(len(BAD_LINES))["quarantine_reason"]))
    assert "description longer than 500 characters" in reasons["huge_description"]
    assert "unparseable quantity 'abc'" in reasons["unparseable_quantity"]
    assert "missing unit" in reasons["missing_uom"]
    assert "description has control characters or broken UTF-8" in reasons["broken_utf8_description"]
    assert "description has control characters or broken UTF-8" in reasons["control_characters"]
    assert "description is an object" in reasons["wrong_types"] and "quantity is an array" in reasons["wrong_types"]
    assert reasons["not_an_object"].startswith("line is a string, not an object")
    assert lines["description"].str.len_chars().max() < 1100, "the megabyte is cut before it reaches the tables"
    raw = store.query("SELECT length(payload) AS n FROM raw_takeoffs WHERE takeoff_id = ?", [takeoff_id])
    assert raw["n"][0] > ONE_MEGABYTE, "the fetched payload keeps what was sent"

    matches = store.query("SELECT status FROM match_results WHERE takeoff_id = ? AND reason NOT LIKE "
                          "'quarantined:%'", [takeoff_id])
    assert (matches["status"] == "matched").any()
    held = {r["source_document"] for r in sim.state.snapshot()["material_requirements"]["current"]}
    assert takeoff_id in held


def test_a_summary_in_the_wrong_shape_is_skipped_and_reported_and_the_others_sync(defs, sim, instance, store):
    first = next(t for t in sim.state.takeoff_revisions() if t["status"] == "approved")
    skipped = f"{first['id']}@{first['revision']}"
    sim.state.set_faults(Faults(malformed={"/v1/takeoffs": MalformedRule(1.0, "wrong_type", "revision"),
                                           "/v1/takeoffs/": MalformedRule(0.0)}))
    summary = run_sync(defs, instance)
    assert summary.ok and set(summary.revisions) == approved_keys(sim) - {skipped}
    reported = store.query("SELECT entity, error_type FROM integration_events WHERE operation = 'list_takeoffs' "
                           "AND status = 'permanent_error'")
    assert reported.rows() == [(first["id"], "malformed_response")]

    sim.state.set_faults(Faults())
    again = run_sync(defs, instance)
    assert again.ok and again.revisions == [skipped], "nothing is lost: it syncs once the list reads right"


def test_a_write_answer_in_the_wrong_shape_is_dead_lettered_and_replays_without_a_duplicate(
        defs, sim, instance, store, monkeypatch, warehouse_path):
    sim.state.set_faults(Faults(malformed={"/v2/projects/": MalformedRule(1.0, "missing_field", "id")}))
    summary = run_sync(defs, instance)
    approved = approved_keys(sim)
    assert {label for label in summary.failures if "@" in label} == approved
    letters = list_dead_letters(store).filter(pl.col("operation") == "post_material_requirements")
    assert set(letters["entity"]) == approved and set(letters["error_type"]) == {"malformed_response"}
    history = sim.state.snapshot()["material_requirements"]["history"]
    assert len(history) == len(approved), "each write reached the platform once; only its answer was bad"

    sim.state.set_faults(Faults())
    for name, value in {"PM_API_URL": sim.pm_url, "PM_CLIENT_ID": sim.pm_client_id,
                        "PM_CLIENT_SECRET": sim.pm_client_secret, "INVENTORY_API_URL": sim.inventory_url,
                        "INVENTORY_API_TOKEN": sim.inventory_token, "SYNC_WAREHOUSE_PATH": str(warehouse_path)
                        }.items():
        monkeypatch.setenv(name, value)
    assert main(["dead-letters", "replay", "--all"]) == 0
    assert list_dead_letters(store).height == 0
    assert sim.state.snapshot()["material_requirements"]["history"] == history, "replays created nothing new"
