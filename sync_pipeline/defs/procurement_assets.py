"""Across takeoffs: project rollups against stock, purchase recommendations, and their write-back."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import dagster as dg
import polars as pl

from sync_pipeline import writeback
from sync_pipeline.config import purchasing_policy_from_env
from sync_pipeline.contracts import PoRecommendations, ProjectRollups, validated
from sync_pipeline.core.purchasing import recommend
from sync_pipeline.core.requirements import idempotency_key
from sync_pipeline.core.rollups import project_rollups as compute_rollups
from sync_pipeline.defs.catalog_assets import stock_levels, vendor_items
from sync_pipeline.defs.resources import InventoryApi, WarehouseResource
from sync_pipeline.defs.takeoff_assets import material_requirements
from sync_pipeline.warehouse.frames import now_utc, utc_column

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


def _order_lines(document: Document) -> list[dict]:
    """What the document orders per project and SKU: recorded once it is written, and kept with its dead letter
    so that a replay records it the same way."""
    return [{"project_id": r["project_id"], "warehouse_code": r["warehouse_code"], "vendor_id": r["vendor_id"],
             "sku": r["sku"], "quantity": r["order_quantity"], "uom": r["uom"]} for r in document.rows]


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[po_recommendations], pool="warehouse_writer")
def purchase_order_drafts(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                          inventory_api: InventoryApi) -> dg.MaterializeResult:
    """Drafts and quote requests written to the platform, each line recorded so it is never drafted again."""
    store = warehouse.store()
    accepted, dead_lettered = [], []
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        for document in documents(store.query("SELECT * FROM po_recommendations")):
            key = idempotency_key(f"{document.kind}:{document.recommendation_id}", document.body)
            operation = "post_purchase_order_draft" if document.kind == "draft" else "post_quote_request"
            lines = _order_lines(document)
            try:
                result = writeback.post(store, client, operation, entity=document.recommendation_id,
                                        body=document.body, idempotency_key=key, context={"lines": lines},
                                        run_id=context.run.run_id)
            except writeback.DeadLettered as exc:  # one failed document never holds back the others
                dead_lettered.append(str(exc))
                continue
            accepted.append(writeback.AcceptedDocument(key, document.recommendation_id, document.kind, result,
                                                       len(document.body["lines"]), lines))
    writeback.record_documents(store, accepted)
    if dead_lettered:
        raise dg.Failure(f"{len(dead_lettered)} purchase document(s) could not be written and were dead-lettered "
                         "(sync-pipeline dead-letters list)", metadata={"errors": "\n".join(dead_lettered)})
    replayed = sum(d.result.replayed for d in accepted)
    return dg.MaterializeResult(metadata={"created": len(accepted) - replayed, "replayed": replayed})
