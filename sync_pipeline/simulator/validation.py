"""What the inventory platform accepts in a POST body, checked the way the platform does.

Shape problems (missing field, wrong type) are 422 "invalid_request"; catalog problems have
their own codes so clients can tell them apart: unknown_sku, unknown_uom (not a unit code),
uom_mismatch (a unit code, but not the product's stock unit, which every quantity must be
in), invalid_quantity (not above zero), unknown_vendor, inactive_vendor, unknown_warehouse.
Each validator returns the body normalized (optional fields present, unknown fields dropped).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sync_pipeline.simulator.errors import ApiError
from sync_pipeline.simulator.state import SimulatorState

NUMBER = (int, float)


def _refuse(error: str, message: str) -> ApiError:
    return ApiError(422, error, message)


def _field(obj: dict[str, Any], name: str, kind: type | tuple[type, ...], where: str, *, required: bool) -> Any:
    value = obj.get(name)
    if value is None:
        if required:
            raise _refuse("invalid_request", f"{where}{name} is required")
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        expected = "a number" if kinds == NUMBER else f"of type {kinds[0].__name__}"
        raise _refuse("invalid_request", f"{where}{name} must be {expected}, got {value!r}")
    return value


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _refuse("invalid_request", "the request body must be a JSON object")
    return body


def _warehouse(state: SimulatorState, body: dict[str, Any], *, required: bool) -> str | None:
    code = _field(body, "warehouse_code", str, "", required=required)
    if code is not None and code not in state.warehouses:
        raise _refuse("unknown_warehouse", f"warehouse_code {code!r} is not one of {sorted(state.warehouses)}")
    return code


def _needed_by(body: dict[str, Any]) -> str | None:
    text = _field(body, "needed_by", str, "", required=False)
    if text is not None:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise _refuse("invalid_request", f"needed_by must be a date (YYYY-MM-DD), got {text!r}") from None
    return text


def _vendor(state: SimulatorState, vendor_id: str, where: str) -> str:
    vendor = state.vendors_by_id.get(vendor_id)
    if vendor is None:
        raise _refuse("unknown_vendor", f"{where}: no vendor {vendor_id!r}")
    if not vendor["active"]:
        raise _refuse("inactive_vendor", f"{where}: vendor {vendor_id} is inactive")
    return vendor_id


def _lines(state: SimulatorState, body: dict[str, Any], *, priced: bool, traced: bool, allow_empty: bool
           ) -> list[dict[str, Any]]:
    """Lines of SKUs in stock units; `priced` lines carry unit_price, `traced` ones source_line_ids."""
    lines = _field(body, "lines", list, "", required=True)
    if not lines and not allow_empty:
        raise _refuse("invalid_request", "lines must hold at least one line")
    normalized = []
    for index, line in enumerate(lines):
        where = f"lines[{index}]."
        if not isinstance(line, dict):
            raise _refuse("invalid_request", f"lines[{index}] must be an object")
        sku = _field(line, "sku", str, where, required=True)
        product = state.products_by_sku.get(sku)
        if product is None:
            raise _refuse("unknown_sku", f"{where}sku {sku!r} is not in the catalog")
        quantity = _field(line, "quantity", NUMBER, where, required=True)
        if quantity <= 0:
            raise _refuse("invalid_quantity", f"{where}quantity must be greater than 0, got {quantity}")
        uom = _field(line, "uom", str, where, required=True)
        if uom not in state.uom_code_set:
            raise _refuse("unknown_uom", f"{where}uom {uom!r} is not a unit code (see GET /v2/uom-codes)")
        if uom != product["uom"]:
            raise _refuse("uom_mismatch", f"{where}uom {uom!r}: quantities of {sku} are in its stock unit "
                          f"{product['uom']!r}")
        clean: dict[str, Any] = {"sku": sku, "quantity": quantity, "uom": uom}
        if priced:
            clean["vendor_part_number"] = _field(line, "vendor_part_number", str, where, required=False)
            price = _field(line, "unit_price", str, where, required=True)
            try:
                valid_price = Decimal(price).is_finite() and Decimal(price) >= 0
            except InvalidOperation:
                valid_price = False
            if not valid_price:
                raise _refuse("invalid_request", f"{where}unit_price must be a decimal string such as \"12.50\", "
                              f"got {price!r}")
            clean["unit_price"] = price
        if traced:
            ids = _field(line, "source_line_ids", list, where, required=False)
            if ids is not None and not all(isinstance(i, str) for i in ids):
                raise _refuse("invalid_request", f"{where}source_line_ids must be a list of strings")
            clean["source_line_ids"] = ids
        normalized.append(clean)
    return normalized


def material_requirements(state: SimulatorState, body: Any) -> dict[str, Any]:
    body = _object(body)
    document = _field(body, "source_document", str, "", required=True)
    if not document.strip():
        raise _refuse("invalid_request", "source_document must not be empty")
    revision = _field(body, "source_revision", int, "", required=True)
    if revision < 1:
        raise _refuse("invalid_request", f"source_revision must be at least 1, got {revision}")
    lines = _lines(state, body, priced=False, traced=True, allow_empty=True)
    return {"source_document": document, "source_revision": revision,
            "warehouse_code": _warehouse(state, body, required=False), "lines": lines}


def purchase_order_draft(state: SimulatorState, body: Any) -> dict[str, Any]:
    body = _object(body)
    vendor_id = _vendor(state, _field(body, "vendor_id", str, "", required=True), "vendor_id")
    return {"vendor_id": vendor_id, "warehouse_code": _warehouse(state, body, required=True),
            "project_code": _field(body, "project_code", str, "", required=False), "needed_by": _needed_by(body),
            "notes": _field(body, "notes", str, "", required=False),
            "lines": _lines(state, body, priced=True, traced=False, allow_empty=False)}


def quote_request(state: SimulatorState, body: Any) -> dict[str, Any]:
    body = _object(body)
    vendor_ids = _field(body, "vendor_ids", list, "", required=True)
    if not all(isinstance(v, str) for v in vendor_ids) or len(set(vendor_ids)) < 2:
        raise _refuse("invalid_request", "vendor_ids must name at least two different vendors")
    for index, vendor_id in enumerate(vendor_ids):
        _vendor(state, vendor_id, f"vendor_ids[{index}]")
    lines = _lines(state, body, priced=False, traced=False, allow_empty=False)
    return {"vendor_ids": vendor_ids, "warehouse_code": _warehouse(state, body, required=True),
            "project_code": _field(body, "project_code", str, "", required=False), "needed_by": _needed_by(body),
            "lines": lines}


def cancel_reason(body: Any) -> str | None:
    """The optional body of POST /v2/purchase-order-drafts/{id}/cancel: {"reason": text of at most 500}."""
    if body is None:
        return None
    reason = _field(_object(body), "reason", str, "", required=False)
    if reason is not None and len(reason) > 500:
        raise _refuse("invalid_request", f"reason is longer than 500 characters ({len(reason)})")
    return reason
