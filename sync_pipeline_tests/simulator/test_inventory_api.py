"""The inventory platform over real HTTP: token auth, offset paging, and idempotent, validated writes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sync_pipeline.simulator.generator import SimulatorData
from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import inventory_client, walk_offset_pages


def _requirements(sim: SimulatorServer, document: str, revision: int, quantity: float = 10) -> tuple[str, dict]:
    product = sim.state.products_by_sku["EC-10002"]
    project = sim.state.projects()[0]["id"]
    body = {"source_document": document, "source_revision": revision, "warehouse_code": "WH-EAST",
            "lines": [{"sku": product["sku"], "quantity": quantity, "uom": product["uom"],
                       "source_line_ids": ["LI-000001"]}]}
    return f"/v2/projects/{project}/material-requirements", body


def _post(client: httpx.Client, path: str, body: Any, key: str | None) -> httpx.Response:
    return client.post(path, json=body, headers={"Idempotency-Key": key} if key is not None else {})


def test_api_key_is_required(http: httpx.Client, sim: SimulatorServer) -> None:
    for headers in ({}, {"Authorization": "Token wrong"}, {"Authorization": f"Bearer {sim.inventory_token}"}):
        response = http.get(f"{sim.inventory_url}/v2/products", headers=headers)
        assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    path, body = _requirements(sim, "TO-AUTH", 1)
    assert http.post(f"{sim.inventory_url}{path}", json=body, headers={"Idempotency-Key": "auth"}).status_code == 401


@pytest.mark.parametrize("path, total", [("/v2/products", "products"), ("/v2/stock", "stock"),
                                         ("/v2/vendors", "vendors"), ("/v2/vendor-items", "vendor_items")])
def test_offset_pages_walk_every_record_once(inventory: httpx.Client, data: SimulatorData, path: str,
                                             total: str) -> None:
    expected = getattr(data, total)
    limit = 500 if len(expected) > 1000 else 5
    records, pages = walk_offset_pages(inventory, path, limit=limit)
    assert len(records) == len(expected) and pages == -(-len(expected) // limit)
    key = {"products": ("sku",), "vendors": ("vendor_id",), "stock": ("sku", "warehouse_code"),
           "vendor_items": ("sku", "vendor_id")}[total]
    keys = [tuple(r[k] for k in key) for r in records]
    assert len(set(keys)) == len(keys) and keys == sorted(keys)


def test_default_page_and_filters(inventory: httpx.Client, data: SimulatorData) -> None:
    first = inventory.get("/v2/products").json()
    assert len(first["results"]) == 100 and first["count"] == len(data.products)
    assert "offset=100" in first["next"] and first["next"].startswith("http://127.0.0.1:")
    assert inventory.get("/v2/products", params={"offset": len(data.products)}).json()["results"] == []

    cutoff = sorted(p["updated_at"] for p in data.products)[len(data.products) // 2]
    recent, _ = walk_offset_pages(inventory, "/v2/products", updated_since=cutoff, limit=500)
    assert recent and all(p["updated_at"] >= cutoff for p in recent)
    assert len(recent) == sum(p["updated_at"] >= cutoff for p in data.products)
    active, _ = walk_offset_pages(inventory, "/v2/products", active="true", limit=500)
    assert len(active) == sum(p["active"] for p in data.products)

    sku = data.stock[0]["sku"]
    stock = inventory.get("/v2/stock", params={"sku": sku}).json()["results"]
    assert stock and {row["sku"] for row in stock} == {sku}
    east = inventory.get("/v2/stock", params={"warehouse_code": "WH-EAST", "limit": 500}).json()
    assert {row["warehouse_code"] for row in east["results"]} == {"WH-EAST"}
    items = inventory.get("/v2/vendor-items", params={"sku": sku}).json()["results"]
    assert 2 <= len(items) and sum(item["preferred"] for item in items) == 1
    vendor = items[0]["vendor_id"]
    by_vendor = inventory.get("/v2/vendor-items", params={"vendor_id": vendor, "limit": 500}).json()
    assert {item["vendor_id"] for item in by_vendor["results"]} == {vendor}
    codes = inventory.get("/v2/uom-codes").json()
    assert {"EA", "FT", "SF", "STK", "BX", "C", "M"} <= {code["code"] for code in codes}
    for params in ({"limit": 0}, {"offset": -1}, {"active": "yes"}, {"updated_since": "last week"}):
        assert inventory.get("/v2/products", params=params).status_code == 400, params


def test_replay_returns_the_first_answer_and_creates_nothing(http: httpx.Client, fresh_sim: SimulatorServer) -> None:
    path, body = _requirements(fresh_sim, "TO-REPLAY", 1)
    with inventory_client(fresh_sim) as inventory:
        first = _post(inventory, path, body, "replay-key")
        again = _post(inventory, path, {**body, "lines": body["lines"]}, "replay-key")
        assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
        assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
        assert again.json() == first.json() and first.json()["id"] == "MR-000001"

        reused = _post(inventory, path, {**body, "source_revision": 2}, "replay-key")
        assert reused.status_code == 422 and reused.json()["error"] == "idempotency_key_reused"
        missing = _post(inventory, path, body, None)
        assert missing.status_code == 400 and missing.json()["error"] == "idempotency_key_required"
        assert _post(inventory, path, body, "k" * 256).status_code == 400
        not_json = inventory.post(path, content=b"{", headers={"Idempotency-Key": "broken"})
        assert not_json.status_code == 400 and not_json.json()["error"] == "invalid_json"

    state = fresh_sim.state.snapshot()
    assert state["counts"] == {"posts_received": 6, "records_created": 1, "idempotent_replays": 1}
    assert len(state["material_requirements"]["history"]) == 1
    assert http.get(f"{fresh_sim.inventory_url}/_sim/state").json() == state


def test_newer_revision_replaces_older_is_refused_and_history_is_kept(fresh_sim: SimulatorServer) -> None:
    path, first = _requirements(fresh_sim, "TO-REVISE", 1, quantity=10)
    _, second = _requirements(fresh_sim, "TO-REVISE", 2, quantity=25)
    with inventory_client(fresh_sim) as inventory:
        assert _post(inventory, path, first, "rev1").status_code == 201
        assert _post(inventory, path, second, "rev2").status_code == 201
        stale = _post(inventory, path, first, "rev1-late")
        assert stale.status_code == 409 and stale.json()["error"] == "stale_revision"
        # The same revision under a new key (a reprocessing run) replaces it again.
        repost = _post(inventory, path, {**second, "lines": [{**second["lines"][0], "quantity": 30}]}, "rev2-again")
        assert repost.status_code == 201
        # A replay of the first key still answers as it did, without touching what is current.
        assert _post(inventory, path, first, "rev1").json()["id"] == "MR-000001"

    requirements = fresh_sim.state.snapshot()["material_requirements"]
    assert [(r["source_revision"], r["lines"][0]["quantity"]) for r in requirements["history"]] == [
        (1, 10), (2, 25), (2, 30)]
    [current] = requirements["current"]
    assert current["id"] == repost.json()["id"] and current["replaces"] == "MR-000002"
    assert current["source_document"] == "TO-REVISE" and current["lines"][0]["quantity"] == 30


@pytest.mark.parametrize("change, error", [
    (lambda b: b["lines"][0].update(uom="FOOT"), "unknown_uom"),
    (lambda b: b["lines"][0].update(uom="EA"), "uom_mismatch"),
    (lambda b: b["lines"][0].update(sku="XX-00000"), "unknown_sku"),
    (lambda b: b["lines"][0].update(quantity=0), "invalid_quantity"),
    (lambda b: b["lines"][0].update(quantity=-5), "invalid_quantity"),
    (lambda b: b["lines"][0].update(quantity="10"), "invalid_request"),
    (lambda b: b["lines"][0].pop("sku"), "invalid_request"),
    (lambda b: b.pop("source_revision"), "invalid_request"),
    (lambda b: b.update(source_revision=True), "invalid_request"),
    (lambda b: b.update(warehouse_code="WH-NORTH"), "unknown_warehouse"),
])
def test_invalid_requirement_bodies_are_422_with_a_reason(sim: SimulatorServer, inventory: httpx.Client, change,
                                                          error: str) -> None:
    path, body = _requirements(sim, "TO-INVALID", 1)
    change(body)
    response = _post(inventory, path, body, f"invalid-{error}-{id(change)}")
    assert response.status_code == 422 and response.json()["error"] == error
    assert response.json()["message"]


def test_unknown_project_is_404(sim: SimulatorServer, inventory: httpx.Client) -> None:
    _, body = _requirements(sim, "TO-NOWHERE", 1)
    response = _post(inventory, "/v2/projects/PRJ-0000/material-requirements", body, "nowhere")
    assert response.status_code == 404 and response.json()["error"] == "unknown_project"


def test_purchase_order_drafts_and_quote_requests(fresh_sim: SimulatorServer) -> None:
    product = fresh_sim.state.products_by_sku["EC-10002"]
    line = {"sku": product["sku"], "quantity": 100, "uom": product["uom"]}
    active = [v["vendor_id"] for v in fresh_sim.state.vendors if v["active"]]
    inactive = next(v["vendor_id"] for v in fresh_sim.state.vendors if not v["active"])
    draft = {"vendor_id": active[0], "warehouse_code": "WH-WEST", "project_code": "PRJ-1042",
             "needed_by": "2026-12-01", "notes": None, "lines": [{**line, "unit_price": "0.62",
                                                                  "vendor_part_number": "GB-1"}]}
    quote = {"vendor_ids": active[:3], "warehouse_code": "WH-WEST", "lines": [line]}
    with inventory_client(fresh_sim) as inventory:
        created = _post(inventory, "/v2/purchase-order-drafts", draft, "pod-1")
        assert created.status_code == 201 and created.json()["id"] == "POD-000001"
        assert _post(inventory, "/v2/quote-requests", quote, "qr-1").json()["id"] == "QR-000001"
        refused = {
            "one vendor": ("/v2/quote-requests", {**quote, "vendor_ids": active[:1]}, "invalid_request"),
            "same vendor twice": ("/v2/quote-requests", {**quote, "vendor_ids": [active[0]] * 2}, "invalid_request"),
            "unknown vendor": ("/v2/quote-requests", {**quote, "vendor_ids": [active[0], "V-9999"]},
                               "unknown_vendor"),
            "inactive vendor": ("/v2/purchase-order-drafts", {**draft, "vendor_id": inactive}, "inactive_vendor"),
            "no lines": ("/v2/purchase-order-drafts", {**draft, "lines": []}, "invalid_request"),
            "bad price": ("/v2/purchase-order-drafts", {**draft, "lines": [{**line, "unit_price": "cheap"}]},
                          "invalid_request"),
            "no price": ("/v2/purchase-order-drafts", {**draft, "lines": [line]}, "invalid_request"),
            "bad date": ("/v2/purchase-order-drafts", {**draft, "needed_by": "soon"}, "invalid_request"),
            "no warehouse": ("/v2/quote-requests", {**quote, "warehouse_code": None}, "invalid_request"),
        }
        for name, (path, body, error) in refused.items():
            response = _post(inventory, path, body, f"refused-{name}")
            assert (response.status_code, response.json()["error"]) == (422, error), name

    state = fresh_sim.state.snapshot()
    [stored_draft] = state["purchase_order_drafts"]
    assert stored_draft["vendor_id"] == active[0] and stored_draft["lines"][0]["unit_price"] == "0.62"
    [stored_quote] = state["quote_requests"]
    assert stored_quote["vendor_ids"] == active[:3]
    assert state["counts"]["records_created"] == 2
