"""The inventory client against the simulator: catalog paging and idempotent writes."""

from __future__ import annotations

import pytest

from sync_pipeline.clients.errors import PermanentError


def test_walks_every_product_and_stock_row(inventory, sim):
    products = list(inventory.products())
    assert len(products) == len({p["sku"] for p in products}) == len(sim.state.data.products)
    assert len(list(inventory.stock())) == len(sim.state.data.stock)
    assert {c["code"] for c in inventory.uom_codes()} >= {"EA", "FT"}


def test_vendor_items_can_be_filtered_by_sku(inventory, sim):
    sku = sim.state.data.products[0]["sku"]
    items = list(inventory.vendor_items(sku=sku))
    assert items and {i["sku"] for i in items} == {sku}


def project(sim) -> str:
    return sim.state.data.projects[0]["id"]


def _requirement(sim, revision=1, quantity=10.0):
    product = sim.state.data.products[0]
    return {"source_document": "TO-TEST", "source_revision": revision, "warehouse_code": None,
            "lines": [{"sku": product["sku"], "quantity": quantity, "uom": product["uom"]}]}


def test_same_key_same_body_replays_without_creating(inventory, sim):
    first = inventory.post_material_requirements(project(sim), _requirement(sim), "k-1")
    again = inventory.post_material_requirements(project(sim), _requirement(sim), "k-1")
    assert (first.replayed, again.replayed) == (False, True)
    assert again.id == first.id
    assert sim.state.snapshot()["counts"]["records_created"] == 1


def test_same_key_other_body_is_refused(inventory, sim):
    inventory.post_material_requirements(project(sim), _requirement(sim), "k-2")
    with pytest.raises(PermanentError) as err:
        inventory.post_material_requirements(project(sim), _requirement(sim, quantity=11.0), "k-2")
    assert (err.value.status, err.value.error_code) == (422, "idempotency_key_reused")


def test_unknown_uom_and_stale_revision_are_permanent_with_their_codes(inventory, sim):
    body = _requirement(sim)
    body["lines"][0]["uom"] = "BUCKETS"
    with pytest.raises(PermanentError) as err:
        inventory.post_material_requirements(project(sim), body, "k-3")
    assert err.value.error_code == "unknown_uom"
    inventory.post_material_requirements(project(sim), _requirement(sim, revision=2), "k-4")
    with pytest.raises(PermanentError) as err:
        inventory.post_material_requirements(project(sim), _requirement(sim, revision=1), "k-5")
    assert (err.value.status, err.value.error_code) == (409, "stale_revision")


def test_key_is_required_client_side(inventory, sim):
    with pytest.raises(ValueError):
        inventory.post_material_requirements(project(sim), _requirement(sim), "")
