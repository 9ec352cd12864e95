"""Catalog products as a reviewer weighs them: description, stock unit, stock on hand and price.

From the latest catalog snapshots in the warehouse (catalog_products, stock_levels, vendor_items), so
the review pages never call the inventory platform. Stock on hand is summed over warehouses; the
price is the preferred vendor's, else the lowest offered, else the catalog's unit cost, per stock unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync_pipeline.warehouse.store import Warehouse

_PRODUCTS = """
WITH stock AS (SELECT sku, sum(on_hand) AS on_hand FROM stock_levels GROUP BY sku),
offers AS (
    SELECT sku, coalesce(min(unit_price) FILTER (WHERE preferred), min(unit_price)) AS unit_price
    FROM vendor_items WHERE coalesce(vendor_active, true) AND status <> 'discontinued' GROUP BY sku)
SELECT p.sku, p.description, p.uom, p.active, s.on_hand AS stock_on_hand,
       CAST(coalesce(o.unit_price, p.unit_cost) AS DOUBLE) AS unit_price
FROM catalog_products p LEFT JOIN stock s USING (sku) LEFT JOIN offers o USING (sku)
"""
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Product:
    sku: str
    description: str
    uom: str
    active: bool
    stock_on_hand: float | None   # None: no stock level for it in any warehouse
    unit_price: float | None


def products(store: Warehouse, skus: list[str]) -> dict[str, Product]:
    """These SKUs' products, by SKU (those not in the catalog are left out)."""
    if not skus:
        return {}
    rows = store.query(f"{_PRODUCTS} WHERE list_contains(?, p.sku)", [sorted(set(skus))])
    return {r["sku"]: Product(**r) for r in rows.iter_rows(named=True)}


def search_products(store: Warehouse, text: str, limit: int = SEARCH_LIMIT) -> list[Product]:
    """Products whose SKU, description, maker or part numbers contain every word of `text` (any case);
    active ones first, then exact SKU, then by SKU."""
    words = [w.lower() for w in text.split()]
    if not words:
        return []
    where = " AND ".join("contains(haystack, ?)" for _ in words)
    # Each product's searchable text is put together once, then held against every word.
    found = f"""
        SELECT sku FROM (
            SELECT p.sku, lower(concat_ws(' ', p.sku, p.description, p.manufacturer, p.manufacturer_part_number,
                                          parts.numbers)) AS haystack
            FROM catalog_products p LEFT JOIN (
                SELECT sku, string_agg(vendor_part_number, ' ') AS numbers FROM vendor_items GROUP BY sku
            ) parts USING (sku))
        WHERE {where}"""
    rows = store.query(f"{_PRODUCTS} WHERE p.sku IN ({found}) ORDER BY p.active DESC, lower(p.sku) = ? DESC, p.sku "
                       "LIMIT ?", [*words, text.strip().lower(), limit])
    return [Product(**r) for r in rows.iter_rows(named=True)]
