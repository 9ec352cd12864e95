"""The operations JSON API under /api/v1: the review queue and decisions, status, dead letters.

Thin over the same functions the CLI uses (warehouse/mappings, decisions, monitoring, dead_letters,
writeback), so a decision taken here records, learns and re-processes exactly as `review confirm
--apply` does. The warehouse is blocking, so its calls run in the threadpool; re-processing after a
decision runs on one background worker thread per process, so no request waits for a Dagster run.
Every refusal is `{"error", "detail"}` with a 4xx and changes nothing. The OpenAPI document
(`openapi.py`) describes exactly these routes.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import datetime
from typing import Any, Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.config import ConfigError, Settings, monitor_settings_from_env
from sync_pipeline.service.auth import problem, requires
from sync_pipeline.service.openapi import openapi_document
from sync_pipeline.service.tokens import Principal
from sync_pipeline.warehouse.dead_letters import get_dead_letter, list_dead_letters
from sync_pipeline.warehouse.decisions import record_decisions
from sync_pipeline.warehouse.mappings import (Candidate, FlaggedLine, LineNotFound, ReviewError, StaleDecision, decide,
                                              find_line, lines_sharing, mapping_in_force, reprocess_after)
from sync_pipeline.warehouse.monitoring import SYSTEMS, UNITS, format_figure, health, rounded_figure, verdicts
from sync_pipeline.warehouse.products import Product, products, search_products
from sync_pipeline.warehouse.review_queue import QueueItem, review_queue
from sync_pipeline.warehouse.store import Warehouse, WarehouseBusy, WarehouseUnavailable
from sync_pipeline.writeback import replay_dead_letters

log = logging.getLogger(__name__)

PREFIX = "/api/v1"
MAX_BODY_BYTES = 16 * 1024        # a decision is a few short fields
MAX_QUERY_TEXT = 200              # filters and the search text
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
QUEUE_CANDIDATES = 3
DECISION_FIELDS = {"decision": str, "sku": (str, type(None)), "takeoff": (str, type(None)),
                   "replaces": (int, type(None))}
DEAD_LETTER_STATUSES = ("open", "replayed", "discarded", "all")


class ApiError(Exception):
    """A request refused by a handler: answered `{"error", "detail"}` with `status`."""

    def __init__(self, status: int, error: str, detail: Any = None):
        super().__init__(error)
        self.status, self.error, self.detail = status, error, detail


class Reprocessor:
    """One worker thread per process: re-processes the takeoffs decisions affect, in the order decided.

    `run(after_mapping_id)` covers every decision after that id, so decisions that arrive while one
    pass is waiting to start join it instead of queueing passes of their own."""

    def __init__(self, run: Callable[[int], Any]):
        self._run = run
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reprocess")
        self._lock = threading.Lock()
        self._waiting: int | None = None   # the `after` of the pass queued but not started

    def submit(self, after_mapping_id: int) -> None:
        with self._lock:
            if self._waiting is not None:
                self._waiting = min(self._waiting, after_mapping_id)
                return
            self._waiting = after_mapping_id
        self._executor.submit(self._next)

    def _next(self) -> None:
        with self._lock:
            after_mapping_id, self._waiting = self._waiting, None
        self._reprocess(after_mapping_id)

    def _reprocess(self, after_mapping_id: int) -> None:
        try:
            summary = self._run(after_mapping_id)
        except Exception:  # noqa: BLE001 - the decision stands; the review sensor or the next sync catches up
            log.exception("re-processing after decision %d failed", after_mapping_id + 1)
            return
        log.info("re-processed after decision %d: %s", after_mapping_id + 1, ", ".join(summary.revisions) or "none")
        for label, reason in summary.failures.items():
            log.error("re-processing %s failed: %s", label, reason)

    def wait(self, timeout: float) -> None:
        """Until everything submitted so far is done (tests, shutdown)."""
        self._executor.submit(lambda: None).result(timeout)


def _default_reprocess(after_mapping_id: int) -> Any:
    from sync_pipeline.defs.review_sensor import reprocess_from_env

    return reprocess_from_env(after_mapping_id)


class RunsInFlight:
    """"takeoff@revision" of takeoff_sync runs queued or running on the CLI's Dagster instance ($DAGSTER_HOME),
    which is opened once per process: opening it runs its storage checks, too slow for every request."""

    def __init__(self) -> None:
        self._instance: Any = None
        self._lock = threading.Lock()

    def __call__(self) -> set[str]:
        from sync_pipeline.defs.instance import cli_instance
        from sync_pipeline.defs.pending import revisions_in_flight

        with self._lock:
            if self._instance is None:
                self._instance = cli_instance()
        return revisions_in_flight(self._instance)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _candidate(c: Product | Candidate) -> dict[str, Any]:
    """A candidate with stock and price; one no longer in the catalog has neither."""
    if isinstance(c, Product):
        return asdict(c)
    return {"sku": c.sku, "description": c.description, "uom": c.uom, "active": None, "stock_on_hand": None,
            "unit_price": None}


def _query_text(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is not None and len(value) > MAX_QUERY_TEXT:
        raise ApiError(400, f"query parameter {name} is too long", f"at most {MAX_QUERY_TEXT} characters")
    return value or None


def _query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, f"query parameter {name} is not a whole number", text[:50]) from None
    if not low <= value <= high:
        raise ApiError(400, f"query parameter {name} is out of range", f"from {low} to {high}")
    return value


async def _json_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "the body must be JSON", "send Content-Type: application/json")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "body too large", f"at most {MAX_BODY_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise ApiError(413, "body too large", f"at most {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body)
    except ValueError as exc:   # not UTF-8 (UnicodeDecodeError is a ValueError) or not JSON
        raise ApiError(400, "the body is not JSON", str(exc)[:200]) from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object", None)
    return data


def _decision_body(data: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - set(DECISION_FIELDS))
    if unknown:
        raise ApiError(400, "unknown fields in the body", f"not expected: {', '.join(unknown)[:200]}")
    if "decision" not in data:
        raise ApiError(400, "the body needs a decision", "one of confirm, correct, reject")
    for name, types in DECISION_FIELDS.items():
        value = data.get(name)
        if name in data and (not isinstance(value, types) or isinstance(value, bool)):
            raise ApiError(400, f"field {name} has the wrong type", None)
        if isinstance(value, str) and len(value) > MAX_QUERY_TEXT:
            raise ApiError(400, f"field {name} is too long", f"at most {MAX_QUERY_TEXT} characters")
    return data


def _line_json(line: FlaggedLine) -> dict[str, Any]:
    return {"line_id": line.line_id, "takeoff_id": line.takeoff_id, "revision": line.revision,
            "takeoff_name": line.takeoff_name, "project_id": line.project_id, "description": line.description,
            "description_key": line.description_key, "quantity": line.quantity, "unit": line.unit,
            "status": line.status, "sku": line.sku, "confidence": line.confidence, "method": line.method,
            "reason": line.reason, "decided": line.decided}


def _item_json(item: QueueItem) -> dict[str, Any]:
    first = item.first
    return {"description_key": first.description_key, "description": first.description, "unit": first.unit,
            "reason": first.reason, "status": first.status, "lines": len(item.lines),
            "takeoffs": sorted({line.takeoff_id for line in item.lines}),
            "projects": sorted({line.project_id for line in item.lines}),
            "total_quantity": item.total_quantity, "estimated_cost": item.estimated_cost,
            "line_id": first.line_id, "takeoff_id": first.takeoff_id,
            "candidates": [_candidate(c) for c in item.candidates[:QUEUE_CANDIDATES]]}


def _mapping_json(mapping: Any) -> dict[str, Any] | None:
    return None if mapping is None else {"mapping_id": mapping.mapping_id, "decision": mapping.action,
                                         "sku": mapping.sku, "decided_by": mapping.decided_by,
                                         "decided_at": _iso(mapping.decided_at)}


def _declared_query(path: str, method: str) -> frozenset[str]:
    """The query parameters the OpenAPI document declares for the operation at PREFIX + `path`."""
    shape = lambda template: re.sub(r"\{[^}]+\}", "{}", template)
    operation = next((item[method] for key, item in openapi_document()["paths"].items()
                      if shape(key) == shape(PREFIX + path)), {"parameters": []})
    return frozenset(p["name"] for p in operation["parameters"] if p["in"] == "query")


def _endpoint(role: str, handler: Callable[[Request, Principal], Awaitable[dict[str, Any]]],
              query: frozenset[str] = frozenset()) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint for principals at `role` or above, taking the `query` parameters and no others (a
    mistyped filter is refused, not silently ignored); ApiError, and a warehouse that cannot be reached,
    become JSON refusals."""

    @requires(role)
    async def endpoint(request: Request, principal: Principal) -> Response:
        unknown = sorted(set(request.query_params) - query)
        if unknown:
            return problem(400, "unknown query parameter", {"unknown": unknown[:10], "accepted": sorted(query)})
        try:
            return JSONResponse(await handler(request, principal))
        except ApiError as exc:
            return problem(exc.status, exc.error, exc.detail)
        except (WarehouseUnavailable, WarehouseBusy) as exc:
            log.error("warehouse: %s", exc)
            return problem(503, "the warehouse is unavailable", str(exc)[:500], {"Retry-After": "10"})
    return endpoint


class OperationsApi:
    """The /api/v1 routes over one warehouse (migrated on first use) and one re-processing worker."""

    def __init__(self, warehouse: Warehouse, reprocess: Callable[[int], Any] | None = None,
                 runs_in_flight: Callable[[], set[str]] | None = None):
        self._warehouse = warehouse
        self._migrated = False
        self._lock = threading.Lock()
        self.reprocessor = Reprocessor(reprocess or _default_reprocess)
        self._runs_in_flight = runs_in_flight or RunsInFlight()
        self._decide_lock = threading.Lock()   # this process's decisions one at a time; `expected` guards the rest

    def store(self) -> Warehouse:
        with self._lock:
            if not self._migrated:
                self._warehouse.migrate()
                self._migrated = True
        return self._warehouse

    def routes(self) -> list[Mount]:
        routes = [("/openapi.json", "viewer", self._openapi, "GET"), ("/whoami", "viewer", self._whoami, "GET"),
                  ("/review/queue", "viewer", self._queue, "GET"),
                  ("/review/lines/{line_id}", "viewer", self._line_endpoint, "GET"),
                  ("/review/lines/{line_id}/decision", "reviewer", self._decision, "POST"),
                  ("/catalog/search", "viewer", self._search, "GET"), ("/status", "viewer", self._status_endpoint, "GET"),
                  ("/dead-letters", "viewer", self._dead_letters, "GET"),
                  ("/dead-letters/{dead_letter_id}", "viewer", self._dead_letter, "GET"),
                  ("/dead-letters/{dead_letter_id}/replay", "operator", self._replay_endpoint, "POST")]
        return [Mount(PREFIX, routes=[
            Route(path, _endpoint(role, handler, _declared_query(path, method.lower())), methods=[method])
            for path, role, handler, method in routes])]

    async def _openapi(self, request: Request, principal: Principal) -> dict[str, Any]:
        return openapi_document()

    # The handlers below return the JSON body; `routes` wraps each with `_endpoint(role, ...)`.

    async def _whoami(self, request: Request, principal: Principal) -> dict[str, Any]:
        return {"token_id": principal.token_id, "name": principal.name, "role": principal.role}

    async def _queue(self, request: Request, principal: Principal) -> dict[str, Any]:
        filters = [_query_text(request, name) for name in ("project", "takeoff", "reason")]
        limit = _query_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = _query_int(request, "offset", 0, 0, 1_000_000)
        items = await run_in_threadpool(lambda: review_queue(self.store(), *filters))
        return {"total": len(items), "limit": limit, "offset": offset,
                "items": [_item_json(item) for item in items[offset:offset + limit]]}

    def _line(self, line_id: str, takeoff: str | None) -> FlaggedLine:
        try:
            return find_line(self.store(), line_id, takeoff)
        except LineNotFound as exc:
            raise ApiError(404, "no such line", str(exc)) from None
        except ReviewError as exc:   # in several takeoffs
            raise ApiError(400, "say which takeoff", str(exc)) from None

    def _line_detail(self, line_id: str, takeoff: str | None) -> dict[str, Any]:
        store = self.store()
        line = self._line(line_id, takeoff)
        known = products(store, [c.sku for c in line.candidates])
        in_force = mapping_in_force(store, line.description_key) if line.description_key else None
        lines, takeoffs = lines_sharing(store, line.description_key) if line.description_key else (1, 1)
        return {**_line_json(line), "candidates": [_candidate(known.get(c.sku, c)) for c in line.candidates],
                "decision": _mapping_json(in_force), "affects": {"lines": lines, "takeoffs": takeoffs}}

    async def _line_endpoint(self, request: Request, principal: Principal) -> dict[str, Any]:
        takeoff = _query_text(request, "takeoff")
        return await run_in_threadpool(self._line_detail, request.path_params["line_id"], takeoff)

    def _decide(self, line_id: str, body: dict[str, Any], principal: Principal) -> dict[str, Any]:
        store = self.store()
        with self._decide_lock:
            line = self._line(line_id, body.get("takeoff"))
            in_force = mapping_in_force(store, line.description_key) if line.description_key else None
            # A line still waiting despite a decision (its SKU went inactive since) needs a new one: no conflict.
            waiting = line.status in ("review", "unmatched") and not line.decided
            if (in_force is not None and not waiting and in_force.decided_by != principal.name
                    and body.get("replaces") != in_force.mapping_id):
                raise ApiError(409, "already decided by someone else", {
                    **_mapping_json(in_force), "message": f"{in_force.decided_by} decided this description on "
                    f"{in_force.decided_at:%Y-%m-%d %H:%M} UTC; to replace it, send \"replaces\": "
                    f"{in_force.mapping_id}"})
            try:
                decision = decide(store, line, body["decision"], body.get("sku"))
                recorded = record_decisions(store, [decision], principal.name,
                                            {line.description_key: in_force.mapping_id if in_force else None})
            except StaleDecision as exc:
                raise ApiError(409, "already decided by someone else", {
                    **(_mapping_json(exc.current) or {}), "message": str(exc)}) from None
            except ReviewError as exc:
                raise ApiError(422, "decision refused", {"message": str(exc), "field": exc.column}) from None
        [mapping_id] = recorded.mapping_ids
        affected = reprocess_after(store, mapping_id - 1)[0] if mapping_id else []
        if affected:
            self.reprocessor.submit(mapping_id - 1)
        lines, takeoffs = lines_sharing(store, line.description_key)
        return {"line_id": line.line_id, "takeoff_id": line.takeoff_id, "description": line.description,
                "description_key": line.description_key, "decision": decision.action, "sku": decision.sku,
                "decided_by": principal.name, "mapping_id": mapping_id, "changed": mapping_id is not None,
                "affects": {"lines": lines, "takeoffs": takeoffs},
                "reprocessing": [{"takeoff_id": a.takeoff_id, "revision": a.revision} for a in affected],
                "learned": [{"entry_id": e.entry_id, "kind": e.kind, "term": e.term, "canonical": e.canonical}
                            for e in recorded.learned]}

    async def _decision(self, request: Request, principal: Principal) -> dict[str, Any]:
        body = _decision_body(await _json_body(request))
        return await run_in_threadpool(self._decide, request.path_params["line_id"], body, principal)

    async def _search(self, request: Request, principal: Principal) -> dict[str, Any]:
        text = _query_text(request, "q")
        if not text or not text.strip():
            raise ApiError(400, "query parameter q is required", "words of a SKU, description or part number")
        limit = _query_int(request, "limit", 20, 1, 50)
        found = await run_in_threadpool(lambda: search_products(self.store(), text, limit))
        return {"items": [asdict(p) for p in found]}

    def _status(self) -> dict[str, Any]:
        """The figures of `sync-pipeline status`, rounded as it shows them (shares in percent), and the verdicts."""
        settings = monitor_settings_from_env()
        figures = health(self.store(), settings.window_hours, self._runs_in_flight())
        results = verdicts(figures, settings)
        levels = [v.level for v in results]
        return {
            "checked_at": _iso(figures.checked_at), "window_hours": figures.window_hours,
            "systems": [{"system": system, "last_success_at": _iso(figures.last_success[system]),
                         "hours_since_success": rounded_figure(figures.hours_since_success(system), "h"),
                         "since_success": format_figure(figures.hours_since_success(system), "h"),
                         "breaker_state": breaker_for(system).state().state} for system in SYSTEMS],
            "pending_approvals": figures.pending_approvals, "review_queue_lines": figures.review_queue,
            "unmatched_lines": figures.unmatched, "open_dead_letters": figures.open_dead_letters,
            "external_calls": figures.attempts, "errors_by_type": figures.errors,
            "error_rate_percent": rounded_figure(figures.error_rate, "%"),
            "latency_p50_seconds": rounded_figure(figures.latency_p50_seconds, "s"),
            "latency_p95_seconds": rounded_figure(figures.latency_p95_seconds, "s"),
            "confidence_buckets": figures.confidence_buckets,
            "auto_match_percent": rounded_figure(figures.auto_match_share, "%"),
            "verdicts": [{
                "check": v.monitor.name, "description": v.monitor.description, "level": v.level,
                "value": rounded_figure(v.value, v.monitor.unit), "unit": UNITS[v.monitor.unit][2] or "count",
                "formatted": v.monitor.format(v.value),
                "warn": rounded_figure(v.threshold.warn, v.monitor.unit),
                "fail": rounded_figure(v.threshold.fail, v.monitor.unit), "low_is_bad": v.threshold.low_is_bad,
                "finding": v.monitor.finding(v.threshold, v.value)} for v in results],
            "overall": "fail" if "fail" in levels else "warn" if "warn" in levels else "ok",
        }

    async def _status_endpoint(self, request: Request, principal: Principal) -> dict[str, Any]:
        try:
            return await run_in_threadpool(self._status)
        except ConfigError as exc:
            raise ApiError(503, "monitoring is misconfigured", str(exc)) from None

    async def _dead_letters(self, request: Request, principal: Principal) -> dict[str, Any]:
        status = request.query_params.get("status", "open")
        if status not in DEAD_LETTER_STATUSES:
            raise ApiError(400, "unknown status", f"one of {', '.join(DEAD_LETTER_STATUSES)}")
        rows = await run_in_threadpool(lambda: list_dead_letters(self.store(), None if status == "all" else status))
        return {"items": [{"id": r["dead_letter_id"], "created_at": _iso(r["created_at"]),
                           "operation": r["operation"], "entity": r["entity"], "error_type": r["error_type"],
                           "http_status": r["http_status"], "status": r["status"],
                           "replay_result": r["replay_result"]} for r in rows.iter_rows(named=True)]}

    @staticmethod
    def _dead_letter_id(request: Request) -> int:
        text = request.path_params["dead_letter_id"]
        if not text.isdigit() or len(text) > 18:
            raise ApiError(404, "no such dead letter", f"no dead letter {text[:50]}")
        return int(text)

    def _dead_letter_detail(self, dead_letter_id: int) -> dict[str, Any]:
        letter = get_dead_letter(self.store(), dead_letter_id)
        if letter is None:
            raise ApiError(404, "no such dead letter", f"no dead letter {dead_letter_id}")
        return {"id": letter.dead_letter_id, "status": letter.status, "operation": letter.operation,
                "entity": letter.entity, "error_type": letter.error_type, "error": letter.error_detail,
                "idempotency_key": letter.idempotency_key, "context": letter.context, "payload": letter.payload}

    async def _dead_letter(self, request: Request, principal: Principal) -> dict[str, Any]:
        return await run_in_threadpool(self._dead_letter_detail, self._dead_letter_id(request))

    def _replay(self, dead_letter_id: int, principal: Principal) -> dict[str, Any]:
        store = self.store()
        letter = get_dead_letter(store, dead_letter_id)
        if letter is None:
            raise ApiError(404, "no such dead letter", f"no dead letter {dead_letter_id}")
        if letter.status != "open":
            raise ApiError(409, "not an open dead letter", f"dead letter {dead_letter_id} is {letter.status}")
        try:
            settings = Settings.from_env()
        except ConfigError as exc:
            raise ApiError(503, "replay is not configured", str(exc)) from None
        log.info("dead letter %d replayed by %s", dead_letter_id, principal.name)
        [outcome] = replay_dead_letters(store, settings, [dead_letter_id], run_id=f"api:replay:{principal.name}")
        if outcome.error:
            raise ApiError(502, "the platform did not accept it", outcome.error[:500])
        return {"id": dead_letter_id, "status": "replayed", "platform_id": outcome.result.id,
                "already_on_platform": outcome.result.replayed}

    async def _replay_endpoint(self, request: Request, principal: Principal) -> dict[str, Any]:
        return await run_in_threadpool(self._replay, self._dead_letter_id(request), principal)
