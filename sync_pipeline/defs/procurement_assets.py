"""Across takeoffs: our purchase documents read back from the platform, project rollups against stock,
purchase recommendations, and their write-back."""

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import dagster as dg
import polars as pl

from sync_pipeline import writeback
from sync_pipeline.config import purchasing_policy_from_env
from sync_pipeline.contracts import PoRecommendations, ProjectRollups, validated
from sync_pipeline.clients.errors import ApiError, MalformedResponse
from sync_pipeline.clients.models import PurchaseDocument
from sync_pipeline.core import purchase_documents as counting
from sync_pipeline.core.purchasing import recommend
from sync_pipeline.core.rollups import project_rollups as compute_rollups
from sync_pipeline.defs.catalog_assets import stock_levels, vendor_items
from sync_pipeline.defs.resources import InventoryApi, WarehouseResource
from sync_pipeline.defs.takeoff_assets import material_requirements
from sync_pipeline.warehouse import purchase_documents as stored
from sync_pipeline.warehouse.frames import now_utc, utc_column
from sync_pipeline.warehouse.store import delete_rows, insert_frame

GROUP = "procurement"

# The lines of each takeoff's newest revision that the platform accepted (an empty revision counts:
# it replaces what the older one required).
LATEST_WRITTEN_REQUIREMENTS = """
WITH latest AS (
    SELECT takeoff_id, max(revision) AS revision FROM requirement_writes
    WHERE write_status IN ('created', 'replayed') GROUP BY takeoff_id
)
SELECT m.takeoff_id, m.revision, m.project_id, m.sku, m.quantity, m.uom, m.idempotency_key
FROM material_requirements m JOIN latest USING (takeoff_id, revision)
"""

PROJECT_WAREHOUSES = """
SELECT project_id, arg_max(warehouse_code, fetched_at) AS warehouse_code FROM raw_takeoffs GROUP BY project_id
"""


DRAFTS_MARK = "purchase_order_drafts_updated_after"
# Read-back of drafts changed since the last one starts this much earlier (clocks, same-millisecond changes).
MARK_OVERLAP = timedelta(minutes=5)


def _today() -> date:
    """The day procurement runs on (needed-by dates). SYNC_TODAY (YYYY-MM-DD) sets it, for tests and replays."""
    text = os.environ.get("SYNC_TODAY")
    return date.fromisoformat(text) if text else date.today()


@dataclass
class _ReadBack:
    """What the platform showed this run: by our key, (found?, the document or None if unreadable)."""
    seen: dict[str, tuple[bool | None, PurchaseDocument | None]]
    mark: str | None
    actions: list[dict]


def _read_back(client, documents: list[dict], mark: str | None, run_id: str, foreign_known: set[str]) -> _ReadBack:
    """Drafts changed since `mark` and all open drafts in two listings; each pending document (and quote
    request, whose list has no updated_after) by its key; an open draft absent from both listings by its id."""
    ours = {d["idempotency_key"]: d for d in documents}
    by_platform_id = {d["platform_id"]: d["idempotency_key"] for d in documents if d["platform_id"]}
    since = None
    if mark:
        since = (datetime.fromisoformat(mark.replace("Z", "+00:00")) - MARK_OVERLAP).isoformat()
    changed = list(client.purchase_order_drafts(updated_after=since))
    still_open = list(client.purchase_order_drafts(status="open"))
    seen: dict[str, tuple[bool | None, PurchaseDocument | None]] = {}
    actions: list[dict] = []
    for draft in [*changed, *still_open]:
        key = draft.idempotency_key if draft.idempotency_key in ours else by_platform_id.get(draft.id)
        if key is None:
            if draft.id not in foreign_known:   # logged once
                foreign_known.add(draft.id)
                actions.append(stored.action("draft", "foreign", f"{draft.id} ({draft.status}) was not created by "
                                             "sync-pipeline: left alone, not counted", platform_id=draft.id,
                                             run_id=run_id))
            continue
        seen.setdefault(key, (True, draft))
    new_mark = max([mark or "", *(d.updated_at for d in changed)]) or None
    for key, document in ours.items():
        if key in seen or document["status"] not in counting.COUNTED:
            continue
        try:
            if document["status"] == "pending" or document["kind"] == "quote_request" or not document["platform_id"]:
                found = client.purchase_document_by_key(document["kind"], key)
                seen[key] = (found is not None, found)
            else:
                seen[key] = (True, client.purchase_order_draft(document["platform_id"]))
        except MalformedResponse as exc:
            seen[key] = (None, None)
            actions.append(stored.action(document["kind"], "left_alone", f"unreadable on the platform: {exc}",
                                         idempotency_key=key, platform_id=document["platform_id"], run_id=run_id))
        except ApiError as exc:
            if exc.status != 404:
                raise
            seen[key] = (False, None)
    return _ReadBack(seen, new_mark, actions)


def _apply(document: dict, lines: list[dict], found: bool | None, platform: PurchaseDocument | None,
           dead_letter: str | None, now: datetime, run_id: str) -> tuple[dict, list[dict], list[dict]]:
    """The document and its lines as the platform shows them now, and what changed, for the action log."""
    before = document["status"]
    status, reason = counting.reconciled_status(document["kind"], before,
                                                platform.status if platform else None, found=found,
                                                dead_letter=dead_letter)
    updated = {**document, "status": status, "checked_at": now}
    actions = []
    if platform is not None and status == platform.status:
        quantities: dict[str, float] = defaultdict(float)
        for line in platform.lines:
            quantities[line.sku] += line.quantity
        known = {line["sku"] for line in lines}
        prices = {line.sku: line.unit_price for line in platform.lines}
        lines = [{**line, "quantity": quantities.get(line["sku"], 0.0), "checked_at": now,
                  "unit_price": prices.get(line["sku"]) or line["unit_price"]} for line in lines]
        lines += [{"idempotency_key": document["idempotency_key"], "kind": document["kind"],
                   "warehouse_code": platform.warehouse_code, "vendor_id": platform.vendor_id, "sku": line.sku,
                   "posted_quantity": 0.0, "quantity": line.quantity, "uom": line.uom, "unit_price": line.unit_price,
                   "checked_at": now} for line in platform.lines if line.sku not in known]
        changed = any(abs(line["quantity"] - line["posted_quantity"]) > counting.EPSILON for line in lines)
        if changed and not document["buyer_changed"]:
            actions.append(stored.action(document["kind"], "buyer_changed", "quantities changed on the platform: " +
                                         ", ".join(f"{l['sku']} {l['posted_quantity']:g} -> {l['quantity']:g}"
                                                   for l in lines if abs(l["quantity"] - l["posted_quantity"]) > 1e-6),
                                         idempotency_key=document["idempotency_key"], platform_id=platform.id,
                                         run_id=run_id))
        updated.update(platform_id=platform.id, issued_po_number=platform.issued_po_number,
                       platform_updated_at=platform.updated_at, buyer_changed=document["buyer_changed"] or changed)
    if reason is not None and reason != document["status_reason"]:
        updated["status_reason"] = reason
    if status != before or (reason is not None and reason != document["status_reason"]):
        detail = f"{before} -> {status}"
        if updated.get("issued_po_number") and status == "issued":
            detail += f" as purchase order {updated['issued_po_number']}"
        actions.append(stored.action(document["kind"], "status", f"{detail}{': ' + reason if reason else ''}",
                                     idempotency_key=document["idempotency_key"], platform_id=updated["platform_id"],
                                     run_id=run_id))
    return updated, lines, actions


def _causes(requirements: pl.DataFrame, project_warehouses: pl.DataFrame) -> dict[tuple[str, str], str]:
    """Per (warehouse, SKU): the takeoff revisions that require it now, in words."""
    joined = requirements.join(project_warehouses, on="project_id", how="inner")
    causes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in joined.iter_rows(named=True):
        causes[(row["warehouse_code"], row["sku"])].add(f"{row['takeoff_id']}@{row['revision']}")
    return {pair: "required now by " + ", ".join(sorted(revisions)) for pair, revisions in causes.items()}


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[material_requirements, stock_levels, vendor_items],
          pool="warehouse_writer")
def purchase_documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                       inventory_api: InventoryApi) -> dg.MaterializeResult:
    """Our drafts and quote requests read back from the platform (open at their current quantities, issued,
    cancelled, ...), and open ones the need no longer calls for cancelled, each with its reason."""
    store = warehouse.store()
    run_id = context.run.run_id
    stored.register_earlier_documents(store)
    documents, lines = stored.load(store)
    mark_rows = store.query("SELECT value FROM sync_state WHERE name = ?", [DRAFTS_MARK])
    mark = mark_rows["value"][0] if mark_rows.height else None
    letters = stored.dead_letter_states(store)
    lines_of: dict[str, list[dict]] = defaultdict(list)
    for line in lines.iter_rows(named=True):
        lines_of[line["idempotency_key"]].append(line)
    now = now_utc()
    actions: list[dict] = []
    cancelled = refused = 0
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        foreign = set(store.query("SELECT DISTINCT platform_id FROM purchase_document_actions "
                                  "WHERE action = 'foreign'")["platform_id"])
        read = _read_back(client, list(documents.iter_rows(named=True)), mark, run_id, foreign)
        actions += read.actions
        current, current_lines = [], []
        for document in documents.iter_rows(named=True):
            key = document["idempotency_key"]
            found, platform = read.seen.get(key, (None, None))
            updated, updated_lines, changes = _apply(document, lines_of[key], found, platform, letters.get(key),
                                                     now, run_id)
            current.append(updated)
            current_lines += updated_lines
            actions += changes
        stored.save(store, current, current_lines, actions)
        if read.mark and read.mark != mark:
            with store.transaction() as con:
                delete_rows(con, "sync_state", {"name": DRAFTS_MARK})
                insert_frame(con, "sync_state", pl.DataFrame({"name": [DRAFTS_MARK], "value": [read.mark],
                                                              "updated_at": [now]}))

        # What the need is now, without our documents; open ones beyond it are cancelled (the next steps
        # propose what is still missing).
        requirements = store.query(LATEST_WRITTEN_REQUIREMENTS)
        project_warehouses = store.query(PROJECT_WAREHOUSES)
        needs = counting.need_per_warehouse(compute_rollups(requirements, project_warehouses,
                                                            store.query("SELECT * FROM stock_levels")))
        documents, lines = stored.load(store)
        decisions = counting.cancellations(documents, lines, needs, store.query("SELECT * FROM vendor_items"),
                                           _causes(requirements, project_warehouses))
        by_key = {d["idempotency_key"]: d for d in documents.iter_rows(named=True)}
        failures = []
        for decision in decisions.iter_rows(named=True):
            document = by_key[decision["idempotency_key"]]
            if decision["action"] == "left_alone":
                context.log.warning(f"{document['platform_id']}: {decision['reason']}")
                stored.save(store, [], None, [stored.action(document["kind"], "left_alone", decision["reason"],
                                                            idempotency_key=document["idempotency_key"],
                                                            platform_id=document["platform_id"], run_id=run_id)])
                continue
            try:
                answer = writeback.cancel(store, client, document["kind"], document["platform_id"],
                                          f"sync-pipeline: {decision['reason']}", run_id=run_id)
            except writeback.DeadLettered as exc:
                failures.append(str(exc))
                continue
            except ApiError as exc:
                refused += 1
                found, platform = (False, None) if exc.status == 404 else _reread(client, document)
                updated, updated_lines, changes = _apply(document, _lines_for(lines, document), found, platform,
                                                         letters.get(document["idempotency_key"]), now_utc(), run_id)
                stored.save(store, [updated], updated_lines, [*changes, stored.action(
                    document["kind"], "cancel_refused", f"{decision['reason']}; the platform refused: {exc}",
                    idempotency_key=document["idempotency_key"], platform_id=document["platform_id"], run_id=run_id)])
                continue
            cancelled += 1
            context.log.info(f"cancelled {document['platform_id']}: {decision['reason']}")
            updated, updated_lines, changes = _apply(document, _lines_for(lines, document), True, answer,
                                                     letters.get(document["idempotency_key"]), now_utc(), run_id)
            updated["status_reason"] = decision["reason"]
            stored.save(store, [updated], updated_lines, [stored.action(
                document["kind"], "cancelled", decision["reason"], idempotency_key=document["idempotency_key"],
                platform_id=document["platform_id"], run_id=run_id)])
    if failures:
        raise dg.Failure(f"{len(failures)} cancel(s) could not be sent and were dead-lettered "
                         "(sync-pipeline dead-letters list)", metadata={"errors": "\n".join(failures)})
    documents, _ = stored.load(store)
    counts = dict(documents.group_by("status").len().iter_rows())
    return dg.MaterializeResult(metadata={**{status: int(counts.get(status, 0)) for status in
                                             ("pending", "open", "issued", "answered", "cancelled", "missing",
                                              "abandoned")},
                                          "cancelled_now": cancelled, "cancel_refused": refused})


def _reread(client, document: dict) -> tuple[bool | None, PurchaseDocument | None]:
    """A document as the platform shows it right now (after a refused cancel)."""
    try:
        if document["kind"] == "draft":
            return True, client.purchase_order_draft(document["platform_id"])
        found = client.purchase_document_by_key(document["kind"], document["idempotency_key"])
        return found is not None, found
    except ApiError as exc:
        return (False, None) if exc.status == 404 else (None, None)


def _lines_for(lines: pl.DataFrame, document: dict) -> list[dict]:
    return lines.filter(pl.col("idempotency_key") == document["idempotency_key"]).to_dicts()


def _stock_read_at(instance: dg.DagsterInstance) -> datetime | None:
    """When the stock levels in use started to be read (their on_order has every draft issued before then)."""
    event = instance.get_latest_materialization_event(dg.AssetKey("stock_levels"))
    if event is None or event.asset_materialization is None:
        return None
    started = event.asset_materialization.metadata.get("read_started_at")
    moment = started.value if isinstance(started, dg.TimestampMetadataValue) else event.timestamp
    return datetime.fromtimestamp(moment, timezone.utc)


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[material_requirements, stock_levels, purchase_documents],
          pool="warehouse_writer")
def project_rollups(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per project and SKU: required by the latest revisions, available in its warehouse or already asked for
    by our open drafts and quote requests, still to buy."""
    store = warehouse.store()
    drafted = counting.counted_drafts(*stored.load(store), stock_read_at=_stock_read_at(context.instance))
    rollups = compute_rollups(store.query(LATEST_WRITTEN_REQUIREMENTS), store.query(PROJECT_WAREHOUSES),
                              store.query("SELECT * FROM stock_levels"), drafted)
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
                                store.query("SELECT * FROM vendor_items"), today=_today(),
                                policy=purchasing_policy_from_env(),
                                open_totals=counting.open_draft_totals(*stored.load(store)))
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


# Requirement writes per project and SKU: what a document covers, part of its identity.
COVERED = "SELECT DISTINCT project_id, sku, idempotency_key FROM ({}) r".format(LATEST_WRITTEN_REQUIREMENTS)


def _replaced_now(store, run_id: str) -> dict[tuple[str, str | None], list[str]]:
    """Per (warehouse, vendor; None for quote requests): the documents this run cancelled, with the reason."""
    rows = store.query("""
        SELECT d.warehouse_code, d.vendor_id, d.kind, a.platform_id, a.detail FROM purchase_document_actions a
        JOIN purchase_documents d USING (idempotency_key)
        WHERE a.run_id = ? AND a.action = 'cancelled' ORDER BY a.acted_at""", [run_id])
    replaced: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for row in rows.iter_rows(named=True):
        vendor = row["vendor_id"] if row["kind"] == "draft" else None
        replaced[(row["warehouse_code"], vendor)].append(f"{row['platform_id']} ({row['detail']})")
    return replaced


def _pending_row(document: Document, key: str, identity: str, notes: str | None, now: datetime) -> dict:
    body = document.body
    return {"idempotency_key": key, "identity": identity, "recommendation_id": document.recommendation_id,
            "kind": document.kind, "warehouse_code": body["warehouse_code"], "vendor_id": body.get("vendor_id"),
            "platform_id": None, "status": "pending", "issued_po_number": None, "buyer_changed": False,
            "notes": notes, "status_reason": "posting", "platform_updated_at": None, "posted_at": now,
            "checked_at": now}


def _line_rows(document: Document, key: str, now: datetime) -> list[dict]:
    body = document.body
    return [{"idempotency_key": key, "kind": document.kind, "warehouse_code": body["warehouse_code"],
             "vendor_id": body.get("vendor_id"), "sku": line["sku"], "posted_quantity": line["quantity"],
             "quantity": line["quantity"], "uom": line["uom"], "unit_price": line.get("unit_price"),
             "checked_at": now} for line in body["lines"]]


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=[po_recommendations], pool="warehouse_writer")
def purchase_order_drafts(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                          inventory_api: InventoryApi) -> dg.MaterializeResult:
    """Drafts and quote requests written to the platform. Each is recorded as pending before its POST (so a
    process that dies in between finds it again by its key), and as open once the platform accepts it."""
    store = warehouse.store()
    run_id = context.run.run_id
    covered: dict[tuple[str, str], set[str]] = defaultdict(set)
    for project_id, sku, key in store.query(COVERED).iter_rows():
        covered[(project_id, sku)].add(key)
    identities = store.query("SELECT identity, count(*) AS n FROM purchase_documents GROUP BY 1")
    used = dict(identities.iter_rows())
    replaced = _replaced_now(store, run_id)
    accepted, dead_lettered = [], []
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        for document in documents(store.query("SELECT * FROM po_recommendations")):
            body = document.body
            vendors = body["vendor_id"] if document.kind == "draft" else list(body["vendor_ids"])
            projects = sorted({r["project_id"] for r in document.rows})
            requirement_keys = sorted({k for r in document.rows for k in covered.get((r["project_id"], r["sku"]), ())})
            identity = counting.document_identity(document.kind, body["warehouse_code"], vendors, projects,
                                                  requirement_keys)
            key = counting.document_key(document.kind, body["warehouse_code"], vendors, identity,
                                        used.get(identity, 0))
            used[identity] = used.get(identity, 0) + 1
            earlier = replaced.get((body["warehouse_code"], body.get("vendor_id")), [])
            if earlier and document.kind == "draft":
                body = {**body, "notes": f"{body['notes']}; replaces {'; '.join(earlier)}"[:2000]}
                document = Document(document.recommendation_id, document.kind, body, document.rows)
            operation = "post_purchase_order_draft" if document.kind == "draft" else "post_quote_request"
            lines = _order_lines(document)
            now = now_utc()
            pending = _pending_row(document, key, identity, body.get("notes"), now)
            stored.save(store, [pending], _line_rows(document, key, now))   # before the POST: never lost
            try:
                result = writeback.post(store, client, operation, entity=document.recommendation_id,
                                        body=body, idempotency_key=key, context={"lines": lines},
                                        run_id=run_id)
            except writeback.DeadLettered as exc:  # one failed document never holds back the others
                dead_lettered.append(str(exc))
                stored.save(store, [{**pending, "status_reason": f"dead-lettered (dead letter {exc.dead_letter_id}): "
                                     "counted as drafted until it is replayed or discarded"}])
                continue
            done = writeback.AcceptedDocument(key, document.recommendation_id, document.kind, result,
                                              len(body["lines"]), lines)
            writeback.record_documents(store, [done])
            stored.save(store, [{**pending, "platform_id": result.id, "status": "open",
                                 "status_reason": "accepted by the platform", "checked_at": now_utc()}])
            accepted.append(done)
    if dead_lettered:
        raise dg.Failure(f"{len(dead_lettered)} purchase document(s) could not be written and were dead-lettered "
                         "(sync-pipeline dead-letters list)", metadata={"errors": "\n".join(dead_lettered)})
    replayed = sum(d.result.replayed for d in accepted)
    return dg.MaterializeResult(metadata={"created": len(accepted) - replayed, "replayed": replayed})
