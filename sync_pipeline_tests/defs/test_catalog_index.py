"""The cached catalog index follows the warehouse: new products and new vendor part numbers both show."""

from __future__ import annotations

import polars as pl
import pytest

from sync_pipeline.core.matching import match_lines
from sync_pipeline.defs.catalog_index import catalog_index_for
from sync_pipeline.warehouse.store import Warehouse


def _product(con, sku: str, description: str, snapshot_id: int) -> None:
    con.execute("INSERT INTO catalog_snapshots VALUES (?, now(), 'full', 1, 1, NULL)", [snapshot_id])
    con.execute("INSERT INTO catalog_products (sku, description, manufacturer, uom, active, updated_at, snapshot_id) "
                "VALUES (?, ?, 'Acme', 'EA', true, now(), ?)", [sku, description, snapshot_id])


def _vendor_part_number(con, sku: str, part_number: str) -> None:
    con.execute("INSERT INTO vendor_items (vendor_id, sku, vendor_part_number, unit_price, pack_quantity, "
                "min_order_quantity, preferred, status, snapshot_id) VALUES ('V1', ?, ?, 1, 1, 1, true, 'active', 1)",
                [sku, part_number])


def _match_by_part_number(store: Warehouse, part_number: str) -> pl.DataFrame:
    index, _ = catalog_index_for(store)
    lines = pl.DataFrame({"line_id": ["L1"], "description": ["duplex receptacle 20a"],
                          "part_number": [part_number], "quantity": [1.0], "uom": ["ea"]})
    return match_lines(index, lines)


def test_index_picks_up_a_vendor_part_number_added_without_a_product_change(tmp_path):
    store = Warehouse(tmp_path / "warehouse")
    store.migrate()
    with store.transaction() as con:
        _product(con, "ELE-1", "DUPLEX RECEPTACLE 20A 125V WHITE", 1)
    assert _match_by_part_number(store, "XR-2020")["method"][0] != "part_number"

    with store.transaction() as con:
        _vendor_part_number(con, "ELE-1", "XR-2020")
    result = _match_by_part_number(store, "XR-2020")
    assert (result["method"][0], result["sku"][0]) == ("part_number", "ELE-1")


def test_an_index_built_once_is_loaded_by_another_process_instead_of_built_again(tmp_path, monkeypatch):
    import sync_pipeline.defs.catalog_index as cache

    store = Warehouse(tmp_path / "warehouse")
    store.migrate()
    with store.transaction() as con:
        _product(con, "ELE-1", "DUPLEX RECEPTACLE 20A 125V WHITE", 1)
    built, _ = catalog_index_for(store)
    [published] = (tmp_path / "warehouse" / "files" / "indexes").glob("1-*.pickle")

    cache._cache.clear()   # as a fresh run process on another host would start
    monkeypatch.setattr(cache, "build_catalog_index", lambda *a, **k: pytest.fail("built again"))
    loaded, snapshot_id = catalog_index_for(store)
    assert snapshot_id == 1 and loaded.products.equals(built.products)

    published.write_bytes(b"half-written")   # a damaged file costs a rebuild, never a failed run
    cache._cache.clear()
    monkeypatch.undo()
    assert catalog_index_for(store)[0].products.equals(built.products)
