"""The inventory and purchasing platform's API (contracts/inventory-api.yaml) as a Starlette app."""

from __future__ import annotations

import json
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sync_pipeline.simulator import validation
from sync_pipeline.simulator.control import control_routes
from sync_pipeline.simulator.errors import EXCEPTION_HANDLERS, ApiError
from sync_pipeline.simulator.faults import FaultMiddleware, RateLimitMiddleware
from sync_pipeline.simulator.paging import bool_param, choice_param, offset_page, time_param
from sync_pipeline.simulator.state import SimulatorState, fingerprint
from sync_pipeline.simulator.timestamps import parse_time

MAX_IDEMPOTENCY_KEY_LENGTH = 255
DRAFT_STATUSES = ("open", "issued", "cancelled")
QUOTE_STATUSES = ("open", "answered", "cancelled")


class InventoryApi:
    def __init__(self, state: SimulatorState):
        self.state = state

    def _authenticate(self, request: Request) -> None:
        if request.headers.get("Authorization", "") != f"Token {self.state.credentials.inventory_token}":
            raise ApiError(401, "invalid_token", 'missing or invalid API key; send "Authorization: Token <api key>"')

    async def uom_codes(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        return JSONResponse(self.state.uom_codes)

    async def products(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        since = time_param(request, "updated_since")
        active = bool_param(request, "active")
        products = [p for p in self.state.products
                    if (active is None or p["active"] == active)
                    and (since is None or parse_time(p["updated_at"]) >= since)]
        return JSONResponse(offset_page(request, products))

    async def stock(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        return JSONResponse(offset_page(request, _filtered(self.state.stock, request, ("sku", "warehouse_code"))))

    async def vendors(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        return JSONResponse(offset_page(request, self.state.vendors))

    async def vendor_items(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        return JSONResponse(offset_page(request, _filtered(self.state.vendor_items, request, ("sku", "vendor_id"))))

    async def material_requirements(self, request: Request) -> JSONResponse:
        project_code = request.path_params["project_code"]
        return await self._write(request, lambda body, key: self.state.record_material_requirements(
            project_code, validation.material_requirements(self.state, body)))

    async def purchase_order_drafts(self, request: Request) -> JSONResponse:
        if request.method == "GET":
            self._authenticate(request)
            return JSONResponse(offset_page(request, self.state.drafts(
                status=choice_param(request, "status", DRAFT_STATUSES),
                updated_after=time_param(request, "updated_after"),
                idempotency_key=request.query_params.get("idempotency_key"))))
        return await self._write(request, lambda body, key: self.state.record_purchase_order_draft(
            validation.purchase_order_draft(self.state, body), key))

    async def purchase_order_draft(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        return JSONResponse(self.state.draft(request.path_params["draft_id"]))

    async def cancel_purchase_order_draft(self, request: Request) -> JSONResponse:
        draft_id = request.path_params["draft_id"]
        return await self._write(request, lambda body, key: self.state.cancel_draft(
            draft_id, validation.cancel_reason(body)), optional_body=True, created_status=200)

    async def quote_requests(self, request: Request) -> JSONResponse:
        if request.method == "GET":
            self._authenticate(request)
            return JSONResponse(offset_page(request, self.state.quote_requests(
                status=choice_param(request, "status", QUOTE_STATUSES),
                idempotency_key=request.query_params.get("idempotency_key"))))
        return await self._write(request, lambda body, key: self.state.record_quote_request(
            validation.quote_request(self.state, body), key))

    async def cancel_quote_request(self, request: Request) -> JSONResponse:
        quote_request_id = request.path_params["quote_request_id"]
        return await self._write(request, lambda body, key: self.state.cancel_quote_request(quote_request_id),
                                 optional_body=True, created_status=200)

    async def _write(self, request: Request, create: Callable[[Any, str], dict[str, Any]], *,
                     optional_body: bool = False, created_status: int = 201) -> JSONResponse:
        """Every POST: authenticate, require an Idempotency-Key, then create once or replay the first answer."""
        self._authenticate(request)
        self.state.count_post()
        key = request.headers.get("Idempotency-Key")
        if not key:
            raise ApiError(400, "idempotency_key_required", "every POST needs an Idempotency-Key header")
        if len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
            raise ApiError(400, "invalid_idempotency_key",
                           f"Idempotency-Key is longer than {MAX_IDEMPOTENCY_KEY_LENGTH} characters")
        raw = await request.body()
        try:
            body = json.loads(raw) if raw.strip() or not optional_body else None
        except ValueError:
            raise ApiError(400, "invalid_json", "the request body is not valid JSON") from None
        answer, replayed = self.state.idempotent_write(key, fingerprint(request.url.path, body),
                                                       lambda: create(body, key))
        if replayed:
            return JSONResponse(answer, status_code=200, headers={"Idempotent-Replayed": "true"})
        return JSONResponse(answer, status_code=created_status)


def _filtered(records: list[dict[str, Any]], request: Request, names: tuple[str, ...]) -> list[dict[str, Any]]:
    wanted = {name: request.query_params[name] for name in names if name in request.query_params}
    return [r for r in records if all(r[name] == value for name, value in wanted.items())]


def create_inventory_app(state: SimulatorState) -> Starlette:
    api = InventoryApi(state)
    routes = [
        Route("/v2/uom-codes", api.uom_codes),
        Route("/v2/products", api.products),
        Route("/v2/stock", api.stock),
        Route("/v2/vendors", api.vendors),
        Route("/v2/vendor-items", api.vendor_items),
        Route("/v2/projects/{project_code}/material-requirements", api.material_requirements, methods=["POST"]),
        Route("/v2/purchase-order-drafts", api.purchase_order_drafts, methods=["GET", "POST"]),
        Route("/v2/purchase-order-drafts/{draft_id}", api.purchase_order_draft),
        Route("/v2/purchase-order-drafts/{draft_id}/cancel", api.cancel_purchase_order_draft, methods=["POST"]),
        Route("/v2/quote-requests", api.quote_requests, methods=["GET", "POST"]),
        Route("/v2/quote-requests/{quote_request_id}/cancel", api.cancel_quote_request, methods=["POST"]),
        *control_routes(state, "inventory"),
    ]
    middleware = [Middleware(RateLimitMiddleware, system="inventory", state=state),
                  Middleware(FaultMiddleware, system="inventory", state=state)]
    return Starlette(routes=routes, middleware=middleware, exception_handlers=EXCEPTION_HANDLERS)
