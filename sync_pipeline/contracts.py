"""Data contracts (pandera on Polars) for every asset's output, checked before anything is stored.

Each model mirrors the warehouse table of the same name (see warehouse/migrations). Strict
mode keeps stray columns out of the warehouse; checks encode the rules analysts rely on.
"""

from __future__ import annotations

from typing import Optional

import pandera.polars as pa
import polars as pl

UTC_TIMESTAMP = pl.Datetime("us", "UTC")
CONVERSIONS = pl.List(pl.Struct({"uom": pl.Utf8, "factor": pl.Float64}))
PRICE_BREAKS = pl.List(pl.Struct({"min_quantity": pl.Float64, "unit_price": pl.Decimal(18, 4)}))
MATCH_STATUSES = ["matched", "review", "unmatched"]
MATCH_METHODS = ["mapping", "part_number", "fuzzy", "none"]


class Contract(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = False


class RawTakeoffs(Contract):
    takeoff_id: str = pa.Field(str_length={"min_value": 1})
    revision: pl.Int64 = pa.Field(ge=1)
    project_id: str
    warehouse_code: Optional[str] = pa.Field(nullable=True)
    status: str = pa.Field(isin=["draft", "submitted", "approved", "rejected", "superseded"])
    name: Optional[str] = pa.Field(nullable=True)
    approved_at: Optional[UTC_TIMESTAMP] = pa.Field(nullable=True)
    updated_at: UTC_TIMESTAMP
    payload: str
    payload_sha256: str = pa.Field(str_length=64)
    fetched_at: UTC_TIMESTAMP

    @pa.dataframe_check
    def one_row_per_revision(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("takeoff_id", "revision").is_unique())


class TakeoffLineItems(Contract):
    takeoff_id: str
    revision: pl.Int64 = pa.Field(ge=1)
    line_id: str = pa.Field(unique=True)
    line_number: pl.Int64 = pa.Field(ge=1)
    project_id: str
    area: Optional[str] = pa.Field(nullable=True)
    phase: Optional[str] = pa.Field(nullable=True)
    description: Optional[str] = pa.Field(nullable=True)
    description_key: Optional[str] = pa.Field(nullable=True)
    quantity_raw: Optional[str] = pa.Field(nullable=True)
    quantity: Optional[pl.Float64] = pa.Field(nullable=True)
    uom_raw: Optional[str] = pa.Field(nullable=True)
    uom_code: Optional[str] = pa.Field(nullable=True)
    part_number: Optional[str] = pa.Field(nullable=True)
    spec_ref: Optional[str] = pa.Field(nullable=True)
    notes: Optional[str] = pa.Field(nullable=True)
    line_status: str = pa.Field(isin=["ok", "quarantined"])
    quarantine_reason: Optional[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    def quarantine_has_reason(cls, data) -> pl.LazyFrame:
        """A quarantined line always says why; a line that goes on has a positive quantity."""
        return data.lazyframe.select(
            pl.when(pl.col("line_status") == "quarantined")
            .then(pl.col("quarantine_reason").is_not_null())
            .otherwise(pl.col("quarantine_reason").is_null() & (pl.col("quantity") > 0))
            .fill_null(False)
        )


class CatalogProducts(Contract):
    sku: str = pa.Field(unique=True, str_length={"min_value": 1})
    description: str
    category: Optional[str] = pa.Field(nullable=True)
    manufacturer: Optional[str] = pa.Field(nullable=True)
    manufacturer_part_number: Optional[str] = pa.Field(nullable=True)
    upc: Optional[str] = pa.Field(nullable=True)
    uom: str
    uom_conversions: CONVERSIONS
    unit_cost: Optional[pl.Decimal(18, 4)] = pa.Field(nullable=True)
    reorder_point: Optional[pl.Float64] = pa.Field(nullable=True)
    reorder_qty: Optional[pl.Float64] = pa.Field(nullable=True)
    active: bool
    updated_at: UTC_TIMESTAMP
    snapshot_id: pl.Int64


class UomCodes(Contract):
    code: str = pa.Field(unique=True)
    name: str
    kind: str = pa.Field(isin=["count", "length", "area", "volume", "weight", "package"])
    snapshot_id: pl.Int64


class StockLevels(Contract):
    sku: str
    warehouse_code: str
    on_hand: pl.Float64
    allocated: pl.Float64
    on_order: pl.Float64
    bin: Optional[str] = pa.Field(nullable=True)
    snapshot_id: pl.Int64

    @pa.dataframe_check
    def one_row_per_sku_and_warehouse(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("sku", "warehouse_code").is_unique())


class VendorItems(Contract):
    vendor_id: str
    vendor_name: Optional[str] = pa.Field(nullable=True)
    vendor_active: Optional[bool] = pa.Field(nullable=True)
    quote_email: Optional[str] = pa.Field(nullable=True)
    sku: str
    vendor_part_number: Optional[str] = pa.Field(nullable=True)
    unit_price: pl.Decimal(18, 4) = pa.Field(ge=0)
    price_breaks: PRICE_BREAKS
    pack_quantity: pl.Float64 = pa.Field(gt=0)
    min_order_quantity: pl.Float64 = pa.Field(ge=0)
    lead_time_days: Optional[pl.Int64] = pa.Field(nullable=True, ge=0)
    preferred: bool
    status: str = pa.Field(isin=["available", "backordered", "discontinued"])
    snapshot_id: pl.Int64

    @pa.dataframe_check
    def one_row_per_vendor_and_sku(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("vendor_id", "sku").is_unique())


class MatchResults(Contract):
    takeoff_id: str
    revision: pl.Int64 = pa.Field(ge=1)
    line_id: str = pa.Field(unique=True)
    project_id: str
    description: Optional[str] = pa.Field(nullable=True)
    description_key: Optional[str] = pa.Field(nullable=True)
    status: str = pa.Field(isin=MATCH_STATUSES)
    sku: Optional[str] = pa.Field(nullable=True)
    confidence: pl.Float64 = pa.Field(ge=0, le=1)
    method: str = pa.Field(isin=MATCH_METHODS)
    candidates: pl.List(pl.Utf8)
    quantity: Optional[pl.Float64] = pa.Field(nullable=True)
    uom_code: Optional[str] = pa.Field(nullable=True)
    stock_uom: Optional[str] = pa.Field(nullable=True)
    stock_quantity: Optional[pl.Float64] = pa.Field(nullable=True)
    reason: str
    annotations: Optional[str] = pa.Field(nullable=True)
    catalog_snapshot_id: pl.Int64
    matched_at: UTC_TIMESTAMP

    @pa.dataframe_check
    def matched_lines_are_complete(cls, data) -> pl.LazyFrame:
        """An auto match always names a SKU and a positive quantity in that SKU's stock unit."""
        return data.lazyframe.select(
            (pl.col("status") != "matched")
            | (pl.col("sku").is_not_null() & pl.col("stock_uom").is_not_null() & (pl.col("stock_quantity") > 0))
            .fill_null(False)
        )


class MaterialRequirements(Contract):
    takeoff_id: str
    revision: pl.Int64 = pa.Field(ge=1)
    project_id: str
    warehouse_code: Optional[str] = pa.Field(nullable=True)
    sku: str = pa.Field(unique=True)
    quantity: pl.Float64 = pa.Field(gt=0)
    uom: str
    source_line_ids: pl.List(pl.Utf8)
    requirement_id: Optional[str] = pa.Field(nullable=True)
    idempotency_key: str
    write_status: str = pa.Field(isin=["created", "replayed", "stale_revision"])
    written_at: UTC_TIMESTAMP


class ProjectRollups(Contract):
    project_id: str
    warehouse_code: Optional[str] = pa.Field(nullable=True)
    sku: str
    uom: str
    required_quantity: pl.Float64 = pa.Field(gt=0)
    takeoff_count: pl.Int64 = pa.Field(ge=1)
    on_hand: pl.Float64
    allocated: pl.Float64
    on_order: pl.Float64
    available: pl.Float64
    drafted: pl.Float64 = pa.Field(ge=0)
    net_requirement: pl.Float64 = pa.Field(ge=0)
    computed_at: UTC_TIMESTAMP

    @pa.dataframe_check
    def one_row_per_project_and_sku(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("project_id", "sku").is_unique())


class PoRecommendations(Contract):
    recommendation_id: str
    kind: str = pa.Field(isin=["draft", "quote_request", "unsourced"])
    project_id: str
    warehouse_code: Optional[str] = pa.Field(nullable=True)
    vendor_id: Optional[str] = pa.Field(nullable=True)
    vendor_ids: pl.List(pl.Utf8)
    sku: str
    vendor_part_number: Optional[str] = pa.Field(nullable=True)
    net_requirement: pl.Float64 = pa.Field(gt=0)
    order_quantity: pl.Float64 = pa.Field(gt=0)
    uom: str
    unit_price: Optional[pl.Decimal(18, 4)] = pa.Field(nullable=True)
    line_total: Optional[pl.Decimal(18, 2)] = pa.Field(nullable=True)
    needed_by: Optional[pl.Date] = pa.Field(nullable=True)
    rule: str
    computed_at: UTC_TIMESTAMP

    @pa.dataframe_check
    def order_covers_need(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("order_quantity") >= pl.col("net_requirement") - 1e-9).fill_null(False))

    @pa.dataframe_check
    def written_kinds_are_complete(cls, data) -> pl.LazyFrame:
        """A draft names its vendor and price; a quote request asks two or more vendors; both have a warehouse."""
        kind = pl.col("kind")
        return data.lazyframe.select(
            pl.when(kind == "draft")
            .then(pl.col("vendor_id").is_not_null() & pl.col("unit_price").is_not_null()
                  & pl.col("warehouse_code").is_not_null())
            .when(kind == "quote_request")
            .then((pl.col("vendor_ids").list.len() >= 2) & pl.col("warehouse_code").is_not_null())
            .otherwise(True)
        )


class PurchaseOrderWrites(Contract):
    idempotency_key: str = pa.Field(unique=True)
    recommendation_id: str
    kind: str = pa.Field(isin=["draft", "quote_request"])
    platform_id: str
    line_count: pl.Int64 = pa.Field(ge=1)
    write_status: str = pa.Field(isin=["created", "replayed"])
    written_at: UTC_TIMESTAMP


class PurchaseOrderLines(Contract):
    idempotency_key: str
    recommendation_id: str
    kind: str = pa.Field(isin=["draft", "quote_request"])
    project_id: str
    warehouse_code: str
    vendor_id: Optional[str] = pa.Field(nullable=True)
    sku: str
    quantity: pl.Float64 = pa.Field(gt=0)
    uom: str
    written_at: UTC_TIMESTAMP

    @pa.dataframe_check
    def one_row_per_document_project_and_sku(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.struct("idempotency_key", "project_id", "sku").is_unique())


class ReconciliationReport(Contract):
    report_id: str = pa.Field(str_length={"min_value": 1})
    checked_at: UTC_TIMESTAMP
    approved_revisions: pl.Int64 = pa.Field(ge=0)
    written: pl.Int64 = pa.Field(ge=0)
    in_flight: pl.Int64 = pa.Field(ge=0)
    missing: pl.Int64 = pa.Field(ge=0)
    drift_share: float = pa.Field(ge=0, le=1)
    max_drift: float = pa.Field(ge=0, le=1)
    webhook_window_start: UTC_TIMESTAMP
    webhook_approvals: pl.Int64 = pa.Field(ge=0)
    webhook_approvals_unlisted: pl.Int64 = pa.Field(ge=0)
    missing_revisions: pl.List(pl.Utf8)

    @pa.dataframe_check
    def counts_add_up(cls, data) -> pl.LazyFrame:
        """Every approved revision is written, in flight or missing, and no more than that."""
        return data.lazyframe.select(pl.col("written") + pl.col("in_flight") + pl.col("missing")
                                     == pl.col("approved_revisions"))


class ContractViolation(ValueError):
    """An asset produced a frame that breaks its contract; nothing of it was stored."""


def validated(frame: pl.DataFrame, model: type[Contract]) -> pl.DataFrame:
    """The frame, if it meets the contract; otherwise ContractViolation listing every failure."""
    try:
        return model.validate(frame, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        raise ContractViolation(f"{model.__name__} contract failed:\n{exc}") from None
