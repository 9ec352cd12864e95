"""The matcher's catalog index: built once per catalog snapshot and shared by every run on every host.

The index reads products and vendor part numbers; vendor items are refreshed on their own, so
the key holds a fingerprint of the vendor part numbers beside the product snapshot id. A process
keeps the index it last used; other processes and hosts load the one published beside the
warehouse's table files (`indexes/<key>.pickle`, written whole then renamed into place), and only
the first to need a new snapshot's index builds it. The files are written by the pipeline alone,
in the same location as its tables, so reading them trusts nothing the tables do not.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from importlib import resources

import fsspec

from sync_pipeline.core.catalog_index import CatalogIndex, build_catalog_index
from sync_pipeline.warehouse.store import Warehouse

log = logging.getLogger(__name__)


def _code_fingerprint() -> str:
    """Part of every key: an index pickled by other matcher code is never loaded."""
    digest = hashlib.sha256()
    for module in sorted(resources.files("sync_pipeline.core").iterdir(), key=lambda f: f.name):
        if module.name.endswith(".py"):
            digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


CODE = _code_fingerprint()
_cache: dict[str, CatalogIndex] = {}
_lock = threading.Lock()


def catalog_index_for(store: Warehouse) -> tuple[CatalogIndex, int]:
    """The index of the warehouse's current catalog snapshot, and that snapshot's id."""
    snapshot_id = store.catalog_snapshot_id()
    key = _key(store, snapshot_id)
    with _lock:
        if key not in _cache:
            index = _load(store, key)
            if index is None:
                index = _build(store)
                _publish(store, key, index)
            _cache.clear()  # one snapshot at a time: older ones are never asked for again
            _cache[key] = index
        return _cache[key], snapshot_id


def _key(store: Warehouse, snapshot_id: int) -> str:
    text = f"{CODE}|{store.location.catalog}|{snapshot_id}|{_vendor_part_numbers_fingerprint(store)}"
    return f"{snapshot_id}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def _build(store: Warehouse) -> CatalogIndex:
    products = store.query("SELECT sku, description, category, manufacturer, manufacturer_part_number, "
                           "uom, uom_conversions, active FROM catalog_products ORDER BY sku")
    part_numbers = store.query("SELECT sku, vendor_part_number FROM vendor_items "
                               "WHERE vendor_part_number IS NOT NULL")
    return build_catalog_index(products, part_numbers)


def _path(store: Warehouse, key: str) -> str:
    return f"{store.location.data_dir()}indexes/{key}.pickle"


def _load(store: Warehouse, key: str) -> CatalogIndex | None:
    path = _path(store, key)
    try:
        with fsspec.open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged or unreadable file only costs a rebuild
        log.warning("catalog index %s could not be loaded (%s); building it again", path, exc)
        return None


def _publish(store: Warehouse, key: str, index: CatalogIndex) -> None:
    """Write the index whole under a temporary name, then rename it: readers see all of it or nothing."""
    path = _path(store, key)
    fs, _, [target] = fsspec.get_fs_token_paths(path)
    temporary = f"{target}.{threading.get_ident()}.tmp"
    try:
        fs.makedirs(fs._parent(target), exist_ok=True)
        with fs.open(temporary, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        fs.mv(temporary, target)
    except Exception as exc:  # noqa: BLE001 - sharing is an optimization: this process still has its index
        log.warning("catalog index could not be published to %s (%s); other runs will build their own", path, exc)


def _vendor_part_numbers_fingerprint(store: Warehouse) -> str:
    """Changes whenever a vendor part number is added, removed or edited; independent of row order."""
    row = store.query("SELECT count(*), coalesce(bit_xor(hash(sku, vendor_part_number)), 0) FROM vendor_items "
                      "WHERE vendor_part_number IS NOT NULL").row(0)
    return f"{row[0]}:{row[1]}"
