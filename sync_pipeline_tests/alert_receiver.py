"""A chat tool's incoming webhook on loopback, for tests of the alerts that reach people."""

from __future__ import annotations

import json
from typing import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from sync_pipeline.background_server import BackgroundServer

HOOK_SECRET = "T000/B000/hook-secret-part"   # a Slack webhook URL's path is its credential


class Receiver:
    """A chat tool's incoming webhook: records every POSTed body; answers `status`."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.status = 200

    async def hook(self, request: Request) -> JSONResponse:
        self.bodies.append(json.loads(await request.body()))
        return JSONResponse({"ok": self.status == 200}, status_code=self.status)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/health", lambda _: PlainTextResponse("ok")),
                                 Route(f"/services/{HOOK_SECRET}", self.hook, methods=["POST"])])

    def states(self) -> list[tuple[str, str]]:
        return [(b["condition"], b["state"]) for b in self.bodies]


@pytest.fixture
def receiver(monkeypatch) -> Iterator[Receiver]:
    receiver = Receiver()
    with BackgroundServer(receiver.app(), name="alert-receiver") as server:
        monkeypatch.setenv("SYNC_ALERT_WEBHOOK_URL", f"{server.url}/services/{HOOK_SECRET}")
        monkeypatch.delenv("SYNC_ALERT_FORMAT", raising=False)
        yield receiver
