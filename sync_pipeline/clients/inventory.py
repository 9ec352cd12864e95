"""Client for the inventory and purchasing platform, per contracts/inventory-api.yaml.

Catalog reads come back as plain records checked for the contract's required fields and their
types; the warehouse turns them into typed frames. A record that breaks the contract is reported
and left out (its product is then simply not in the catalog), the rest of the catalog goes on.
Every POST carries the caller's Idempotency-Key; an answer to one that breaks the contract is a
permanent error (the writer dead-letters it; a replay under the same key cannot duplicate).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator
from urllib.parse import parse_qs, urlsplit

from sync_pipeline.clients.breaker import CircuitBreaker
from sync_pipeline.clients.errors import MalformedResponse
from sync_pipeline.clients.models import (PurchaseDocument, Source, WriteResult, field, parsed_one, report_breach,
                                          valid_records)
from sync_pipeline.clients.resilience import AttemptHook, ResilientHttp, RetryPolicy
from sync_pipeline.config import Secret

SYSTEM = "inventory"
PAGE_LIMIT = 500
NUMBER = (int, float)

# Per resource: the fields the contract requires, with their JSON types, and those naming a record.
REQUIRED_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "products": {"sku": str, "description": str, "uom": str, "active": bool, "updated_at": str},
    "stock": {"sku": str, "warehouse_code": str, "on_hand": NUMBER, "allocated": NUMBER, "on_order": NUMBER},
    "vendors": {"vendor_id": str, "name": str, "active": bool},
    "vendor-items": {"vendor_id": str, "sku": str, "unit_price": str, "status": str},
    "uom-codes": {"code": str, "name": str, "kind": str},
}
ID_FIELDS = {"products": ("sku",), "stock": ("sku", "warehouse_code"), "vendors": ("vendor_id",),
             "vendor-items": ("vendor_id", "sku"), "uom-codes": ("code",)}


def _operation(resource: str) -> str:
    return f"list_{resource.replace('-', '_')}"


def _checked(resource: str) -> Callable[[Any, Source], dict[str, Any]]:
    def parse(record: Any, source: Source) -> dict[str, Any]:
        for name, types in REQUIRED_FIELDS[resource].items():
            field(record, name, types, source)
        return record
    return parse


class InventoryClient:
    def __init__(self, base_url: str, token: Secret | str, *, timeout: float = 30.0,
                 retry: RetryPolicy | None = None, on_attempt: AttemptHook | None = None,
                 breaker: CircuitBreaker | None = None):
        self._http = ResilientHttp(SYSTEM, base_url, timeout=timeout, retry=retry, on_attempt=on_attempt,
                                   breaker=breaker)
        self._token = Secret(token)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "InventoryClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _auth(self, refresh: bool) -> dict[str, str]:
        # A static API key cannot be refreshed; a 401 is retried once, then surfaces as permanent.
        return {"Authorization": f"Token {self._token.reveal()}"}

    def _records(self, resource: str, records: Iterable[Any]) -> Iterator[dict[str, Any]]:
        return valid_records(records, _checked(resource), http=self._http, operation=_operation(resource),
                             endpoint=f"GET /v2/{resource}", id_fields=ID_FIELDS[resource])

    def _breach(self, operation: str, endpoint: str, problem: str, entity: str | None = None
                ) -> MalformedResponse:
        return report_breach(self._http, operation, MalformedResponse(endpoint, problem, entity=entity))

    def _documents(self, resource: str, kind: str, params: dict[str, Any]) -> Iterator[PurchaseDocument]:
        return valid_records(self._pages(resource, params), PurchaseDocument.parser(kind), http=self._http,
                             operation=_operation(resource), endpoint=f"GET /v2/{resource}", id_fields=("id",))

    def _walk(self, resource: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        return self._records(resource, self._pages(resource, params))

    def _pages(self, resource: str, params: dict[str, Any]) -> Iterator[Any]:
        """Every record, following limit/offset pages via `next` until it is null."""
        query = {k: v for k, v in params.items() if v is not None} | {"limit": PAGE_LIMIT, "offset": 0}
        operation = _operation(resource)
        while True:
            body = self._http.request("GET", f"/v2/{resource}", operation=operation, auth=self._auth,
                                      params=query).json()
            if not isinstance(body, dict) or not isinstance(body.get("results"), list) or "next" not in body:
                raise self._breach(operation, f"GET /v2/{resource}", "page without a results array and next")
            yield from body["results"]
            if not body["next"]:
                return
            next_query = parse_qs(urlsplit(body["next"]).query)
            query = {k: v[0] for k, v in next_query.items()}

    def uom_codes(self) -> list[dict[str, Any]]:
        body = self._http.request("GET", "/v2/uom-codes", operation="list_uom_codes", auth=self._auth).json()
        if not isinstance(body, list):
            raise self._breach("list_uom_codes", "GET /v2/uom-codes", "expected an array")
        return list(self._records("uom-codes", body))

    def products(self, updated_since: str | None = None, active: bool | None = None) -> Iterator[dict[str, Any]]:
        flag = None if active is None else str(active).lower()
        return self._walk("products", {"updated_since": updated_since, "active": flag})

    def stock(self, sku: str | None = None, warehouse_code: str | None = None) -> Iterator[dict[str, Any]]:
        return self._walk("stock", {"sku": sku, "warehouse_code": warehouse_code})

    def vendors(self) -> Iterator[dict[str, Any]]:
        return self._walk("vendors", {})

    def vendor_items(self, sku: str | None = None, vendor_id: str | None = None) -> Iterator[dict[str, Any]]:
        return self._walk("vendor-items", {"sku": sku, "vendor_id": vendor_id})

    def _post(self, path: str, operation: str, entity: str, body: dict[str, Any], idempotency_key: str
              ) -> WriteResult:
        if not idempotency_key or len(idempotency_key) > 255:
            raise ValueError("an Idempotency-Key of 1 to 255 characters is required")
        response = self._http.request("POST", path, operation=operation, entity=entity, auth=self._auth,
                                      json_body=body, headers={"Idempotency-Key": idempotency_key})
        answer = response.json()
        if not isinstance(answer, dict) or not isinstance(answer.get("id"), str):
            raise self._breach(operation, f"POST {path}", "answer without an id string", entity)
        return WriteResult(id=answer["id"], created_at=str(answer.get("created_at")),
                           replayed=response.headers.get("Idempotent-Replayed", "").lower() == "true")

    def post_material_requirements(self, project_code: str, body: dict[str, Any], idempotency_key: str
                                   ) -> WriteResult:
        return self._post(f"/v2/projects/{project_code}/material-requirements", "post_material_requirements",
                          f"{body.get('source_document')}@{body.get('source_revision')}", body, idempotency_key)

    def post_purchase_order_draft(self, body: dict[str, Any], idempotency_key: str) -> WriteResult:
        return self._post("/v2/purchase-order-drafts", "post_purchase_order_draft",
                          f"{body.get('vendor_id')}/{body.get('warehouse_code')}", body, idempotency_key)

    def post_quote_request(self, body: dict[str, Any], idempotency_key: str) -> WriteResult:
        return self._post("/v2/quote-requests", "post_quote_request",
                          "/".join(body.get("vendor_ids", [])), body, idempotency_key)

    # --- since 2.4: purchase documents read back and cancelled ---------------------------------------

    def purchase_order_drafts(self, *, status: str | None = None, updated_after: str | None = None,
                              idempotency_key: str | None = None) -> Iterator[PurchaseDocument]:
        """Drafts, newest first; one that breaks the contract (e.g. an unlisted status) is reported and left out."""
        return self._documents("purchase-order-drafts", "draft", {"status": status, "updated_after": updated_after,
                                                                  "idempotency_key": idempotency_key})

    def quote_requests(self, *, status: str | None = None, idempotency_key: str | None = None
                       ) -> Iterator[PurchaseDocument]:
        return self._documents("quote-requests", "quote_request", {"status": status,
                                                                   "idempotency_key": idempotency_key})

    def purchase_document_by_key(self, kind: str, idempotency_key: str) -> PurchaseDocument | None:
        """The draft or quote request a POST with this key created, or None when the platform has none.

        Unlike the listings, a record that breaks the contract is not left out silently: it raises
        MalformedResponse (reported), so "not there" and "there but unreadable" are never confused."""
        resource = "purchase-order-drafts" if kind == "draft" else "quote-requests"
        endpoint = f"GET /v2/{resource}?idempotency_key="
        found = None
        for record in self._pages(resource, {"idempotency_key": idempotency_key}):
            document = parsed_one(record, PurchaseDocument.parser(kind), http=self._http, operation=_operation(resource),
                                  source=Source(endpoint, idempotency_key))
            if document.idempotency_key in (None, idempotency_key):
                found = found or document
        return found

    def purchase_order_draft(self, draft_id: str) -> PurchaseDocument:
        """One draft; a draft that is not there raises PermanentError with status 404."""
        path = f"/v2/purchase-order-drafts/{draft_id}"
        body = self._http.request("GET", path, operation="get_purchase_order_draft", entity=draft_id,
                                  auth=self._auth).json()
        return parsed_one(body, PurchaseDocument.parser("draft"), http=self._http, operation="get_purchase_order_draft",
                          source=Source(f"GET {path}", draft_id))

    def _cancel(self, kind: str, path: str, document_id: str, body: dict[str, Any] | None, idempotency_key: str
                ) -> PurchaseDocument:
        operation = "cancel_purchase_order_draft" if kind == "draft" else "cancel_quote_request"
        response = self._http.request("POST", path, operation=operation, entity=document_id, auth=self._auth,
                                      json_body=body, headers={"Idempotency-Key": idempotency_key})
        return parsed_one(response.json(), PurchaseDocument.parser(kind), http=self._http, operation=operation,
                          source=Source(f"POST {path}", document_id))

    def cancel_purchase_order_draft(self, draft_id: str, reason: str | None, idempotency_key: str
                                    ) -> PurchaseDocument:
        """Cancel an open draft (answered with the draft, also when it already was cancelled); an issued one is
        refused: PermanentError with error_code "already_issued"."""
        return self._cancel("draft", f"/v2/purchase-order-drafts/{draft_id}/cancel", draft_id,
                            {"reason": reason[:500] if reason else None}, idempotency_key)

    def cancel_quote_request(self, quote_request_id: str, idempotency_key: str) -> PurchaseDocument:
        """Cancel an open quote request; an answered one is refused with error_code "already_answered"."""
        return self._cancel("quote_request", f"/v2/quote-requests/{quote_request_id}/cancel", quote_request_id,
                            None, idempotency_key)
