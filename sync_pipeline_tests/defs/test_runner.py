"""`sync` end to end against the simulator: idempotent, quarantines bad lines, isolates failures."""

from __future__ import annotations

import polars as pl

from sync_pipeline.defs.runner import run_sync
from sync_pipeline.simulator.faults import ErrorRule, Faults


def approved_revisions(sim) -> set[str]:
    return {f"{t['id']}@{t['revision']}" for t in sim.state.takeoff_revisions() if t["status"] == "approved"}


def test_second_sync_writes_nothing_new(defs, sim, instance, store):
    first = run_sync(defs, instance)
    assert first.ok and set(first.revisions) == approved_revisions(sim)
    assert first.requirements_created == len(first.revisions)
    created = sim.state.snapshot()["counts"]["records_created"]
    assert created == first.requirements_created + first.drafts_created + first.quote_requests_created

    second = run_sync(defs, instance)
    assert second.ok and second.revisions == [] and second.requirements_created == 0
    assert second.drafts_created == second.quote_requests_created == 0
    assert sim.state.snapshot()["counts"]["records_created"] == created   # checked on the platform side
    # What was drafted counts as on order, so nothing is even re-posted.
    events = store.query("SELECT status, count(*) AS n FROM integration_events GROUP BY 1")
    assert dict(events.iter_rows()).get("replayed", 0) == second.documents_replayed == 0


def test_bad_lines_are_quarantined_and_the_rest_goes_through(defs, sim, instance, store):
    assert run_sync(defs, instance).ok
    lines = store.query("SELECT * FROM takeoff_line_items")
    bad = lines.filter(pl.col("line_status") == "quarantined")
    assert bad.height > 0, "the generated takeoffs include bad lines"
    reasons = " ".join(bad["quarantine_reason"])
    assert any(word in reasons for word in ("empty description", "negative quantity", "unparseable quantity",
                                            "missing unit"))
    for takeoff_id in bad["takeoff_id"].unique():
        others = store.query("SELECT status FROM match_results WHERE takeoff_id = ? AND reason NOT LIKE "
                             "'quarantined:%'", [takeoff_id])
        assert others.height > 0 and (others["status"] == "matched").any()
        assert store.query("SELECT write_status FROM requirement_writes WHERE takeoff_id = ?",
                           [takeoff_id])["write_status"].to_list() == ["created"]


def test_one_failing_takeoff_does_not_sink_the_others_and_is_retried_next_time(defs, sim, instance, store):
    failing = sorted(approved_revisions(sim))[0]
    takeoff_id = failing.split("@")[0]
    sim.state.set_faults(Faults(errors={f"/v1/takeoffs/{takeoff_id}": ErrorRule(rate=1.0, status=503,
                                                                                 retry_after_seconds=0)}))
    summary = run_sync(defs, instance)
    assert list(summary.failures) == [failing] and "503" in summary.failures[failing]
    assert summary.requirements_created == len(approved_revisions(sim)) - 1
    failed_attempts = store.query("SELECT count(*) AS n FROM integration_events WHERE entity = ? AND "
                                  "status = 'transient_error'", [failing])["n"][0]
    assert failed_attempts == 4   # every attempt is in the event log

    sim.state.set_faults(Faults())
    retry = run_sync(defs, instance)
    assert retry.ok and retry.revisions == [failing] and retry.requirements_created == 1


def test_status_reports_the_queues_after_a_sync(defs, sim, instance, store, warehouse_path, monkeypatch, capsys):
    from sync_pipeline.cli import main

    assert run_sync(defs, instance).ok
    monkeypatch.setenv("SYNC_WAREHOUSE_PATH", str(warehouse_path))
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    review = store.query("SELECT count(*) AS n FROM match_results WHERE status = 'review'")["n"][0]
    assert f"review queue:          {review} lines to review" in out
    assert "dead letters:          0 open" in out and "inventory closed" in out
