"""The code location loads as Dagster's own tooling sees it."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_dagster_definitions_validate_passes():
    done = subprocess.run([sys.executable, "-m", "dagster", "definitions", "validate"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All code locations passed validation" in done.stdout + done.stderr


def test_graph_has_every_asset_of_the_design():
    from sync_pipeline.definitions import defs

    keys = {spec.key.to_user_string() for spec in defs.resolve_all_asset_specs()}
    assert keys == {"raw_takeoffs", "takeoff_line_items", "catalog_products", "uom_codes", "stock_levels",
                    "vendor_items", "match_results", "material_requirements", "purchase_documents",
                    "project_rollups", "po_recommendations", "purchase_order_drafts", "reconciliation_report",
                    "pipeline_health"}


def test_every_schedule_sensor_job_and_check_tells_an_operator_what_it_does():
    from sync_pipeline.definitions import defs

    described = {f"schedule {s.name}": s.description for s in defs.schedules}
    described |= {f"sensor {s.name}": s.description for s in defs.sensors}
    described |= {f"job {j.name}": j.description for j in defs.jobs if not j.name.startswith("__")}
    described |= {f"check {key.to_user_string()}": spec.description
                  for key, spec in ((k, defs.resolve_asset_graph().get_check_spec(k))
                                    for k in defs.resolve_asset_graph().asset_check_keys)}
    assert len(described) >= 2 + 4 + 5 + 11
    assert {name for name, text in described.items() if not text or len(text.strip()) < 40} == set()


def test_pipeline_health_metadata_is_rounded_with_units_and_no_nulls():
    import dagster as dg

    from sync_pipeline.defs.monitoring import health_metadata
    from sync_pipeline.warehouse.monitoring import Health

    now = datetime.now(timezone.utc)
    figures = Health(checked_at=now, window_hours=24, last_success={"pm": now - timedelta(seconds=2.2),
                                                                    "inventory": None},
                     errors={"http_503": 3}, attempts=116, matched=57, review_queue=55, unmatched=4,
                     latency_p50_seconds=4.0412, latency_p95_seconds=12.34567)
    metadata = health_metadata(figures)
    assert {k: metadata[k] for k in ("error_rate_percent", "auto_match_share_percent", "latency_p95_seconds",
                                     "latency_p50_seconds", "pm_hours_since_success", "review_queue")} == {
        "error_rate_percent": 2.6, "auto_match_share_percent": 49.1, "latency_p95_seconds": 12.3,
        "latency_p50_seconds": 4.0, "pm_hours_since_success": 0.0, "review_queue": 55}
    assert "inventory_hours_since_success" not in metadata and "inventory_last_success" not in metadata
    assert isinstance(metadata["pm_last_success"], dg.TimestampMetadataValue)
    floats = [v for v in metadata.values() if isinstance(v, float)]
    assert floats and all(v == round(v, 1) for v in floats)
    assert None not in metadata.values()
