"""Inventory API 2.4 in the simulator: drafts and quote requests read back, cancelled, issued by a buyer."""

from __future__ import annotations

import httpx

from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import Contract, inventory_client

DRAFTS = "/v2/purchase-order-drafts"
QUOTES = "/v2/quote-requests"


def _draft_body(sim: SimulatorServer, quantity: float = 12) -> tuple[dict, str, str]:
    stocked = sim.state.stock[0]
    product = sim.state.products_by_sku[stocked["sku"]]
    vendor = next(v for v in sim.state.vendors if v["active"])
    body = {"vendor_id": vendor["vendor_id"], "warehouse_code": stocked["warehouse_code"], "notes": "ours",
            "lines": [{"sku": product["sku"], "quantity": quantity, "uom": product["uom"], "unit_price": "2.00"}]}
    return body, product["sku"], stocked["warehouse_code"]


def _on_order(sim: SimulatorServer, sku: str, warehouse: str) -> float:
    return next(s["on_order"] for s in sim.state.stock if (s["sku"], s["warehouse_code"]) == (sku, warehouse))


def test_drafts_read_back_cancelled_and_issued_as_the_contract_says(fresh_sim: SimulatorServer, http: httpx.Client,
                                                                    contracts: dict[str, Contract]) -> None:
    contract, sim = contracts["inventory"], fresh_sim
    body, sku, warehouse = _draft_body(sim)
    with inventory_client(sim) as inv:
        first = inv.post(DRAFTS, json=body, headers={"Idempotency-Key": "k-1"}).json()["id"]
        second = inv.post(DRAFTS, json=body, headers={"Idempotency-Key": "k-2"}).json()["id"]

        listed = contract.validate(DRAFTS, "get", inv.get(DRAFTS))
        assert [d["id"] for d in listed["results"]] == [second, first]   # newest first
        assert {d["status"] for d in listed["results"]} == {"open"}
        by_key = contract.validate(DRAFTS, "get", inv.get(DRAFTS, params={"idempotency_key": "k-1"}))["results"]
        assert [d["id"] for d in by_key] == [first] and by_key[0]["idempotency_key"] == "k-1"
        one = inv.get(f"{DRAFTS}/{first}")
        assert contract.validate(f"{DRAFTS}/{{draft_id}}", "get", one)["lines"][0]["quantity"] == 12
        assert inv.get(f"{DRAFTS}/POD-999999").status_code == 404
        assert inv.get(DRAFTS, params={"status": "sent"}).status_code == 400

        # A buyer changes the first draft and issues it: its (changed) quantity counts in on_order.
        before = _on_order(sim, sku, warehouse)
        issued = http.post(f"{sim.inventory_url}/_sim/purchase-order-drafts/{first}/issue",
                           json={"lines": [{"sku": sku, "quantity": 10}]}).json()
        assert issued["status"] == "issued" and issued["issued_po_number"] and issued["lines"][0]["quantity"] == 10
        assert _on_order(sim, sku, warehouse) == before + 10
        stock = inv.get("/v2/stock", params={"sku": sku, "warehouse_code": warehouse}).json()["results"]
        assert stock[0]["on_order"] == before + 10

        path = f"{DRAFTS}/{{draft_id}}/cancel"
        refused = inv.post(f"{DRAFTS}/{first}/cancel", json={"reason": "x"}, headers={"Idempotency-Key": "c-1"})
        assert refused.status_code == 409 and refused.json()["error"] == "already_issued"
        contract.validate(path, "post", refused)
        assert inv.post(f"{DRAFTS}/{second}/cancel", json={}).status_code == 400   # no key
        cancelled = inv.post(f"{DRAFTS}/{second}/cancel", json={"reason": "need fell"},
                             headers={"Idempotency-Key": "c-2"})
        assert contract.validate(path, "post", cancelled)["status"] == "cancelled"
        assert "need fell" in cancelled.json()["notes"]
        again = inv.post(f"{DRAFTS}/{second}/cancel", headers={"Idempotency-Key": "c-3"})
        assert again.status_code == 200 and again.json()["status"] == "cancelled"
        assert inv.post(f"{DRAFTS}/POD-999999/cancel", headers={"Idempotency-Key": "c-4"}).status_code == 404
        assert _on_order(sim, sku, warehouse) == before + 10   # a cancelled draft orders nothing

        statuses = {s: [d["id"] for d in inv.get(DRAFTS, params={"status": s}).json()["results"]]
                    for s in ("open", "issued", "cancelled")}
        assert statuses == {"open": [], "issued": [first], "cancelled": [second]}
        changed = inv.get(DRAFTS, params={"updated_after": issued["updated_at"]}).json()["results"]
        assert [d["id"] for d in changed] == [second]

        # A draft that disappears answers 404; one with an unlisted status is shown as it is.
        http.post(f"{sim.inventory_url}/_sim/documents/{second}/remove")
        assert inv.get(f"{DRAFTS}/{second}").status_code == 404
        http.post(f"{sim.inventory_url}/_sim/documents/{first}/status", json={"status": "on_hold"})
        assert inv.get(f"{DRAFTS}/{first}").json()["status"] == "on_hold"


def test_buyer_edits_an_open_draft(fresh_sim: SimulatorServer, http: httpx.Client) -> None:
    body, sku, _ = _draft_body(fresh_sim)
    with inventory_client(fresh_sim) as inv:
        draft = inv.post(DRAFTS, json=body, headers={"Idempotency-Key": "e-1"}).json()["id"]
        edited = http.post(f"{fresh_sim.inventory_url}/_sim/purchase-order-drafts/{draft}/edit",
                           json={"lines": [{"sku": sku, "quantity": 7}]})
        assert edited.status_code == 200
        assert inv.get(f"{DRAFTS}/{draft}").json()["lines"][0]["quantity"] == 7
        assert inv.get(f"{DRAFTS}/{draft}").json()["status"] == "open"


def test_quote_requests_read_back_and_cancelled(fresh_sim: SimulatorServer, http: httpx.Client,
                                                contracts: dict[str, Contract]) -> None:
    contract, sim = contracts["inventory"], fresh_sim
    product = sim.state.products[0]
    two = [v["vendor_id"] for v in sim.state.vendors if v["active"]][:2]
    body = {"vendor_ids": two, "warehouse_code": "WH-EAST",
            "lines": [{"sku": product["sku"], "quantity": 5, "uom": product["uom"]}]}
    with inventory_client(sim) as inv:
        first = inv.post(QUOTES, json=body, headers={"Idempotency-Key": "q-1"}).json()["id"]
        second = inv.post(QUOTES, json=body, headers={"Idempotency-Key": "q-2"}).json()["id"]
        found = contract.validate(QUOTES, "get", inv.get(QUOTES, params={"idempotency_key": "q-2"}))["results"]
        assert [q["id"] for q in found] == [second] and found[0]["status"] == "open"
        http.post(f"{sim.inventory_url}/_sim/quote-requests/{first}/answer")
        path = f"{QUOTES}/{{quote_request_id}}/cancel"
        refused = inv.post(f"{QUOTES}/{first}/cancel", headers={"Idempotency-Key": "qc-1"})
        assert refused.status_code == 409 and refused.json()["error"] == "already_answered"
        cancelled = inv.post(f"{QUOTES}/{second}/cancel", headers={"Idempotency-Key": "qc-2"})
        assert contract.validate(path, "post", cancelled)["status"] == "cancelled"
        assert [q["status"] for q in inv.get(QUOTES).json()["results"]] == ["cancelled", "answered"]


def test_saved_state_keeps_statuses_and_on_order(tmp_path, http: httpx.Client) -> None:
    from sync_pipeline_tests.simulator.conftest import seeded_data
    state_file = tmp_path / "state.json"
    with SimulatorServer(data=seeded_data(), state_file=state_file) as sim:
        body, sku, warehouse = _draft_body(sim)
        with inventory_client(sim) as inv:
            draft = inv.post(DRAFTS, json=body, headers={"Idempotency-Key": "s-1"}).json()["id"]
        http.post(f"{sim.inventory_url}/_sim/purchase-order-drafts/{draft}/issue")
        on_order = _on_order(sim, sku, warehouse)
    with SimulatorServer(data=seeded_data(), state_file=state_file) as sim:
        assert sim.state.draft(draft)["status"] == "issued"
        assert _on_order(sim, sku, warehouse) == on_order
