"""Across takeoffs: project rollups against stock, purchase recommendations, and their write-back."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import dagster as dg
import polars as pl

from sync_pipeline import writeback
from sync_pipeline.config import purchasing_policy_from_env
from sync_pipeline.contracts import (PoRecommendations, ProjectRollups, PurchaseOrderLines, PurchaseOrderWrites,
                                     validated)
from sync_pipeline.core.purchasing import recommend
from sync_pipeline.core.requirements import idempotency_key
from sync_pipeline.core.rollups import project_rollups as compute_rollups
from sync_pipeline.defs.catalog_assets import stock_levels, vendor_items
from sync_pipeline.defs.resources import InventoryApi, WarehouseResource
from sync_pipeline.defs.takeoff_assets import material_requirements
from sync_pipeline.warehouse.frames import now_utc, utc_column
from sync_pipeline.warehouse.store import insert_frame

GROUP = "procurement"

# The lines of each takeoff's newest revision that the platform accepted (an empty revision counts:
# it replaces what the older one required).
LATEST_WRITTEN_REQUIREMENTS = """
WITH latest AS (
    SELECT takeoff_id, max(revision) AS revision FROM requirement_writes
    WHERE write_status IN ('created', 'replayed') GROUP BY takeoff_id
)
SELECT m.takeoff_id, m.revision, m.project_id, m.sku, m.quantity, m.uom
FROM material_requirements m JOIN latest USING (takeoff_id, revision)
"""

# What our drafts and quote requests already ask for, per warehouse and SKU (counted like on-order).
DRAFTED = "SELECT sku, warehouse_code, quantity FROM purchase_order_lines"

PROJECT_WAREHOUSES = """
SELECT project_id, arg_max(warehouse_code, fetched_at) AS warehouse_code FROM raw_takeoffs GROUP BY project_id
"""


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[material_requirements, stock_levels], pool="warehouse_writer")
def project_rollups(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per project and SKU: required by the latest revisions, available in its warehouse or already drafted
    by us, still to buy."""
    store = warehouse.store()
    rollups = compute_rollups(store.query(LATEST_WRITTEN_REQUIREMENTS), store.query(PROJECT_WAREHOUSES),
                              store.query("SELECT * FROM stock_levels"), store.query(DRAFTED))
    frame = validated(rollups.with_columns(computed_at=utc_column(now_utc(), rollups.height)), ProjectRollups)
    store.replace_rows("project_rollups", frame, {})
    return dg.MaterializeResult(metadata={
        "projects": frame["project_id"].n_unique(), "rows": frame.height,
        "rows_to_buy": frame.filter(pl.col("net_requirement") > 0).height,
    })


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[project_rollups, vendor_items], pool="warehouse_writer")
def po_recommendations(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """What to buy from whom: vendor rules applied to every positive net requirement, each with its reason."""
    store = warehouse.store()
    recommendations = recommend(store.query("SELECT * FROM project_rollups"),
                                store.query("SELECT * FROM vendor_items"), today=date.today(),
                                policy=purchasing_policy_from_env())
    frame = validated(recommendations.with_columns(computed_at=utc_column(now_utc(), recommendations.height)),
                      PoRecommendations)
    store.replace_rows("po_recommendations", frame, {})
    counts = dict(frame.group_by("kind").len().iter_rows())
    return dg.MaterializeResult(metadata={kind: int(counts.get(kind, 0))
                                          for kind in ("draft", "quote_request", "unsourced")})


@dataclass(frozen=True)
class Document:
    """A draft or quote request to post, with the recommendation rows it covers (one per project and SKU)."""
    recommendation_id: str
    kind: str
    body: dict
    rows: list[dict]


def documents(recommendations: pl.DataFrame) -> list[Document]:
    """One document per draft or quote request; lines of one SKU (several projects) are summed."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in recommendations.filter(pl.col("kind") != "unsourced").sort("recommendation_id", "sku") \
            .iter_rows(named=True):
        grouped[row["recommendation_id"]].append(row)
    out = []
    for rec_id, rows in grouped.items():
        first = rows[0]
        projects = sorted({r["project_id"] for r in rows})
        needed = [r["needed_by"] for r in rows if r["needed_by"] is not None]
        per_sku: dict[str, dict] = {}
        for r in rows:
            line = per_sku.setdefault(r["sku"], {"sku": r["sku"], "quantity": 0.0, "uom": r["uom"],
                                                 "vendor_part_number": r["vendor_part_number"],
                                                 "unit_price": r["unit_price"]})
            line["quantity"] += r["order_quantity"]
        body = {"warehouse_code": first["warehouse_code"],
                "project_code": projects[0] if len(projects) == 1 else None,
                "needed_by": min(needed).isoformat() if needed else None}
        if first["kind"] == "draft":
            body |= {"vendor_id": first["vendor_id"], "notes": f"sync-pipeline: projects {', '.join(projects)}",
                     "lines": [{"sku": l["sku"], "vendor_part_number": l["vendor_part_number"],
                                "quantity": round(l["quantity"], 6), "uom": l["uom"],
                                "unit_price": str(l["unit_price"])} for l in per_sku.values()]}
        else:
            body |= {"vendor_ids": list(first["vendor_ids"]),
                     "lines": [{"sku": l["sku"], "quantity": round(l["quantity"], 6), "uom": l["uom"]}
                               for l in per_sku.values()]}
        out.append(Document(rec_id, first["kind"], body, rows))
    return out


def _document_lines(document: Document, key: str) -> list[dict]:
    return [{"idempotency_key": key, "recommendation_id": document.recommendation_id, "kind": document.kind,
             "project_id": r["project_id"], "warehouse_code": r["warehouse_code"], "vendor_id": r["vendor_id"],
             "sku": r["sku"], "quantity": r["order_quantity"], "uom": r["uom"]} for r in document.rows]


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[po_recommendations], pool="warehouse_writer")
def purchase_order_drafts(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                          inventory_api: InventoryApi) -> dg.MaterializeResult:
    """Drafts and quote requests written to the platform, each line recorded so it is never drafted again."""
    store = warehouse.store()
    written, lines, dead_lettered = [], [], []
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        for document in documents(store.query("SELECT * FROM po_recommendations")):
            key = idempotency_key(f"{document.kind}:{document.recommendation_id}", document.body)
            operation = "post_purchase_order_draft" if document.kind == "draft" else "post_quote_request"
            try:
                result = writeback.post(store, client, operation, entity=document.recommendation_id,
                                        body=document.body, idempotency_key=key, run_id=context.run.run_id)
            except writeback.DeadLettered as exc:  # one failed document never holds back the others
                dead_lettered.append(str(exc))
                continue
            written.append({"idempotency_key": key, "recommendation_id": document.recommendation_id,
                            "kind": document.kind, "platform_id": result.id, "line_count": len(document.body["lines"]),
                            "write_status": "replayed" if result.replayed else "created"})
            lines.extend(_document_lines(document, key))
    written_at = now_utc()
    frame = pl.DataFrame(written, schema={"idempotency_key": pl.Utf8, "recommendation_id": pl.Utf8,
                                          "kind": pl.Utf8, "platform_id": pl.Utf8, "line_count": pl.Int64,
                                          "write_status": pl.Utf8})
    frame = validated(frame.with_columns(written_at=utc_column(written_at, frame.height)), PurchaseOrderWrites)
    line_frame = pl.DataFrame(lines, schema={"idempotency_key": pl.Utf8, "recommendation_id": pl.Utf8,
                                             "kind": pl.Utf8, "project_id": pl.Utf8, "warehouse_code": pl.Utf8,
                                             "vendor_id": pl.Utf8, "sku": pl.Utf8, "quantity": pl.Float64,
                                             "uom": pl.Utf8})
    line_frame = validated(line_frame.with_columns(written_at=utc_column(written_at, line_frame.height)),
                           PurchaseOrderLines)
    # The first write of a key is the record; replays of it add nothing.
    with store.transaction() as con:
        known = con.sql("SELECT DISTINCT idempotency_key FROM purchase_order_writes").pl()
        insert_frame(con, "purchase_order_writes", frame.join(known, on="idempotency_key", how="anti"))
        known = con.sql("SELECT DISTINCT idempotency_key FROM purchase_order_lines").pl()
        insert_frame(con, "purchase_order_lines", line_frame.join(known, on="idempotency_key", how="anti"))
    if dead_lettered:
        raise dg.Failure(f"{len(dead_lettered)} purchase document(s) could not be written and were dead-lettered "
                         "(sync-pipeline dead-letters list)", metadata={"errors": "\n".join(dead_lettered)})
    counts = dict(frame.group_by("write_status").len().iter_rows())
    return dg.MaterializeResult(metadata={"created": int(counts.get("created", 0)),
                                          "replayed": int(counts.get("replayed", 0))})
