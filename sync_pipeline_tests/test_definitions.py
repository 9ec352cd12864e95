"""The code location loads as Dagster's own tooling sees it."""

from __future__ import annotations

import subprocess
import sys
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
