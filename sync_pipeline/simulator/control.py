"""The /_sim/ control API, mounted on both servers, for tests and benchmarks that run the
simulator in another process. No authentication, no rate limit, no injected faults.

    GET  /_sim/health                      {"status": "ok", "system": ...}
    GET  /_sim/state                       what clients wrote to the inventory platform, and counts
    POST /_sim/takeoffs/approve            {"takeoff_id"?, "project_id"?, "line_count"?, "like_takeoff_id"?} -> the
                                           approved takeoff (like_takeoff_id: a new one with that one's lines)
    POST /_sim/takeoffs/{id}/revise        a new approved revision; the old one becomes superseded;
                                           {"scale": 0.5} keeps every line and halves its quantity
    POST /_sim/takeoffs/{id}/reject        a draft or submitted takeoff becomes rejected
    POST /_sim/takeoffs/{id}/plant         {"bad_lines": ["huge_description", ...]}: bad lines added to the
                                           latest revision (kinds in malformed.BAD_LINES)
    GET  /_sim/faults                      the current fault knobs
    POST /_sim/faults                      replace them: {"errors": {prefix: {"rate", "status"?,
                                           "retry_after_seconds"?}}, "malformed": {prefix: {"rate", "kind"?,
                                           "field"?}}, "latency_seconds"?, "outages"?: ["pm"], "seed"?,
                                           "revoke_pm_tokens"?: true}
    POST /_sim/config                      {"rate_limits"?: {"pm": {"limit", "window_seconds"?}},
                                           "pm_token_ttl_seconds"?}
    What buyers do in the platform's screens (inventory API 2.4):
    POST /_sim/purchase-order-drafts/{id}/issue   {"lines"?: [{"sku", "quantity"}]}: issued as a purchase order,
                                           with the quantities a buyer changed (0 drops a line); they then count
                                           in the warehouse's on_order
    POST /_sim/purchase-order-drafts/{id}/edit    {"lines": [{"sku", "quantity"}]}: an open draft's quantities
                                           changed
    POST /_sim/purchase-order-drafts/{id}/cancel  {"reason"?}: cancelled by a buyer
    POST /_sim/quote-requests/{id}/answer         the vendors answered
    POST /_sim/quote-requests/{id}/cancel         cancelled by a buyer
    POST /_sim/documents/{id}/remove              the draft or quote request disappears (404 from then on)
    POST /_sim/documents/{id}/status              {"status"}: a status the contract may not list (bad input)
    GET  /_sim/webhooks                    where webhooks go (secrets shown as ***), their faults, deliveries pending
    POST /_sim/webhooks                    {"url": "http://.../webhooks/pm" or null (off), "secrets": ["whsec_..."],
                                           "retry_delays"?: [1, 5], "faults"?: {"duplicate_rate", "reorder_rate",
                                           "reorder_seconds", "delay_seconds", "drop_rate", "seed"}}
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sync_pipeline.simulator.errors import ApiError
from sync_pipeline.simulator.faults import SYSTEMS, Faults, RateLimit
from sync_pipeline.simulator.malformed import EscapedJSONResponse
from sync_pipeline.simulator.state import SimulatorState
from sync_pipeline.simulator.webhooks import WebhookFaults, WebhookTarget


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise ApiError(400, "invalid_json", "the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "the request body must be a JSON object")
    return body


def control_routes(state: SimulatorState, system: str) -> list[Route]:
    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "system": system})

    async def snapshot(request: Request) -> JSONResponse:
        return JSONResponse(state.snapshot())

    async def approve(request: Request) -> JSONResponse:
        body = await _json_object(request)
        line_count = body.get("line_count")
        if line_count is not None and (not isinstance(line_count, int) or isinstance(line_count, bool)
                                       or line_count < 1):
            raise ApiError(400, "invalid_request", "line_count must be a positive integer")
        like = body.get("like_takeoff_id")
        if like is not None and not isinstance(like, str):
            raise ApiError(400, "invalid_request", "like_takeoff_id must be a takeoff id")
        takeoff = state.approve_takeoff(body.get("takeoff_id"), project_id=body.get("project_id"),
                                        line_count=line_count, like_takeoff_id=like)
        return EscapedJSONResponse(takeoff, status_code=201)

    async def revise(request: Request) -> JSONResponse:
        scale = (await _json_object(request)).get("scale")
        if scale is not None and (not isinstance(scale, (int, float)) or isinstance(scale, bool) or scale <= 0):
            raise ApiError(400, "invalid_request", "scale must be a number above 0")
        return EscapedJSONResponse(state.revise_takeoff(request.path_params["takeoff_id"], scale), status_code=201)

    async def reject(request: Request) -> JSONResponse:
        return EscapedJSONResponse(state.reject_takeoff(request.path_params["takeoff_id"]))

    async def plant(request: Request) -> JSONResponse:
        kinds = (await _json_object(request)).get("bad_lines")
        if not isinstance(kinds, list):
            raise ApiError(400, "invalid_request", "bad_lines must be a list of bad line kinds")
        return JSONResponse(state.plant_bad_lines(request.path_params["takeoff_id"], kinds))

    async def faults(request: Request) -> JSONResponse:
        if request.method == "POST":
            body = await _json_object(request)
            try:
                state.set_faults(Faults.from_json(body))
            except (TypeError, ValueError) as exc:
                raise ApiError(400, "invalid_request", f"bad fault settings: {exc}") from None
            if body.get("revoke_pm_tokens"):
                state.revoke_pm_tokens()
        return JSONResponse(state.faults.to_json())

    async def config(request: Request) -> JSONResponse:
        body = await _json_object(request)
        try:
            limits = {name: RateLimit(**limit) for name, limit in (body.get("rate_limits") or {}).items()}
            ttl = body.get("pm_token_ttl_seconds")
            if set(limits) - set(SYSTEMS) or (ttl is not None and (not isinstance(ttl, int) or ttl < 1)):
                raise ValueError(f"rate_limits keys must be among {SYSTEMS}; pm_token_ttl_seconds a positive integer")
        except (TypeError, ValueError) as exc:
            raise ApiError(400, "invalid_request", f"bad configuration: {exc}") from None
        for name, limit in limits.items():
            state.set_rate_limit(name, limit)
        if ttl is not None:
            state.token_ttl_seconds = ttl
        return JSONResponse({"rate_limits": {name: vars(limiter.rate_limit) for name, limiter in
                                             state.rate_limiters.items()},
                             "pm_token_ttl_seconds": state.token_ttl_seconds})

    async def issue(request: Request) -> JSONResponse:
        body = await _json_object(request)
        return JSONResponse(state.buyer_issue_draft(request.path_params["id"], body.get("lines")))

    async def edit(request: Request) -> JSONResponse:
        body = await _json_object(request)
        return JSONResponse(state.buyer_edit_draft(request.path_params["id"], body.get("lines")))

    async def cancel_draft(request: Request) -> JSONResponse:
        reason = (await _json_object(request)).get("reason")
        return JSONResponse(state.cancel_draft(request.path_params["id"], reason if isinstance(reason, str)
                                               else "cancelled by a buyer"))

    async def answer_quote(request: Request) -> JSONResponse:
        return JSONResponse(state.buyer_answer_quote_request(request.path_params["id"]))

    async def cancel_quote(request: Request) -> JSONResponse:
        return JSONResponse(state.cancel_quote_request(request.path_params["id"]))

    async def remove(request: Request) -> JSONResponse:
        state.remove_document(request.path_params["id"])
        return JSONResponse({"removed": request.path_params["id"]})

    async def plant_status(request: Request) -> JSONResponse:
        status = (await _json_object(request)).get("status")
        if not isinstance(status, str):
            raise ApiError(400, "invalid_request", "status must be a string")
        return JSONResponse(state.plant_document_status(request.path_params["id"], status))
    def webhooks_view() -> dict[str, Any]:
        sender = state.webhooks
        target = sender.target
        return {"url": target.url if target else None, "secrets": ["***"] * len(target.secrets) if target else [],
                "retry_delays": list(target.retry_delays) if target else [], "faults": vars(sender.faults),
                "pending": sender.pending()}

    async def webhooks(request: Request) -> JSONResponse:
        if request.method == "POST":
            body = await _json_object(request)
            try:
                target = None
                if body.get("url") is not None:
                    target = WebhookTarget(url=body["url"], secrets=tuple(body.get("secrets") or ()),
                                           **({"retry_delays": tuple(body["retry_delays"])}
                                              if "retry_delays" in body else {}))
                faults = WebhookFaults(**(body.get("faults") or {}))
            except (TypeError, ValueError) as exc:
                raise ApiError(400, "invalid_request", f"bad webhook settings: {exc}") from None
            state.webhooks.configure(target, faults)
        return JSONResponse(webhooks_view())

    return [
        Route("/_sim/purchase-order-drafts/{id}/issue", issue, methods=["POST"]),
        Route("/_sim/purchase-order-drafts/{id}/edit", edit, methods=["POST"]),
        Route("/_sim/purchase-order-drafts/{id}/cancel", cancel_draft, methods=["POST"]),
        Route("/_sim/quote-requests/{id}/answer", answer_quote, methods=["POST"]),
        Route("/_sim/quote-requests/{id}/cancel", cancel_quote, methods=["POST"]),
        Route("/_sim/documents/{id}/remove", remove, methods=["POST"]),
        Route("/_sim/documents/{id}/status", plant_status, methods=["POST"]),
        Route("/_sim/health", health),
        Route("/_sim/webhooks", webhooks, methods=["GET", "POST"]),
        Route("/_sim/state", snapshot),
        Route("/_sim/takeoffs/approve", approve, methods=["POST"]),
        Route("/_sim/takeoffs/{takeoff_id}/revise", revise, methods=["POST"]),
        Route("/_sim/takeoffs/{takeoff_id}/reject", reject, methods=["POST"]),
        Route("/_sim/takeoffs/{takeoff_id}/plant", plant, methods=["POST"]),
        Route("/_sim/faults", faults, methods=["GET", "POST"]),
        Route("/_sim/config", config, methods=["POST"]),
    ]
