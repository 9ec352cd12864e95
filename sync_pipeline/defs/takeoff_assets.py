"""Per-takeoff assets: fetch, normalize, match, and write the material requirements.

Each asset reads its inputs from the warehouse (the analysts' tables) rather than through an
IO manager, validates its output against its contract, then replaces that takeoff revision's
rows in one transaction, so re-materializing a partition never duplicates anything.
"""

import hashlib
import json
import re

import dagster as dg
import polars as pl

from sync_pipeline import writeback
from sync_pipeline.clients.errors import PermanentError
from sync_pipeline.contracts import (MatchResults, MaterialRequirements, RawTakeoffs, TakeoffLineItems,
                                     validated)
from sync_pipeline.core.line_items import normalize_line_items, raw_line_frame
from sync_pipeline.core.matching import match_lines
from sync_pipeline.core.requirements import idempotency_key, requirement_document, requirement_lines
from sync_pipeline.defs.catalog_index import catalog_index_for
from sync_pipeline.defs.partitions import REVISION_TAG, takeoff_partitions
from sync_pipeline.defs.resources import InventoryApi, PmApi, WarehouseResource
from sync_pipeline.defs.step_retries import retried_when_transient
from sync_pipeline.warehouse.frames import now_utc, parse_timestamps, utc_column
from sync_pipeline.warehouse.learned import entries_in_force
from sync_pipeline.warehouse.store import Warehouse, delete_rows, insert_frame

GROUP = "takeoffs"
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _revision(context: dg.AssetExecutionContext, store: Warehouse) -> int:
    """The run's revision tag, else the newest revision fetched for this takeoff."""
    tagged = context.run.tags.get(REVISION_TAG)
    if tagged:
        return int(tagged)
    latest = store.query("SELECT max(revision) AS r FROM raw_takeoffs WHERE takeoff_id = ?",
                         [context.partition_key])["r"][0]
    if latest is None:
        raise dg.Failure(f"takeoff {context.partition_key} has not been fetched yet: materialize raw_takeoffs")
    return int(latest)


def _takeoff_row(store: Warehouse, takeoff_id: str, revision: int) -> dict:
    rows = store.query("SELECT * FROM raw_takeoffs WHERE takeoff_id = ? AND revision = ?", [takeoff_id, revision])
    if rows.height == 0:
        raise dg.Failure(f"takeoff {takeoff_id} revision {revision} has not been fetched: materialize raw_takeoffs")
    return rows.row(0, named=True)


def _replace_revision(store: Warehouse, table: str, frame: pl.DataFrame, takeoff_id: str, revision: int) -> None:
    with store.transaction() as con:
        delete_rows(con, table, {"takeoff_id": takeoff_id, "revision": revision})
        insert_frame(con, table, frame)


def payload_text(payload: dict) -> str:
    """The takeoff as canonical JSON, as sent, except text the PM system passed on damaged: a lone surrogate
    (an emoji cut in half) has no UTF-8 form for any table to store, so it is kept as U+FFFD, which gets the
    line holding it quarantined downstream."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return LONE_SURROGATE.sub("\ufffd", text)


@dg.asset(partitions_def=takeoff_partitions, group_name=GROUP, kinds={"duckdb"}, pool="warehouse_writer")
def raw_takeoffs(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                 pm_api: PmApi) -> dg.MaterializeResult:
    """The takeoff exactly as the PM system returned it, with its hash, revision and fetch time."""
    store = warehouse.store()
    takeoff_id = context.partition_key
    tagged = context.run.tags.get(REVISION_TAG)
    # No step retry here: the client already retries a read, and a takeoff whose PM answer keeps failing
    # would otherwise open the PM circuit for the takeoffs after it; run retries and the intake take it up.
    with warehouse.event_log(context) as events, pm_api.client(events) as client:
        takeoff = client.takeoff(takeoff_id, int(tagged) if tagged else None)
        project = client.project(takeoff.summary.project_id)
    payload = payload_text(takeoff.payload)
    summary = takeoff.summary
    frame = pl.DataFrame([{
        "takeoff_id": summary.id, "revision": summary.revision, "project_id": summary.project_id,
        "warehouse_code": project.warehouse_code, "status": summary.status, "name": takeoff.name,
        "approved_at": summary.approved_at, "updated_at": summary.updated_at, "payload": payload,
        "payload_sha256": hashlib.sha256(payload.encode()).hexdigest(),
    }], schema={"takeoff_id": pl.Utf8, "revision": pl.Int64, "project_id": pl.Utf8, "warehouse_code": pl.Utf8,
                "status": pl.Utf8, "name": pl.Utf8, "approved_at": pl.Utf8, "updated_at": pl.Utf8,
                "payload": pl.Utf8, "payload_sha256": pl.Utf8}).with_columns(
        approved_at=parse_timestamps("approved_at"), updated_at=parse_timestamps("updated_at"),
        fetched_at=utc_column(now_utc(), 1),
    )
    frame = validated(frame, RawTakeoffs)
    _replace_revision(store, "raw_takeoffs", frame, summary.id, summary.revision)
    return dg.MaterializeResult(metadata={
        "revision": summary.revision, "status": summary.status, "project_id": summary.project_id,
        "line_items": len(takeoff.line_items), "payload_sha256": frame["payload_sha256"][0],
    })


@dg.asset(partitions_def=takeoff_partitions, group_name=GROUP, kinds={"duckdb"}, deps=[raw_takeoffs],
          pool="warehouse_writer")
def takeoff_line_items(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Lines with parsed quantities and unit codes; bad lines quarantined with a reason, the rest go on."""
    store = warehouse.store()
    revision = _revision(context, store)
    takeoff = _takeoff_row(store, context.partition_key, revision)
    raw = raw_line_frame(json.loads(takeoff["payload"]).get("line_items") or [])
    frame = validated(normalize_line_items(raw, takeoff_id=takeoff["takeoff_id"], revision=revision,
                                           project_id=takeoff["project_id"]), TakeoffLineItems)
    _replace_revision(store, "takeoff_line_items", frame, takeoff["takeoff_id"], revision)
    quarantined = frame.filter(pl.col("line_status") == "quarantined")
    for row in quarantined.iter_rows(named=True):
        context.log.warning(f"line {row['line_id']} quarantined: {row['quarantine_reason']}")
    return dg.MaterializeResult(metadata={"revision": revision, "lines": frame.height,
                                          "quarantined": quarantined.height})


@dg.asset(partitions_def=takeoff_partitions, group_name=GROUP, kinds={"duckdb"},
          deps=[takeoff_line_items, "catalog_products", "vendor_items"], pool="warehouse_writer")
def match_results(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Each line matched to a SKU (auto), sent to review with ranked candidates, or unmatched."""
    store = warehouse.store()
    revision = _revision(context, store)
    lines = store.query("SELECT * FROM takeoff_line_items WHERE takeoff_id = ? AND revision = ? "
                        "ORDER BY line_number", [context.partition_key, revision])
    index, snapshot_id = catalog_index_for(store)
    # Every decision in force, rejections (null SKU) included: a rejected description is unmatched, not
    # asked about again. The typed description lets a decision cover the texts read the same way.
    mappings = store.query("SELECT description_key, description, sku, decided_by FROM manual_mappings "
                           "WHERE superseded_at IS NULL ORDER BY decided_at, mapping_id")
    good = lines.filter(pl.col("line_status") == "ok")
    matched = match_lines(index, good.select("line_id", "description", "quantity", pl.col("uom_raw").alias("uom"),
                                             "part_number"), mappings, learned=entries_in_force(store))
    quarantined = lines.filter(pl.col("line_status") == "quarantined").select(
        "line_id", status=pl.lit("unmatched"), sku=pl.lit(None, pl.Utf8), confidence=pl.lit(0.0),
        method=pl.lit("none"), candidates=pl.lit([], pl.List(pl.Utf8)), uom_code=pl.col("uom_code"),
        stock_uom=pl.lit(None, pl.Utf8), stock_quantity=pl.lit(None, pl.Float64),
        reason=pl.format("quarantined: {}", pl.col("quarantine_reason")), annotations=pl.lit(None, pl.Utf8),
    )
    results = pl.concat([matched.select(quarantined.columns), quarantined], how="vertical_relaxed")
    frame = lines.select("takeoff_id", pl.col("revision").cast(pl.Int64), "line_id", "project_id", "description",
                         "description_key", "quantity", "line_number").join(results, on="line_id", how="left") \
        .sort("line_number").drop("line_number").with_columns(
            catalog_snapshot_id=pl.lit(snapshot_id, pl.Int64), matched_at=utc_column(now_utc(), lines.height))
    frame = validated(frame.select(list(MatchResults.to_schema().columns)), MatchResults)
    _replace_revision(store, "match_results", frame, context.partition_key, revision)
    counts = dict(frame.group_by("status").len().iter_rows())
    return dg.MaterializeResult(metadata={
        "revision": revision, "lines": frame.height, "catalog_snapshot_id": snapshot_id,
        **{status: int(counts.get(status, 0)) for status in ("matched", "review", "unmatched")},
        "mean_confidence": round(float(frame["confidence"].mean() or 0.0), 3),
    })


@dg.asset(partitions_def=takeoff_partitions, group_name=GROUP, kinds={"duckdb"}, deps=[match_results],
          pool="warehouse_writer")
def material_requirements(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                          inventory_api: InventoryApi) -> dg.MaterializeResult:
    """The matched quantities of an approved revision, written to the platform once (idempotent POST)."""
    store = warehouse.store()
    revision = _revision(context, store)
    takeoff = _takeoff_row(store, context.partition_key, revision)
    if takeoff["status"] != "approved":
        context.log.info(f"revision {revision} is {takeoff['status']}: nothing to write")
        return dg.MaterializeResult(metadata={"revision": revision, "written": False, "status": takeoff["status"]})
    matches = store.query("SELECT * FROM match_results WHERE takeoff_id = ? AND revision = ?",
                          [context.partition_key, revision])
    lines = requirement_lines(matches)
    body = requirement_document(takeoff["takeoff_id"], revision, takeoff["warehouse_code"], lines)
    key = idempotency_key(f"mr:{takeoff['takeoff_id']}@{revision}", body)
    with retried_when_transient(context), warehouse.event_log(context) as events, \
            inventory_api.client(events) as client:
        try:
            result = writeback.post(store, client, "post_material_requirements",
                                    entity=f"{takeoff['takeoff_id']}@{revision}", body=body, idempotency_key=key,
                                    context={"project_code": takeoff["project_id"]}, run_id=context.run.run_id)
            requirement_id, status = result.id, "replayed" if result.replayed else "created"
        except PermanentError as exc:
            if exc.error_code != "stale_revision":
                raise
            context.log.warning(f"the platform holds a newer revision of {takeoff['takeoff_id']}: {exc}")
            requirement_id, status = None, "stale_revision"
    written_at = now_utc()
    frame = lines.with_columns(
        takeoff_id=pl.lit(takeoff["takeoff_id"]), revision=pl.lit(revision, pl.Int64),
        project_id=pl.lit(takeoff["project_id"]), warehouse_code=pl.lit(takeoff["warehouse_code"], pl.Utf8),
        requirement_id=pl.lit(requirement_id, pl.Utf8), idempotency_key=pl.lit(key),
        write_status=pl.lit(status), written_at=utc_column(written_at, lines.height),
    )
    frame = validated(frame.select(list(MaterialRequirements.to_schema().columns)), MaterialRequirements)
    with store.transaction() as con:
        for table in ("material_requirements", "requirement_writes"):
            delete_rows(con, table, {"takeoff_id": takeoff["takeoff_id"], "revision": revision})
        insert_frame(con, "material_requirements", frame)
        con.execute("INSERT INTO requirement_writes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [takeoff["takeoff_id"], revision, takeoff["project_id"], requirement_id, key, status,
                     frame.height, written_at])
    return dg.MaterializeResult(metadata={"revision": revision, "requirement_id": requirement_id or "",
                                          "write_status": status, "lines": frame.height,
                                          "idempotency_key": key})
