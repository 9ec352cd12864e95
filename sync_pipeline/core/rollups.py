"""Per project and SKU: what the latest approved revisions require, against the supplying warehouse.

Stock is shared: projects supplied by the same warehouse draw on the same available quantity,
so it is handed out in project order and no unit of stock is counted twice.
"""

from __future__ import annotations

import polars as pl


def project_rollups(requirements: pl.DataFrame, project_warehouses: pl.DataFrame, stock: pl.DataFrame
                    ) -> pl.DataFrame:
    """requirements: takeoff_id, revision, project_id, sku, quantity, uom (any revisions; the latest counts).
    project_warehouses: project_id, warehouse_code. stock: sku, warehouse_code, on_hand, allocated, on_order.
    """
    latest = requirements.filter(pl.col("revision") == pl.col("revision").max().over("takeoff_id"))
    required = (
        latest.group_by("project_id", "sku", "uom")
        .agg(required_quantity=pl.col("quantity").sum(), takeoff_count=pl.col("takeoff_id").n_unique().cast(pl.Int64))
        .join(project_warehouses.select("project_id", "warehouse_code"), on="project_id", how="left")
    )
    levels = stock.select("sku", "warehouse_code", "on_hand", "allocated", "on_order")
    joined = required.join(levels, on=["sku", "warehouse_code"], how="left").with_columns(
        pl.col("on_hand", "allocated", "on_order").fill_null(0.0).cast(pl.Float64),
    ).with_columns(available=pl.col("on_hand") - pl.col("allocated") + pl.col("on_order"))
    # Hand the warehouse's free stock to its projects in project order.
    pool = [pl.col("warehouse_code"), pl.col("sku")]
    return (
        joined.sort("warehouse_code", "sku", "project_id", nulls_last=True)
        .with_columns(
            needed_before=pl.col("required_quantity").cum_sum().over(pool) - pl.col("required_quantity"),
            free=pl.col("available").clip(lower_bound=0.0),
        )
        .with_columns(
            net_requirement=(pl.col("required_quantity") - (pl.col("free") - pl.col("needed_before")).clip(0.0))
            .clip(lower_bound=0.0),
        )
        .select("project_id", "warehouse_code", "sku", "uom", "required_quantity", "takeoff_count", "on_hand",
                "allocated", "on_order", "available", "net_requirement")
        .sort("project_id", "sku")
    )
