"""Per project and SKU: what the latest approved revisions require, against the supplying warehouse.

Stock is shared: projects supplied by the same warehouse draw on the same available quantity,
so it is handed out in project order and no unit of stock is counted twice. What we already
put in purchase-order drafts and quote requests counts like stock on order (the platform
only shows it in on_order once a buyer issues the order), so a new takeoff is drafted only
for what is still missing, never again for what was drafted before.
"""

from __future__ import annotations

import polars as pl


def project_rollups(requirements: pl.DataFrame, project_warehouses: pl.DataFrame, stock: pl.DataFrame,
                    drafted: pl.DataFrame | None = None) -> pl.DataFrame:
    """requirements: takeoff_id, revision, project_id, sku, quantity, uom (any revisions; the latest counts).
    project_warehouses: project_id, warehouse_code. stock: sku, warehouse_code, on_hand, allocated, on_order.
    drafted: sku, warehouse_code, quantity: what our drafts and quote requests already ask for.
    """
    latest = requirements.filter(pl.col("revision") == pl.col("revision").max().over("takeoff_id"))
    required = (
        latest.group_by("project_id", "sku", "uom")
        .agg(required_quantity=pl.col("quantity").sum(), takeoff_count=pl.col("takeoff_id").n_unique().cast(pl.Int64))
        .join(project_warehouses.select("project_id", "warehouse_code"), on="project_id", how="left")
    )
    levels = stock.select("sku", "warehouse_code", "on_hand", "allocated", "on_order")
    if drafted is None:
        drafted = pl.DataFrame(schema={"sku": pl.Utf8, "warehouse_code": pl.Utf8, "quantity": pl.Float64})
    ours = drafted.group_by("sku", "warehouse_code").agg(drafted=pl.col("quantity").sum())
    joined = required.join(levels, on=["sku", "warehouse_code"], how="left") \
        .join(ours, on=["sku", "warehouse_code"], how="left").with_columns(
            pl.col("on_hand", "allocated", "on_order", "drafted").fill_null(0.0).cast(pl.Float64),
        ).with_columns(available=pl.col("on_hand") - pl.col("allocated") + pl.col("on_order"))
    # Hand the warehouse's free stock, and what we drafted for it, to its projects in project order.
    pool = [pl.col("warehouse_code"), pl.col("sku")]
    return (
        joined.sort("warehouse_code", "sku", "project_id", nulls_last=True)
        .with_columns(
            needed_before=pl.col("required_quantity").cum_sum().over(pool) - pl.col("required_quantity"),
            free=pl.col("available").clip(lower_bound=0.0) + pl.col("drafted"),
        )
        .with_columns(
            net_requirement=(pl.col("required_quantity") - (pl.col("free") - pl.col("needed_before")).clip(0.0))
            .clip(lower_bound=0.0).round(6),
        )
        .select("project_id", "warehouse_code", "sku", "uom", "required_quantity", "takeoff_count", "on_hand",
                "allocated", "on_order", "available", "drafted", "net_requirement")
        .sort("project_id", "sku")
    )
