"""Every asset materialized with `materialize` on a temporary warehouse against the simulator."""

from __future__ import annotations

import dagster as dg
import polars as pl

from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG, takeoff_partitions


def approved(sim) -> list[dict]:
    return [t for t in sim.state.takeoff_revisions() if t["status"] == "approved"]


def materialize(defs, instance, group: str, **kwargs) -> dg.ExecuteInProcessResult:
    result = dg.materialize(defs.assets, instance=instance, resources=defs.resources,
                            selection=dg.AssetSelection.groups(group), **kwargs)
    assert result.success
    return result


def test_whole_graph_materializes_and_writes_requirements(defs, sim, instance, store):
    takeoff = approved(sim)[0]
    instance.add_dynamic_partitions(takeoff_partitions.name, [takeoff["id"]])
    results = [materialize(defs, instance, "catalog"),
               defs.resolve_job_def(takeoff_job.name).execute_in_process(   # the job: with its checks
                   instance=instance, partition_key=takeoff["id"], tags={REVISION_TAG: str(takeoff["revision"])}),
               materialize(defs, instance, "procurement"),
               materialize(defs, instance, "reconciliation"),
               materialize(defs, instance, "monitoring")]
    materialized = {e.asset_key.to_user_string() for r in results for e in r.get_asset_materialization_events()}
    assert materialized == {a.key.to_user_string() for a in defs.resolve_all_asset_specs()}

    # The per-takeoff checks name their takeoff and say in words what a warning means.
    checks = {e.check_name: e for e in results[1].get_asset_check_evaluations()}
    assert set(checks) == {"quarantine_share", "review_share"}
    for evaluation in checks.values():
        assert evaluation.metadata["takeoff"].value == takeoff["id"]
        assert evaluation.metadata["revision"].value == takeoff["revision"]
        assert f"takeoff {takeoff['id']} revision {takeoff['revision']}: " in evaluation.description
        lead = "OK: " if evaluation.passed else "WARNING (a warning, not a failure): "
        assert evaluation.description.startswith(lead) and evaluation.metadata["value"].value.endswith(" %")

    lines = store.query("SELECT * FROM takeoff_line_items WHERE takeoff_id = ?", [takeoff["id"]])
    matches = store.query("SELECT * FROM match_results WHERE takeoff_id = ?", [takeoff["id"]])
    assert lines.height == len(takeoff["line_items"]) == matches.height
    assert store.query("SELECT count(*) AS n FROM catalog_products")["n"][0] == len(sim.state.data.products)

    # What the warehouse says was written is exactly what the platform holds.
    written = store.query("SELECT sku, quantity, uom FROM material_requirements WHERE takeoff_id = ?",
                          [takeoff["id"]]).sort("sku")
    [held] = [r for r in sim.state.snapshot()["material_requirements"]["current"]
              if r["source_document"] == takeoff["id"]]
    assert held["source_revision"] == takeoff["revision"]
    assert sorted((l["sku"], l["quantity"], l["uom"]) for l in held["lines"]) == \
        [(r["sku"], round(r["quantity"], 6), r["uom"]) for r in written.iter_rows(named=True)]
    matched = matches.filter(pl.col("status") == "matched")
    assert written["quantity"].sum() == matched["stock_quantity"].sum()

    rollups = store.query("SELECT * FROM project_rollups")
    assert rollups.height > 0 and (rollups["net_requirement"] >= 0).all()
    recommendations = store.query("SELECT * FROM po_recommendations")
    drafts_written = store.query("SELECT * FROM purchase_order_writes")
    snapshot = sim.state.snapshot()
    assert drafts_written.height == len(snapshot["purchase_order_drafts"]) + len(snapshot["quote_requests"])
    assert set(recommendations.filter(pl.col("kind") != "unsourced")["recommendation_id"]) == \
        set(drafts_written["recommendation_id"])


def test_rematerializing_a_partition_replaces_its_rows(defs, sim, instance, store):
    takeoff = approved(sim)[0]
    instance.add_dynamic_partitions(takeoff_partitions.name, [takeoff["id"]])
    materialize(defs, instance, "catalog")
    for _ in range(2):
        materialize(defs, instance, "takeoffs", partition_key=takeoff["id"])
    counts = store.query("SELECT (SELECT count(*) FROM takeoff_line_items) AS lines, "
                         "(SELECT count(*) FROM match_results) AS matches, "
                         "(SELECT count(*) FROM requirement_writes) AS docs").row(0, named=True)
    assert counts == {"lines": len(takeoff["line_items"]), "matches": len(takeoff["line_items"]), "docs": 1}
    assert store.query("SELECT write_status FROM requirement_writes")["write_status"][0] == "replayed"
    assert sim.state.snapshot()["counts"]["records_created"] == 1
