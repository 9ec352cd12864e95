"""The matcher's catalog index, built once per catalog and reused by every run in the process.

The index reads products and vendor part numbers; vendor items are refreshed on their own, so
the cache key holds a fingerprint of the vendor part numbers beside the product snapshot id.
"""

from __future__ import annotations

import threading

from sync_pipeline.core.catalog_index import CatalogIndex, build_catalog_index
from sync_pipeline.warehouse.store import Warehouse

_cache: dict[tuple[str, int, str], CatalogIndex] = {}
_lock = threading.Lock()


def catalog_index_for(store: Warehouse) -> tuple[CatalogIndex, int]:
    """The index of the warehouse's current catalog snapshot, and that snapshot's id."""
    snapshot_id = store.catalog_snapshot_id()
    key = (store.location.catalog, snapshot_id, _vendor_part_numbers_fingerprint(store))
    with _lock:
        if key not in _cache:
            products = store.query("SELECT sku, description, category, manufacturer, manufacturer_part_number, "
                                   "uom, uom_conversions, active FROM catalog_products ORDER BY sku")
            part_numbers = store.query("SELECT sku, vendor_part_number FROM vendor_items "
                                       "WHERE vendor_part_number IS NOT NULL")
            _cache.clear()  # one snapshot at a time: older ones are never asked for again
            _cache[key] = build_catalog_index(products, part_numbers)
        return _cache[key], snapshot_id


def _vendor_part_numbers_fingerprint(store: Warehouse) -> str:
    """Changes whenever a vendor part number is added, removed or edited; independent of row order."""
    row = store.query("SELECT count(*), coalesce(bit_xor(hash(sku, vendor_part_number)), 0) FROM vendor_items "
                      "WHERE vendor_part_number IS NOT NULL").row(0)
    return f"{row[0]}:{row[1]}"
