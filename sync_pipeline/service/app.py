"""The service's app factory: one Starlette app with a route group per concern."""

from __future__ import annotations

from typing import Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sync_pipeline.config import Secret, webhook_secrets_from_env
from sync_pipeline.opstore import WebhookInbox, webhook_inbox
from sync_pipeline.service.pages import page_routes
from sync_pipeline.service.signatures import SignatureVerifier
from sync_pipeline.service.webhooks import MAX_BODY_BYTES, WebhookReceiver, webhook_routes


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def create_app(*, webhook_secrets: Sequence[Secret | str] | None = None, inbox: WebhookInbox | None = None,
               max_body_bytes: int = MAX_BODY_BYTES) -> Starlette:
    """The service; settings left out are read from the environment (SYNC_PM_WEBHOOK_SECRETS, SYNC_OPS_*).

    Raises ConfigError for a missing or malformed secret and OpStoreError when the store cannot be
    opened, so a misconfigured service fails at start, not at its first delivery.
    """
    verifier = SignatureVerifier(webhook_secrets if webhook_secrets is not None else webhook_secrets_from_env())
    receiver = WebhookReceiver(verifier, inbox if inbox is not None else webhook_inbox(),
                               max_body_bytes=max_body_bytes)
    return Starlette(routes=[Route("/health", health), *webhook_routes(receiver), *page_routes()])
