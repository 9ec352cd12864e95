"""Monitoring: the health figures, their checks at the configured thresholds, and `sync-pipeline status`."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import dagster as dg
import pytest

from sync_pipeline.cli import main
from sync_pipeline.config import ConfigError, monitor_settings_from_env
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.monitoring import monitoring_schedule, pipeline_health
from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.resources import WarehouseResource
from sync_pipeline.defs.runner import run_sync
from sync_pipeline.warehouse.monitoring import MONITORS, format_figure, health
from sync_pipeline.warehouse.store import next_id
from sync_pipeline_tests.alert_receiver import receiver  # noqa: F401 - a fixture


def now() -> datetime:
    return datetime.now(timezone.utc)


def checks_by_name(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def verdict(evaluation: dg.AssetCheckEvaluation) -> str:
    if evaluation.passed:
        return "ok"
    return "fail" if evaluation.severity == dg.AssetCheckSeverity.ERROR else "warn"


def test_after_a_healthy_sync_the_scheduled_run_records_the_figures_and_every_check_passes(defs, sim, instance,
                                                                                          monkeypatch):
    # How fast is for benchmarks/intake_latency.py: on a busy machine this sync can take over 60 s.
    monkeypatch.setenv("SYNC_MONITOR_LATENCY_P95_SECONDS_WARN", "off")
    monkeypatch.setenv("SYNC_MONITOR_LATENCY_P95_SECONDS_FAIL", "off")
    sim.state.approve_takeoff(line_count=4)   # approved now: its approval-to-written time is measured
    assert run_sync(defs, instance).ok
    # The sync itself recorded the figures: the UI need not wait for the schedule.
    assert instance.get_latest_materialization_event(dg.AssetKey("pipeline_health")) is not None
    context = dg.build_schedule_context(instance=instance, scheduled_execution_time=now())
    [request] = monitoring_schedule.evaluate_tick(context).run_requests
    result = defs.resolve_job_def(monitoring_schedule.job_name).execute_in_process(instance=instance,
                                                                                   tags=request.tags)
    checks = checks_by_name(result)
    assert set(checks) == {m.name for m in MONITORS}
    assert {name: verdict(e) for name, e in checks.items() if not e.passed} == {}

    metadata = result.asset_materializations_for_node("pipeline_health")[0].metadata
    assert metadata["latency_p95_seconds"].value > 0
    assert metadata["pending_approvals"].value == 0 and metadata["open_dead_letters"].value == 0
    assert metadata["error_rate_percent"].value == 0 and metadata["calls"].value > 0
    assert sum(metadata[f"confidence {b}"].value for b in ("0.0-0.5", "0.5-0.7", "0.7-0.9", "0.9-1.0")) > 0
    assert isinstance(metadata["pm_last_success"], dg.TimestampMetadataValue)
    assert metadata["inventory_hours_since_success"].value < 0.1


# --- hand-made warehouse rows: figures chosen to sit between the default levels ---

def add_event(con, system: str, status: str, hours_ago: float, error_type: str | None = None) -> None:
    source, target = ("pm", "sync_pipeline") if system == "pm" else ("sync_pipeline", "inventory")
    con.execute("INSERT INTO integration_events (event_id, occurred_at, source_system, target_system, operation, "
                "status, attempt, error_type) VALUES (?, ?, ?, ?, 'call', ?, 1, ?)",
                [next_id(con, "integration_events", "event_id"), now() - timedelta(hours=hours_ago), source, target,
                 status, error_type])


def add_revision(con, takeoff_id: str, revision: int, *, approved_minutes_ago: float | None,
                 written_after_seconds: float | None = None, statuses: tuple[str, ...] = ()) -> None:
    approved_at = None if approved_minutes_ago is None else now() - timedelta(minutes=approved_minutes_ago)
    con.execute("INSERT INTO raw_takeoffs VALUES (?, ?, 'P-1', 'W1', ?, 'n', ?, ?, '{}', 'sha', ?)",
                [takeoff_id, revision, "approved" if approved_at else "draft", approved_at, now(), now()])
    if written_after_seconds is not None:
        con.execute("INSERT INTO requirement_writes VALUES (?, ?, 'P-1', 'R', 'key', 'created', 1, ?)",
                    [takeoff_id, revision, approved_at + timedelta(seconds=written_after_seconds)])
    for i, status in enumerate(statuses):
        con.execute("INSERT INTO match_results (takeoff_id, revision, line_id, project_id, status, confidence, "
                    "method, candidates, reason, catalog_snapshot_id, matched_at) "
                    "VALUES (?, ?, ?, 'P-1', ?, ?, 'fuzzy', [], 'r', 1, ?)",
                    [takeoff_id, revision, f"L{i}", status, 0.95 if status == "matched" else 0.6, now()])


@pytest.fixture
def between_levels(store):
    """Latency 120 s, error rate 20 %, one dead letter, inventory quiet for 30 h, 25 % auto-matched: all warn."""
    store.migrate()
    with store.transaction() as con:
        for _ in range(8):
            add_event(con, "pm", "ok", hours_ago=0.5)
        add_event(con, "inventory", "ok", hours_ago=30)   # before the window: not counted as a call
        add_event(con, "inventory", "transient_error", hours_ago=1, error_type="http_503")
        add_event(con, "inventory", "permanent_error", hours_ago=1, error_type="validation_error")
        add_revision(con, "TO-1", 1, approved_minutes_ago=10, written_after_seconds=120,
                     statuses=("matched", "review", "review", "unmatched"))
        add_revision(con, "TO-2", 1, approved_minutes_ago=5)   # approved, not written: pending
        con.execute("INSERT INTO dead_letters (dead_letter_id, created_at, target_system, operation, payload, "
                    "idempotency_key, context, error_type, error_detail, status) "
                    "VALUES (1, ?, 'inventory', 'post_quote_request', '{}', 'k', '{}', 'http_503', 'down', 'open')",
                    [now()])
    return store


def materialize_health(warehouse_path, instance) -> dg.MaterializeResult:
    return dg.materialize([pipeline_health], instance=instance,
                          resources={"warehouse": WarehouseResource(path=str(warehouse_path))})


def test_figures_from_the_warehouse(between_levels):
    figures = health(between_levels, window_hours=24)
    assert figures.latency_p95_seconds == pytest.approx(120)
    assert figures.attempts == 10 and figures.errors == {"http_503": 1, "validation_error": 1}
    assert figures.error_rate == pytest.approx(0.2)
    assert (figures.pending_approvals, figures.review_queue, figures.unmatched, figures.open_dead_letters) == \
        (1, 2, 1, 1)
    assert figures.auto_match_share == pytest.approx(0.25)
    assert figures.hours_since_success("pm") == pytest.approx(0.5, abs=0.01)
    assert figures.hours_since_success("inventory") == pytest.approx(30, abs=0.01)
    assert figures.confidence_buckets == {"0.0-0.5": 0, "0.5-0.7": 3, "0.7-0.9": 0, "0.9-1.0": 1}


def test_checks_warn_and_fail_at_the_configured_levels(between_levels, warehouse_path, instance, monkeypatch):
    checks = checks_by_name(materialize_health(warehouse_path, instance))
    assert {name: verdict(e) for name, e in checks.items()} == {
        "latency_p95_seconds": "warn", "error_rate": "warn", "pending_approvals": "ok", "review_queue": "ok",
        "open_dead_letters": "warn", "pm_hours_since_success": "ok", "inventory_hours_since_success": "warn",
        "auto_match_share": "warn"}
    assert checks["error_rate"].metadata["value"].value == "20.0 %"
    assert checks["error_rate"].metadata["warn_above"].value == "5.0 %"
    assert checks["auto_match_share"].metadata["fail_below"].value == "10.0 %"
    assert checks["latency_p95_seconds"].metadata["value"].value == "120.0 s"
    assert checks["error_rate"].description.startswith("WARNING (a warning, not a failure): share of external calls")
    assert "20.0 %, above the warn level of 5.0 %" in checks["error_rate"].description
    assert checks["review_queue"].description.startswith("OK: ")
    assert checks["error_rate"].metadata["configured_by"].value == \
        "SYNC_MONITOR_ERROR_RATE_WARN / SYNC_MONITOR_ERROR_RATE_FAIL"

    for name, value in {"LATENCY_P95_SECONDS_WARN": "120",   # at a level is not past it
                        "ERROR_RATE_FAIL": "0.1", "OPEN_DEAD_LETTERS_WARN": "off",
                        "PENDING_APPROVALS_WARN": "off", "PENDING_APPROVALS_FAIL": "0",
                        "INVENTORY_HOURS_SINCE_SUCCESS_FAIL": "29", "AUTO_MATCH_SHARE_WARN": "0.25"}.items():
        monkeypatch.setenv(f"SYNC_MONITOR_{name}", value)
    checks = checks_by_name(materialize_health(warehouse_path, instance))
    assert {name: verdict(e) for name, e in checks.items()} == {
        "latency_p95_seconds": "ok", "error_rate": "fail", "pending_approvals": "fail", "review_queue": "ok",
        "open_dead_letters": "ok", "pm_hours_since_success": "ok", "inventory_hours_since_success": "fail",
        "auto_match_share": "ok"}


def test_each_check_past_a_level_alerts_once_until_it_is_back(between_levels, warehouse_path, instance, receiver,
                                                                 monkeypatch):
    warned = {"latency_p95_seconds", "error_rate", "open_dead_letters", "inventory_hours_since_success",
              "auto_match_share", "review_share"}   # review_share: 3 of TO-1's 4 lines, one alert for all takeoffs
    materialize_health(warehouse_path, instance)
    assert sorted(receiver.states()) == sorted((f"check:{name}", "raised") for name in warned)
    by_check = {b["check"]: b for b in receiver.bodies}
    assert by_check["error_rate"]["severity"] == "warn" and by_check["error_rate"]["value"] == "20.0 %"
    assert "sent to review or left unmatched past its level (warn above 30.0 %, fail off) in 1 takeoff(s): " \
        "TO-1 75.0 %." in by_check["review_share"]["message"]

    materialize_health(warehouse_path, instance)   # the next scheduled run: still past, nothing new
    assert len(receiver.bodies) == len(warned)

    monkeypatch.setenv("SYNC_MONITOR_ERROR_RATE_WARN", "off")
    monkeypatch.setenv("SYNC_MONITOR_OPEN_DEAD_LETTERS_FAIL", "0")
    materialize_health(warehouse_path, instance)
    assert receiver.states()[len(warned):] == [("check:error_rate", "resolved"), ("check:open_dead_letters", "raised")]
    assert receiver.bodies[-1]["severity"] == "fail"   # worse than at the first alert: told again


def test_pending_approvals_are_the_known_approved_revisions_not_yet_written(store):
    store.migrate()
    with store.transaction() as con:
        add_revision(con, "TO-1", 1, approved_minutes_ago=9, written_after_seconds=5)   # written
        add_revision(con, "TO-2", 1, approved_minutes_ago=9, written_after_seconds=5)
        add_revision(con, "TO-2", 2, approved_minutes_ago=1)                             # newer, not written
        add_revision(con, "TO-3", 1, approved_minutes_ago=None)                          # a draft
        add_revision(con, "TO-4", 2, approved_minutes_ago=1, written_after_seconds=5)
        con.execute("INSERT INTO reconciliation_report VALUES ('r1', ?, 3, 1, 0, 2, 0.6, 0.02, ?, 0, 0, ?)",
                    [now(), now(), ["TO-9@1", "TO-4@1"]])   # TO-4@1 was superseded by a written revision
    assert health(store, 24).pending_approvals == 2
    # Runs queued or running count too, once each, until their revision is written.
    assert health(store, 24, in_flight={"TO-8@1", "TO-9@1", "TO-1@1"}).pending_approvals == 3


def test_a_takeoff_run_not_finished_counts_as_a_pending_approval(between_levels, defs, warehouse_path, instance):
    instance.create_run_for_job(defs.resolve_job_def(takeoff_job.name), status=dg.DagsterRunStatus.NOT_STARTED,
                                tags={"dagster/partition": "TO-7", REVISION_TAG: "3"})
    metadata = materialize_health(warehouse_path, instance).asset_materializations_for_node("pipeline_health")[0]
    assert metadata.metadata["pending_approvals"].value == 2   # TO-2@1 fetched, TO-7@3 about to run


def test_thresholds_from_the_environment():
    settings = monitor_settings_from_env({"SYNC_MONITOR_REVIEW_QUEUE_FAIL": "5000",
                                          "SYNC_MONITOR_QUARANTINE_SHARE_WARN": "off",
                                          "SYNC_MONITOR_WINDOW_HOURS": "6"})
    assert settings.window_hours == 6
    assert (settings.thresholds["review_queue"].warn, settings.thresholds["review_queue"].fail) == (1000, 5000)
    assert settings.thresholds["quarantine_share"].verdict(1.0) == "ok"
    with pytest.raises(ConfigError, match="SYNC_MONITOR_ERROR_RATE_FAIL must be a number"):
        monitor_settings_from_env({"SYNC_MONITOR_ERROR_RATE_FAIL": "5%"})
    with pytest.raises(ConfigError, match="SYNC_MONITOR_AUTO_MATCH_SHARE_WARN .* is past"):
        monitor_settings_from_env({"SYNC_MONITOR_AUTO_MATCH_SHARE_WARN": "0.05"})


@pytest.fixture
def status_env(monkeypatch, tmp_path, warehouse_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("SYNC_WAREHOUSE_PATH", str(warehouse_path))


def test_status_prints_the_figures_and_verdicts_and_exits_by_the_worst(between_levels, status_env, monkeypatch,
                                                                       capsys):
    assert main(["status"]) == 0   # warnings only
    out = capsys.readouterr().out
    assert "pending approvals:     1 approved revisions not yet written" in out
    assert "errors:                http_503 1, validation_error 1  (rate 20.0 % of 10 calls" in out
    assert "approval -> written:   p50 120.0 s, p95 120.0 s" in out
    assert "inventory 20" in out and "(30.0 h ago)" in out and "auto-matched 25.0 %" in out
    lines = {line.split()[1]: line.split()[0] for line in out.splitlines() if line.startswith("  ")}
    assert lines == {"latency_p95_seconds": "WARN", "error_rate": "WARN", "pending_approvals": "OK",
                     "review_queue": "OK", "open_dead_letters": "WARN", "pm_hours_since_success": "OK",
                     "inventory_hours_since_success": "WARN", "auto_match_share": "WARN"}
    assert "error_rate                     20.0 %       warn above 5.0 %, fail above 25.0 %" in out and "status: WARN (0 failing, 5 warning)" in out

    monkeypatch.setenv("SYNC_MONITOR_OPEN_DEAD_LETTERS_FAIL", "0")
    assert main(["status"]) == 1
    out = capsys.readouterr().out
    assert "  FAIL  open_dead_letters" in out and "status: FAIL (1 failing, 4 warning)" in out

    monkeypatch.setenv("SYNC_MONITOR_WINDOW_HOURS", "0")
    assert main(["status"]) == 2
    assert "SYNC_MONITOR_WINDOW_HOURS must be a positive number" in capsys.readouterr().err


def test_before_any_sync_there_is_no_data_and_nothing_fails(status_env, warehouse_path, instance, capsys):
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "pm never, inventory never" in out and "status: OK (0 failing, 0 warning)" in out
    result = materialize_health(warehouse_path, instance)
    assert all(e.passed for e in result.get_asset_check_evaluations())
    metadata = result.asset_materializations_for_node("pipeline_health")[0].metadata
    assert "latency_p95_seconds" not in metadata and "pm_last_success" not in metadata   # no nulls


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (0.49051724137931035, "%", "49.1 %"), (12.345, "s", "12.3 s"), (30.04, "h", "30.0 h"),
    (0.2, "h", "12 min"), (0.0006099383333333332, "h", "under 1 min"), (17, "", "17"), (None, "s", "no data"),
])
def test_figures_read_as_an_operator_would_say_them(value, unit, shown):
    assert format_figure(value, unit) == shown
