"""The service's app factory: one Starlette app with a route group per concern."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from sync_pipeline.config import Secret, warehouse_settings_from_env, webhook_secrets_from_env
from sync_pipeline.opstore import WebhookInbox, webhook_inbox
from sync_pipeline.service.api import OperationsApi
from sync_pipeline.service.auth import problem
from sync_pipeline.service.pages import page_routes
from sync_pipeline.service.signatures import SignatureVerifier
from sync_pipeline.service.webhooks import MAX_BODY_BYTES, WebhookReceiver, webhook_routes
from sync_pipeline.warehouse.store import Warehouse


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def http_error(request: Request, exc: HTTPException) -> Response:
    """An unknown path or method: JSON under /api/ (like every API answer), plain text elsewhere."""
    if request.url.path.startswith("/api/"):
        return problem(exc.status_code, exc.detail, None, exc.headers)
    return PlainTextResponse(exc.detail, exc.status_code, headers=exc.headers)


def create_app(*, webhook_secrets: Sequence[Secret | str] | None = None, inbox: WebhookInbox | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, warehouse: Warehouse | None = None,
               reprocess: Callable[[int], Any] | None = None,
               runs_in_flight: Callable[[], set[str]] | None = None) -> Starlette:
    """The service; settings left out are read from the environment (SYNC_PM_WEBHOOK_SECRETS, SYNC_OPS_*,
    SYNC_WAREHOUSE_*; re-processing after a decision and the runs in flight use the configured endpoints
    and $DAGSTER_HOME, as `review --apply` and `status` do).

    Raises ConfigError for a missing or malformed secret or warehouse setting and OpStoreError when the
    store cannot be opened, so a misconfigured service fails at start, not at its first request.
    `app.state.api` is the JSON API (its `reprocessor` re-processes after decisions).
    """
    verifier = SignatureVerifier(webhook_secrets if webhook_secrets is not None else webhook_secrets_from_env())
    receiver = WebhookReceiver(verifier, inbox if inbox is not None else webhook_inbox(),
                               max_body_bytes=max_body_bytes)
    api = OperationsApi(warehouse if warehouse is not None else warehouse_settings_from_env().store(),
                        reprocess, runs_in_flight)
    app = Starlette(routes=[Route("/health", health), *webhook_routes(receiver), *api.routes(), *page_routes()],
                    exception_handlers={HTTPException: http_error})
    app.state.api = api
    return app
