"""Every endpoint's answers, successes and errors, validated against the OpenAPI contracts."""

from __future__ import annotations

import httpx
import pytest

from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import Contract

RATE_LIMIT_HEADERS = ("X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset")


def check(contract: Contract, path: str, method: str, response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert all(name in response.headers for name in RATE_LIMIT_HEADERS)
    return contract.validate(path, method, response)


def test_pm_answers_match_the_contract(http: httpx.Client, sim: SimulatorServer, pm: httpx.Client,
                                       contracts: dict[str, Contract]) -> None:
    contract = contracts["pm"]
    token = http.post(f"{sim.pm_url}/oauth/token", data={"grant_type": "client_credentials", "client_id":
                       sim.pm_client_id, "client_secret": sim.pm_client_secret})
    check(contract, "/oauth/token", "post", token, 200)
    bad = http.post(f"{sim.pm_url}/oauth/token", data={"grant_type": "client_credentials", "client_id": "x",
                                                       "client_secret": "y"})
    check(contract, "/oauth/token", "post", bad, 401)

    projects = check(contract, "/v1/projects", "get", pm.get("/v1/projects"), 200)
    check(contract, "/v1/projects/{project_id}", "get", pm.get(f"/v1/projects/{projects['data'][0]['id']}"), 200)
    check(contract, "/v1/projects/{project_id}", "get", pm.get("/v1/projects/PRJ-0000"), 404)

    for status in ("approved", "superseded", "draft", "submitted", "rejected"):
        page = check(contract, "/v1/takeoffs", "get", pm.get("/v1/takeoffs", params={"status": status}), 200)
        for summary in page["data"]:
            check(contract, "/v1/takeoffs/{takeoff_id}", "get",
                  pm.get(f"/v1/takeoffs/{summary['id']}", params={"revision": summary["revision"]}), 200)
    check(contract, "/v1/takeoffs", "get", pm.get("/v1/takeoffs", params={"limit": 0}), 400)
    check(contract, "/v1/takeoffs/{takeoff_id}", "get", pm.get("/v1/takeoffs/TO-00000"), 404)
    check(contract, "/v1/webhook-deliveries", "get", pm.get("/v1/webhook-deliveries", params={"limit": 200}), 200)
    check(contract, "/v1/webhook-deliveries", "get", http.get(f"{sim.pm_url}/v1/webhook-deliveries"), 401)


def test_inventory_reads_match_the_contract(inventory: httpx.Client, contracts: dict[str, Contract]) -> None:
    contract = contracts["inventory"]
    check(contract, "/v2/uom-codes", "get", inventory.get("/v2/uom-codes"), 200)
    for path in ("/v2/products", "/v2/stock", "/v2/vendors", "/v2/vendor-items"):
        body = check(contract, path, "get", inventory.get(path, params={"limit": 500}), 200)
        assert body["results"]
        check(contract, path, "get", inventory.get(path, params={"limit": 501}), 400)
    products = check(contract, "/v2/products", "get", inventory.get("/v2/products", params={"active": "false"}), 200)
    assert products["results"] and not any(p["active"] for p in products["results"])


def test_inventory_writes_match_the_contract(sim: SimulatorServer, inventory: httpx.Client,
                                            contracts: dict[str, Contract]) -> None:
    contract = contracts["inventory"]
    product = sim.state.products[0]
    line = {"sku": product["sku"], "quantity": 12, "uom": product["uom"]}
    project = sim.state.projects()[0]["id"]
    path = "/v2/projects/{project_code}/material-requirements"
    url = f"/v2/projects/{project}/material-requirements"
    body = {"source_document": "TO-CONTRACT", "source_revision": 1, "lines": [line]}
    check(contract, path, "post", inventory.post(url, json=body, headers={"Idempotency-Key": "contract-mr"}), 201)
    check(contract, path, "post", inventory.post(url, json=body, headers={"Idempotency-Key": "contract-mr"}), 200)
    check(contract, path, "post", inventory.post(url, json=body), 400)
    stale = {**body, "source_revision": 0}
    check(contract, path, "post", inventory.post(url, json=stale, headers={"Idempotency-Key": "contract-0"}), 422)

    vendor = next(v for v in sim.state.vendors if v["active"])
    draft = {"vendor_id": vendor["vendor_id"], "warehouse_code": "WH-EAST",
             "lines": [{**line, "unit_price": "1.25"}]}
    check(contract, "/v2/purchase-order-drafts", "post",
          inventory.post("/v2/purchase-order-drafts", json=draft, headers={"Idempotency-Key": "contract-pod"}), 201)
    two = [v["vendor_id"] for v in sim.state.vendors if v["active"]][:2]
    quote = {"vendor_ids": two, "warehouse_code": "WH-WEST", "lines": [line]}
    check(contract, "/v2/quote-requests", "post",
          inventory.post("/v2/quote-requests", json=quote, headers={"Idempotency-Key": "contract-qr"}), 201)
    check(contract, "/v2/quote-requests", "post",
          inventory.post("/v2/quote-requests", json={**quote, "vendor_ids": two[:1]},
                         headers={"Idempotency-Key": "contract-qr-1"}), 422)


@pytest.mark.parametrize("system", ["pm", "inventory"])
def test_unknown_paths_answer_in_the_error_shape(http: httpx.Client, sim: SimulatorServer, system: str) -> None:
    url = sim.pm_url if system == "pm" else sim.inventory_url
    response = http.get(f"{url}/v9/nothing")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
