"""The learned dictionary in the warehouse, the `dictionary` command, and mapping keys that survive dictionaries."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

import polars as pl
import pytest

from sync_pipeline.cli import dictionary as dictionary_command
from sync_pipeline.warehouse import learned
from sync_pipeline.warehouse.mappings import ensure_text_keys
from sync_pipeline.warehouse.store import Warehouse

NOW = datetime(2026, 1, 5, tzinfo=timezone.utc)


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Warehouse:
    store = Warehouse(tmp_path / "warehouse")
    store.migrate()
    monkeypatch.setenv("SYNC_WAREHOUSE_PATH", store.location.catalog)
    return store


def entries(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return pl.DataFrame({"kind": [r[0] for r in rows], "term": [r[1] for r in rows], "canonical": [r[2] for r in rows],
                         "how": ["spelling"] * len(rows), "evidence_count": [1] * len(rows),
                         "evidence": [["4 in clst flange"]] * len(rows)})


def test_entries_are_recorded_once_reverted_and_not_relearned(warehouse):
    [first] = learned.record(warehouse, entries(("word", "clst", "closet")), "dana")
    assert learned.record(warehouse, entries(("word", "clst", "closet")), "lee") == []
    assert learned.entries_in_force(warehouse).rows() == [("word", "clst", "closet")]
    assert learned.revert(warehouse, first, "lee") and not learned.revert(warehouse, first, "lee")
    assert learned.entries_in_force(warehouse).height == 0
    assert learned.record(warehouse, entries(("word", "clst", "closet")), "dana") == []  # ops undid it
    [entry] = learned.list_entries(warehouse, include_reverted=True)
    assert (entry.learned_by, entry.reverted_by, entry.evidence) == ("dana", "lee", ["4 in clst flange"])


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    dictionary_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.handler(args)


def test_dictionary_command_lists_shows_and_reverts(warehouse, capsys, monkeypatch):
    [entry_id] = learned.record(warehouse, entries(("unit", "bndl", "BDL")), "dana")
    assert run(["dictionary", "list"]) == 0
    assert "'bndl' -> 'BDL'" in capsys.readouterr().out
    assert run(["dictionary", "show", entry_id[:8]]) == 0
    assert "taught by: '4 in clst flange'" in capsys.readouterr().out
    assert run(["dictionary", "revert", entry_id[:8], "--by", "lee"]) == 0
    assert run(["dictionary", "list"]) == 0
    assert "0 entries" in capsys.readouterr().out


def test_old_mapping_keys_move_to_the_typed_text_and_keep_covering_their_texts(warehouse):
    with warehouse.transaction() as con:
        for line_id, text in (("1", '1/2" EMT conn'), ("2", "1/2 in emt connector")):
            con.execute("INSERT INTO takeoff_line_items (takeoff_id, revision, line_id, line_number, project_id, "
                        "description, description_key, line_status) VALUES ('T', 1, ?, 1, 'P', ?, "
                        "'0.5in connector emt', 'ok')", [line_id, text])
        con.execute("INSERT INTO manual_mappings (mapping_id, description_key, description, sku, action, decided_by, "
                    "decided_at) VALUES (1, '0.5in connector emt', '1/2\" EMT conn', 'K-1', 'confirm', 'dana', ?)",
                    [NOW])
    assert ensure_text_keys(warehouse) and not ensure_text_keys(warehouse)
    mappings = warehouse.query("SELECT description_key, sku FROM manual_mappings WHERE superseded_at IS NULL "
                               "ORDER BY 1")
    assert mappings.rows() == [("1/2 conn emt", "K-1"), ("1/2 connector emt in", "K-1")]
    lines = warehouse.query("SELECT description_key FROM takeoff_line_items ORDER BY line_id")["description_key"]
    assert lines.to_list() == ["1/2 conn emt", "1/2 connector emt in"]


def test_the_pipeline_moves_old_mapping_keys_on_first_use_of_the_warehouse(tmp_path, monkeypatch):
    from sync_pipeline.defs import resources

    store = Warehouse(tmp_path / "old")
    store.migrate()
    with store.transaction() as con:
        con.execute("INSERT INTO manual_mappings (mapping_id, description_key, description, sku, action, decided_by, "
                    "decided_at) VALUES (1, '0.5in connector emt', '1/2\" EMT conn', 'K-1', 'confirm', 'dana', ?)",
                    [NOW])
    monkeypatch.setattr(resources, "_migrated", set())
    resource = resources.WarehouseResource(path=str(tmp_path / "old"))
    resource.store()
    assert store.query("SELECT description_key FROM manual_mappings")["description_key"].to_list() == ["1/2 conn emt"]
    assert store.query("SELECT value FROM sync_state WHERE name = 'description_key_form'").height == 1
    assert not ensure_text_keys(store)  # done once: the next process only reads the mark


def test_a_line_the_matcher_found_rejected_is_not_asked_about_again(warehouse):
    from sync_pipeline.warehouse.mappings import flagged_lines

    # Two unmatched lines; the first was rejected through a decision on another text read the same way.
    with warehouse.transaction() as con:
        for line_id, method, reason in (("1", "mapping", "not in the catalog (decided by dana)"),
                                        ("2", "none", "no catalog product resembles this description")):
            con.execute("INSERT INTO match_results (takeoff_id, revision, line_id, project_id, description, "
                        "description_key, status, confidence, method, candidates, reason, catalog_snapshot_id, "
                        "matched_at) VALUES ('T', 1, ?, 'P', ?, ?, 'unmatched', 1.0, ?, [], ?, 1, ?)",
                        [line_id, f"owner furnished item {line_id}", f"{line_id} furnished item owner", method,
                         reason, NOW])
    assert [line.line_id for line in flagged_lines(warehouse)] == ["2"]
