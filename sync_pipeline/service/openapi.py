"""The OpenAPI 3.1 document of /api/v1 (served at /api/v1/openapi.json), written by hand beside api.py.

The tests run schemathesis against the live app with it, so a route or field that drifts from this
document fails there.
"""

from __future__ import annotations

from typing import Any

MAX_TEXT = 200

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_NUMBER = {"type": "number"}
_NULLABLE_NUMBER = {"type": ["number", "null"]}
_INTEGER = {"type": "integer"}
_TIME = {"type": ["string", "null"], "format": "date-time"}


def _object(properties: dict[str, Any], *, closed: bool = True) -> dict[str, Any]:
    return {"type": "object", "required": sorted(properties), "properties": properties,
            **({"additionalProperties": False} if closed else {})}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error", "detail"],
              "properties": {"error": _STRING, "detail": {}}},
    "Product": _object({"sku": _STRING, "description": _NULLABLE_STRING, "uom": _NULLABLE_STRING,
                        "active": {"type": ["boolean", "null"]}, "stock_on_hand": _NULLABLE_NUMBER,
                        "unit_price": _NULLABLE_NUMBER}),
    "QueueItem": _object({
        "description_key": _STRING, "description": _NULLABLE_STRING, "unit": _NULLABLE_STRING, "reason": _STRING,
        "status": {"enum": ["review", "unmatched"]}, "lines": _INTEGER,
        "takeoffs": {"type": "array", "items": _STRING}, "projects": {"type": "array", "items": _STRING},
        "total_quantity": _NUMBER, "estimated_cost": _NULLABLE_NUMBER, "line_id": _STRING, "takeoff_id": _STRING,
        "candidates": {"type": "array", "items": _ref("Product")}}),
    "Queue": _object({"total": _INTEGER, "limit": _INTEGER, "offset": _INTEGER,
                      "items": {"type": "array", "items": _ref("QueueItem")}}),
    "DecisionInForce": {"oneOf": [{"type": "null"}, _object({
        "mapping_id": _INTEGER, "decision": {"enum": ["confirm", "correct", "reject"]}, "sku": _NULLABLE_STRING,
        "decided_by": _STRING, "decided_at": _TIME})]},
    "Affects": _object({"lines": _INTEGER, "takeoffs": _INTEGER}),
    "Line": _object({
        "line_id": _STRING, "takeoff_id": _STRING, "revision": _INTEGER, "takeoff_name": _NULLABLE_STRING,
        "project_id": _STRING, "description": _NULLABLE_STRING, "description_key": _NULLABLE_STRING,
        "quantity": _NULLABLE_NUMBER, "unit": _NULLABLE_STRING, "status": _STRING, "sku": _NULLABLE_STRING,
        "confidence": _NUMBER, "method": _STRING, "reason": _STRING, "decided": {"type": "boolean"},
        "candidates": {"type": "array", "items": _ref("Product")}, "decision": _ref("DecisionInForce"),
        "affects": _ref("Affects")}),
    "DecisionRequest": {
        "type": "object", "required": ["decision"], "additionalProperties": False,
        "properties": {"decision": {"enum": ["confirm", "correct", "reject"]},
                       "sku": {"type": ["string", "null"], "maxLength": MAX_TEXT,
                               "description": "the catalog SKU (confirm: one of the candidates, the best by "
                                              "default; correct: required; reject: leave empty)"},
                       "takeoff": {"type": ["string", "null"], "maxLength": MAX_TEXT,
                                   "description": "the takeoff, when the line id is in several"},
                       "replaces": {"type": ["integer", "null"],
                                    "description": "the mapping_id of the decision in force you mean to replace"}}},
    "DecisionResult": _object({
        "line_id": _STRING, "takeoff_id": _STRING, "description": _NULLABLE_STRING, "description_key": _STRING,
        "decision": {"enum": ["confirm", "correct", "reject"]}, "sku": _NULLABLE_STRING, "decided_by": _STRING,
        "mapping_id": {"type": ["integer", "null"]}, "changed": {"type": "boolean"}, "affects": _ref("Affects"),
        "reprocessing": {"type": "array", "items": _object({"takeoff_id": _STRING, "revision": _INTEGER})},
        "learned": {"type": "array", "items": _object({"entry_id": _STRING, "kind": _STRING, "term": _STRING,
                                                       "canonical": _STRING})}}),
    "Products": _object({"items": {"type": "array", "items": _ref("Product")}}),
    "Verdict": _object({
        "check": _STRING, "description": _STRING, "level": {"enum": ["ok", "warn", "fail"]},
        "value": _NULLABLE_NUMBER, "unit": {"enum": ["percent", "seconds", "hours", "count"]},
        "formatted": _STRING, "warn": _NULLABLE_NUMBER, "fail": _NULLABLE_NUMBER, "low_is_bad": {"type": "boolean"},
        "finding": _STRING}),
    "Status": _object({
        "checked_at": _TIME, "window_hours": _NUMBER,
        "systems": {"type": "array", "items": _object({
            "system": _STRING, "last_success_at": _TIME, "hours_since_success": _NULLABLE_NUMBER,
            "since_success": _STRING,
            "breaker_state": {"enum": ["closed", "open", "half_open"]}})},
        "pending_approvals": _INTEGER, "review_queue_lines": _INTEGER, "unmatched_lines": _INTEGER,
        "open_dead_letters": _INTEGER, "external_calls": _INTEGER,
        "errors_by_type": {"type": "object", "additionalProperties": _INTEGER},
        "error_rate_percent": _NUMBER, "latency_p50_seconds": _NULLABLE_NUMBER,
        "latency_p95_seconds": _NULLABLE_NUMBER,
        "confidence_buckets": {"type": "object", "additionalProperties": _INTEGER},
        "auto_match_percent": _NULLABLE_NUMBER, "verdicts": {"type": "array", "items": _ref("Verdict")},
        "overall": {"enum": ["ok", "warn", "fail"]}}),
    "DeadLetterSummary": _object({
        "id": _INTEGER, "created_at": _TIME, "operation": _STRING, "entity": _NULLABLE_STRING,
        "error_type": _STRING, "http_status": {"type": ["integer", "null"]},
        "status": {"enum": ["open", "replayed", "discarded"]}, "replay_result": _NULLABLE_STRING}),
    "DeadLetters": _object({"items": {"type": "array", "items": _ref("DeadLetterSummary")}}),
    "DeadLetter": _object({
        "id": _INTEGER, "status": {"enum": ["open", "replayed", "discarded"]}, "operation": _STRING,
        "entity": _NULLABLE_STRING, "error_type": _STRING, "error": _STRING, "idempotency_key": _STRING,
        "context": {"type": "object"}, "payload": {"type": "object"}}),
    "Replayed": _object({"id": _INTEGER, "status": {"const": "replayed"}, "platform_id": _STRING,
                         "already_on_platform": {"type": "boolean"}}),
    "Whoami": _object({"token_id": _STRING, "name": _STRING, "role": {"enum": ["viewer", "reviewer", "operator"]}}),
}

_REASONS = {
    400: "malformed request: a bad query parameter or body",
    401: "no token, or a token that is unknown, revoked or malformed",
    403: "the token's role is too low, or a cookie-authenticated change without its CSRF token",
    404: "no such line or dead letter",
    409: "already decided by someone else (who and when in detail), or not an open dead letter",
    413: "body too large",
    415: "the body is not application/json",
    422: "the decision cannot be recorded: unknown or inactive SKU, not a candidate, nothing to confirm",
    429: "too many failed authentications from this address; see Retry-After",
    502: "the inventory platform did not accept the replay",
    503: "the warehouse is unavailable, or the service is not configured for this",
}
_ALWAYS = (400, 401, 403, 429, 503)  # 400: any operation refuses a query parameter it does not declare


def _operation(summary: str, role: str, result: str, *, errors: tuple[int, ...] = (),
               parameters: list[dict[str, Any]] | None = None, body: str | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK",
                                         "content": {"application/json": {"schema": _ref(result)}}}}
    for status in sorted({*errors, *_ALWAYS}):
        headers = {"Retry-After": {"schema": _STRING}} if status == 429 else {}
        responses[str(status)] = {"description": _REASONS[status], "headers": headers,
                                  "content": {"application/json": {"schema": _ref("Error")}}}
    operation: dict[str, Any] = {"summary": summary, "description": f"Needs the {role} role.",
                                 "parameters": parameters or [], "responses": responses}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    return operation


def _query(name: str, description: str, schema: dict[str, Any] | None = None, required: bool = False
           ) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string", "maxLength": MAX_TEXT}}


def _path(name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


_LIMIT = {"type": "integer", "minimum": 1, "maximum": 500}
_DEAD_LETTER_ID = _path("id", {"type": "integer", "minimum": 1})

PATHS: dict[str, Any] = {
    "/api/v1/whoami": {"get": _operation("the token's name and role", "viewer", "Whoami")},
    "/api/v1/review/queue": {"get": _operation(
        "descriptions waiting for a decision, biggest impact first (lines, quantity, estimated cost)", "viewer",
        "Queue", errors=(400,), parameters=[
            _query("project", "only this project"), _query("takeoff", "only this takeoff"),
            _query("reason", "review or unmatched, or words of why a line was flagged"),
            _query("limit", "items per page (default 50)", _LIMIT),
            _query("offset", "items to skip", {"type": "integer", "minimum": 0, "maximum": 1000000})])},
    "/api/v1/review/lines/{line_id}": {"get": _operation(
        "one line: as typed, why it is here, ranked candidates, the decision in force, what a decision affects",
        "viewer", "Line", errors=(400, 404),
        parameters=[_path("line_id"), _query("takeoff", "the takeoff, when the line id is in several")])},
    "/api/v1/review/lines/{line_id}/decision": {"post": _operation(
        "decide every line typed like this one; re-processes the affected takeoffs in the background", "reviewer",
        "DecisionResult", errors=(400, 404, 409, 413, 415, 422), parameters=[_path("line_id")],
        body="DecisionRequest")},
    "/api/v1/catalog/search": {"get": _operation(
        "catalog products containing every word of q (SKU, description, maker, part numbers)", "viewer",
        "Products", errors=(400,), parameters=[
            _query("q", "the words to find", {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}, True),
            _query("limit", "at most this many (default 20)", {"type": "integer", "minimum": 1, "maximum": 50})])},
    "/api/v1/status": {"get": _operation("the figures and verdicts of `sync-pipeline status`", "viewer", "Status")},
    "/api/v1/dead-letters": {"get": _operation(
        "dead letters (failed writes)", "viewer", "DeadLetters", errors=(400,), parameters=[
            _query("status", "open (default), replayed, discarded or all",
                   {"enum": ["open", "replayed", "discarded", "all"]})])},
    "/api/v1/dead-letters/{id}": {"get": _operation(
        "one dead letter with its payload, error and context", "viewer", "DeadLetter", errors=(404,),
        parameters=[_DEAD_LETTER_ID])},
    "/api/v1/dead-letters/{id}/replay": {"post": _operation(
        "send an open dead letter again (same body, same Idempotency-Key)", "operator", "Replayed",
        errors=(404, 409, 502), parameters=[_DEAD_LETTER_ID])},
}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "sync-pipeline operations API", "version": "1",
                 "description": "Review queue and decisions, status, dead letters. Authenticate with "
                                "`Authorization: Bearer <token>` (`sync-pipeline tokens create`) or the web "
                                "app's session cookie (then unsafe requests need X-CSRF-Token)."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": SCHEMAS},
        "paths": PATHS,
    }
