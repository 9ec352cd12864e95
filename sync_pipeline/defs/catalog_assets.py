"""Catalog snapshots from the inventory platform: products (incremental), unit codes, stock, vendor items.

Products are refreshed incrementally from the last high-water mark; each refresh that changes
anything is a numbered snapshot, and every product version is kept in catalog_product_history,
so a match can be traced to the catalog it used.
"""

from datetime import timedelta

import dagster as dg
import polars as pl

from sync_pipeline.contracts import CatalogProducts, StockLevels, UomCodes, VendorItems, validated
from sync_pipeline.defs.resources import InventoryApi, WarehouseResource
from sync_pipeline.warehouse.frames import (now_utc, products_frame, stock_frame, uom_codes_frame,
                                            vendor_items_frame)
from sync_pipeline.warehouse.store import Warehouse, delete_rows, insert_frame

GROUP = "catalog"
HIGH_WATER_OVERLAP = timedelta(minutes=5)


@dg.asset(group_name=GROUP, kinds={"duckdb"}, pool="warehouse_writer")
def catalog_products(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                     inventory_api: InventoryApi) -> dg.MaterializeResult:
    """Every product in the catalog; only what changed since the last high-water mark is fetched."""
    store = warehouse.store()
    state = store.query("SELECT max(updated_at) AS hwm, count(*) AS n FROM catalog_products")
    high_water = state["hwm"][0]
    snapshot_id = store.catalog_snapshot_id() + 1
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        # Re-read a small overlap: several products can share the high-water timestamp.
        since = (high_water - HIGH_WATER_OVERLAP).isoformat() if high_water is not None else None
        fetched = validated(products_frame(client.products(updated_since=since), snapshot_id), CatalogProducts)
    known = store.query("SELECT sku, updated_at FROM catalog_products WHERE updated_at >= ?", [since]) \
        if since is not None else None
    changed = fetched if known is None else fetched.join(known, on=["sku", "updated_at"], how="anti")
    if high_water is not None and changed.height == 0:
        return dg.MaterializeResult(metadata={"changed": 0, "total": int(state["n"][0]),
                                              "snapshot_id": snapshot_id - 1})
    with store.transaction() as con:
        if high_water is None:
            delete_rows(con, "catalog_products", {})
        else:
            con.register("changed_skus", changed.select("sku"))
            con.execute("DELETE FROM catalog_products WHERE sku IN (SELECT sku FROM changed_skus)")
            con.unregister("changed_skus")
        insert_frame(con, "catalog_products", changed)
        insert_frame(con, "catalog_product_history", changed)
        total = con.execute("SELECT count(*), max(updated_at) FROM catalog_products").fetchone()
        con.execute("INSERT INTO catalog_snapshots VALUES (?, ?, ?, ?, ?, ?)",
                    [snapshot_id, now_utc(), "full" if high_water is None else "incremental", changed.height,
                     total[0], total[1]])
    return dg.MaterializeResult(metadata={"changed": changed.height, "total": int(total[0]),
                                          "snapshot_id": snapshot_id,
                                          "kind": "full" if high_water is None else "incremental"})


def _replace_table(store: Warehouse, table: str, frame: pl.DataFrame) -> None:
    with store.transaction() as con:
        delete_rows(con, table, {})
        insert_frame(con, table, frame)


@dg.asset(group_name=GROUP, kinds={"duckdb"}, pool="warehouse_writer")
def uom_codes(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
              inventory_api: InventoryApi) -> dg.MaterializeResult:
    """The unit codes the platform accepts; requirements are only ever written in these."""
    store = warehouse.store()
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        frame = validated(uom_codes_frame(client.uom_codes(), store.catalog_snapshot_id()), UomCodes)
    _replace_table(store, "uom_codes", frame)
    return dg.MaterializeResult(metadata={"codes": frame.height})


@dg.asset(group_name=GROUP, kinds={"duckdb"}, pool="warehouse_writer")
def stock_levels(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                 inventory_api: InventoryApi) -> dg.MaterializeResult:
    """On hand, allocated and on order per SKU and warehouse (the API has no change feed: full refresh)."""
    store = warehouse.store()
    read_started_at = now_utc()   # on_order is as of (at the earliest) this moment: see core.purchase_documents
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        frame = validated(stock_frame(client.stock(), store.catalog_snapshot_id()), StockLevels)
    _replace_table(store, "stock_levels", frame)
    return dg.MaterializeResult(metadata={"rows": frame.height,
                                          "warehouses": frame["warehouse_code"].n_unique(),
                                          "read_started_at": dg.TimestampMetadataValue(read_started_at.timestamp())})


@dg.asset(group_name=GROUP, kinds={"duckdb"}, pool="warehouse_writer")
def vendor_items(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                 inventory_api: InventoryApi) -> dg.MaterializeResult:
    """Who sells each SKU, at what price, pack size, lead time, and whether it can be had now."""
    store = warehouse.store()
    with warehouse.event_log(context) as events, inventory_api.client(events) as client:
        vendors = list(client.vendors())
        frame = validated(vendor_items_frame(client.vendor_items(), vendors, store.catalog_snapshot_id()),
                          VendorItems)
    _replace_table(store, "vendor_items", frame)
    return dg.MaterializeResult(metadata={"rows": frame.height, "vendors": len(vendors)})
