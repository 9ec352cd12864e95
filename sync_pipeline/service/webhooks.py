"""POST /webhooks/pm: the PM system's takeoff webhooks (contracts/pm-api.yaml `webhooks`) into the inbox.

The receiver does as little as it can, so it answers quickly and never loses what it acknowledged:
size limit (413), signature and timestamp (401), body shape (400), then one durable insert into
`webhook_inbox`, de-duplicated by webhook-id, and 200. Inserts are group-committed (`InboxWriter`):
deliveries that arrive while one transaction is being synced to disk go into the next one
together, so one fsync covers many of them and the answer still waits for its own commit. It does not look at the takeoff: whether it
is known and approved is the intake sensor's question (`defs.sensors`), asked of the PM API itself.
A refused delivery is logged with its reason and stores nothing; if the inbox cannot be written the
answer is 503, so the PM system sends it again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sync_pipeline.opstore import Delivery, OpStoreError, WebhookInbox
from sync_pipeline.service.signatures import SignatureVerifier

logger = logging.getLogger("sync_pipeline.service.webhooks")
MAX_BODY_BYTES = 256 * 1024   # a thin event is a few hundred bytes
MAX_ID_CHARS = 200
MAX_BATCH = 500               # deliveries per group commit


class Refused(Exception):
    def __init__(self, status: int, error: str, reason: str):
        super().__init__(reason)
        self.status, self.error, self.reason = status, error, reason


def _text(value: Any, name: str, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > MAX_ID_CHARS \
            or any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise Refused(400, "invalid_body", f"{name} must be a non-empty string of at most {MAX_ID_CHARS} "
                      "printable characters")
    return value


def parse_delivery(webhook_id: str, body: bytes) -> Delivery:
    """The stored form of a verified delivery; raises Refused(400) when the body breaks the contract."""
    try:
        event = json.loads(body)
    except ValueError:
        raise Refused(400, "invalid_json", "body is not JSON") from None
    if not isinstance(event, dict):
        raise Refused(400, "invalid_body", "body is not a JSON object")
    data = event.get("data")
    if not isinstance(data, dict):
        raise Refused(400, "invalid_body", "data must be an object")
    revision = data.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise Refused(400, "invalid_body", "data.revision must be a positive integer")
    if _text(event.get("id"), "id") != webhook_id:
        raise Refused(400, "invalid_body", "the body's id differs from the webhook-id header")
    return Delivery(webhook_id=webhook_id, event_type=_text(event.get("type"), "type"),
                    takeoff_id=_text(data.get("takeoff_id"), "data.takeoff_id"),
                    project_id=_text(data.get("project_id"), "data.project_id"),
                    revision=revision, event_created_at=_text(event.get("created_at"), "created_at"),
                    body=body.decode("utf-8"))


class InboxWriter:
    """One thread that stores deliveries in batches: whatever queued up during the previous commit."""

    def __init__(self, inbox: WebhookInbox, *, max_batch: int = MAX_BATCH):
        self.inbox, self.max_batch = inbox, max_batch
        self._queue: queue.SimpleQueue[tuple[Delivery, Future] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="webhook-inbox-writer", daemon=True)
        self._thread.start()

    def submit(self, delivery: Delivery) -> Future:
        """A future that becomes True (stored), False (already stored) or an OpStoreError, once committed."""
        future: Future = Future()
        self._queue.put((delivery, future))
        return future

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            batch = [item]
            while len(batch) < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)   # stop after this batch
                    break
                batch.append(more)
            try:
                results = self.inbox.record_many([delivery for delivery, _ in batch])
            except Exception as exc:  # noqa: BLE001 - every waiting request must get an answer
                for _, future in batch:
                    future.set_exception(exc if isinstance(exc, OpStoreError) else OpStoreError(str(exc)))
            else:
                for (_, future), new in zip(batch, results):
                    future.set_result(new)


class WebhookReceiver:
    def __init__(self, verifier: SignatureVerifier, inbox: WebhookInbox, *, max_body_bytes: int = MAX_BODY_BYTES):
        self.verifier, self.inbox, self.max_body_bytes = verifier, inbox, max_body_bytes
        self.writer = InboxWriter(inbox)

    async def _body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise Refused(413, "too_large", f"body of {declared} bytes is over the {self.max_body_bytes}-byte limit")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body_bytes:
                raise Refused(413, "too_large", f"body is over the {self.max_body_bytes}-byte limit")
        return bytes(body)

    async def pm(self, request: Request) -> JSONResponse:
        webhook_id = request.headers.get("webhook-id", "")
        try:
            body = await self._body(request)
            rejection = self.verifier.verify(body, request.headers)
            if rejection is not None:
                raise Refused(401, "invalid_signature", rejection.reason)
            delivery = parse_delivery(webhook_id, body)
        except Refused as refused:
            client = request.client.host if request.client else "?"
            logger.warning("refused PM webhook %r from %s: %s %s", webhook_id[:MAX_ID_CHARS], client,
                           refused.status, refused.reason)
            return JSONResponse({"error": refused.error, "message": refused.reason}, status_code=refused.status)
        try:
            new = await asyncio.wrap_future(self.writer.submit(delivery))
        except OpStoreError as exc:
            logger.error("could not store PM webhook %r (answered 503, the sender will retry): %s", webhook_id, exc)
            return JSONResponse({"error": "unavailable", "message": "the inbox cannot be written; retry later"},
                                status_code=503, headers={"Retry-After": "5"})
        if not new:   # normal: the PM system retries; refusals are the warnings
            logger.debug("PM webhook %r (%s %s@%d) was already received", webhook_id, delivery.event_type,
                        delivery.takeoff_id, delivery.revision)
        return JSONResponse({"status": "accepted" if new else "duplicate"})


def webhook_routes(receiver: WebhookReceiver) -> list[Route]:
    return [Route("/webhooks/pm", receiver.pm, methods=["POST"])]
