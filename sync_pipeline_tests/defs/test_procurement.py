"""Procurement across syncs: a revision replaces its rollup share, and what was drafted is never drafted again."""

from __future__ import annotations

import polars as pl

from sync_pipeline.defs.runner import run_sync

PER_WAREHOUSE_SKU = ["warehouse_code", "sku"]


def drafted(store, keys: set[str] | None = None) -> pl.DataFrame:
    lines = store.query("SELECT * FROM purchase_order_lines")
    if keys is not None:
        lines = lines.filter(pl.col("idempotency_key").is_in(sorted(keys)))
    return lines.group_by(PER_WAREHOUSE_SKU).agg(quantity=pl.col("quantity").sum())


def test_new_takeoffs_and_revisions_draft_only_what_is_still_missing(defs, sim, instance, store):
    assert run_sync(defs, instance).ok
    first_keys = set(store.query("SELECT idempotency_key FROM purchase_order_lines")["idempotency_key"])
    first = drafted(store)
    revised = sorted(t["id"] for t in sim.state.takeoff_revisions() if t["status"] == "approved")[0]
    sim.state.revise_takeoff(revised)
    sim.state.approve_takeoff(line_count=60)
    assert run_sync(defs, instance).ok

    # The rollups count each takeoff's latest revision once: the revised one replaced, not added.
    latest = store.query("""
        SELECT project_id, sku, sum(quantity) AS required_quantity FROM material_requirements m
        WHERE revision = (SELECT max(revision) FROM requirement_writes w WHERE w.takeoff_id = m.takeoff_id)
        GROUP BY 1, 2""")
    rollups = store.query("SELECT * FROM project_rollups")
    assert rollups.select("project_id", "sku", "required_quantity").sort("project_id", "sku").equals(
        latest.sort("project_id", "sku"))
    assert (rollups["net_requirement"] >= 0).all()

    # The second sync drafted only the remainder: what was drafted first counted like stock on order.
    new_keys = set(store.query("SELECT idempotency_key FROM purchase_order_lines")["idempotency_key"]) - first_keys
    second = drafted(store, new_keys)
    remaining = rollups.filter(pl.col("warehouse_code").is_not_null()).group_by(PER_WAREHOUSE_SKU).agg(
        remaining=pl.col("net_requirement").sum(), drafted_before=pl.col("drafted").first())
    rounding = store.query("""
        SELECT r.warehouse_code, r.sku, max(v.pack_quantity + v.min_order_quantity) AS rounding
        FROM po_recommendations r JOIN vendor_items v ON v.sku = r.sku AND list_contains(r.vendor_ids, v.vendor_id)
        WHERE r.kind <> 'unsourced' GROUP BY 1, 2""")
    checked = second.join(remaining, on=PER_WAREHOUSE_SKU).join(rounding, on=PER_WAREHOUSE_SKU)
    assert checked.height == second.height > 0
    for row in checked.iter_rows(named=True):
        assert row["remaining"] - 1e-6 <= row["quantity"] < row["remaining"] + row["rounding"], row
    # What the first sync drafted and is still open counted like stock on order; what the revision no longer
    # needs was cancelled instead (never counted).
    still_open = store.query("SELECT l.warehouse_code, l.sku, sum(l.quantity) AS quantity "
                             "FROM purchase_document_lines l JOIN purchase_documents d USING (idempotency_key) "
                             f"WHERE d.status = 'open' AND l.idempotency_key IN ({', '.join('?' * len(first_keys))}) "
                             "GROUP BY 1, 2", sorted(first_keys))
    topped_up = checked.join(still_open, on=PER_WAREHOUSE_SKU)
    assert topped_up.height > 0, "some SKU drafted by the first sync was needed again by the new takeoff"
    assert (topped_up["drafted_before"] == topped_up["quantity_right"]).all()

    # Nothing new: a third sync posts nothing at all.
    created = sim.state.snapshot()["counts"]["records_created"]
    third = run_sync(defs, instance)
    assert third.ok and third.drafts_created == third.quote_requests_created == third.documents_replayed == 0
    assert sim.state.snapshot()["counts"]["records_created"] == created
