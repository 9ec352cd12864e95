"""Client for the project-management system (takeoffs), per contracts/pm-api.yaml."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator

from sync_pipeline.clients.breaker import CircuitBreaker
from sync_pipeline.clients.errors import MalformedResponse
from sync_pipeline.clients.models import Project, Takeoff, TakeoffSummary, WebhookDelivery
from sync_pipeline.clients.resilience import AttemptHook, ResilientHttp, RetryPolicy
from sync_pipeline.config import Secret

SYSTEM = "pm"
# Ask for a new token this many seconds before the old one expires, so calls never race the expiry.
TOKEN_EXPIRY_MARGIN = 30.0


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


class PmClient:
    def __init__(self, base_url: str, client_id: str, client_secret: Secret | str, *, timeout: float = 30.0,
                 retry: RetryPolicy | None = None, on_attempt: AttemptHook | None = None,
                 breaker: CircuitBreaker | None = None):
        self._http = ResilientHttp(SYSTEM, base_url, timeout=timeout, retry=retry, on_attempt=on_attempt,
                                   breaker=breaker)
        self._client_id = client_id
        self._client_secret = Secret(client_secret)
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "PmClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _auth(self, refresh: bool) -> dict[str, str]:
        with self._lock:
            if refresh or self._token is None or time.monotonic() >= self._token_expires:
                self._fetch_token()
            return {"Authorization": f"Bearer {self._token}"}

    def _fetch_token(self) -> None:
        response = self._http.request(
            "POST", "/oauth/token", operation="get_token",
            data={"grant_type": "client_credentials", "client_id": self._client_id,
                  "client_secret": self._client_secret.reveal()},
        )
        body = response.json()
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise MalformedResponse("token answer has no access_token")
        expires_in = body.get("expires_in") if isinstance(body.get("expires_in"), int) else 300
        self._token = body["access_token"]
        self._token_expires = time.monotonic() + max(expires_in - TOKEN_EXPIRY_MARGIN, expires_in / 2)

    def _get(self, path: str, operation: str, params: dict | None = None, entity: str | None = None) -> Any:
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        return self._http.request("GET", path, operation=operation, entity=entity, auth=self._auth,
                                  params=clean).json()

    def _page(self, path: str, operation: str, params: dict) -> Page:
        body = self._get(path, operation, params)
        if not isinstance(body, dict) or not isinstance(body.get("data"), list) or "next_cursor" not in body:
            raise MalformedResponse(f"{path}: page without data/next_cursor")
        return Page(items=body["data"], next_cursor=body["next_cursor"])

    def _walk(self, path: str, operation: str, params: dict) -> Iterator[Any]:
        cursor = None
        while True:
            page = self._page(path, operation, {**params, "cursor": cursor})
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def projects(self) -> list[Project]:
        return [Project.parse(r) for r in self._walk("/v1/projects", "list_projects", {"limit": 200})]

    def project(self, project_id: str) -> Project:
        return Project.parse(self._get(f"/v1/projects/{project_id}", "get_project", entity=project_id))

    def takeoffs_page(self, *, status: str | None = None, updated_after: str | None = None,
                      project_id: str | None = None, cursor: str | None = None, limit: int = 200
                      ) -> tuple[list[TakeoffSummary], str | None]:
        """One page of summaries, for callers (sensors) that must stop between pages."""
        page = self._page("/v1/takeoffs", "list_takeoffs",
                          {"status": status, "updated_after": updated_after, "project_id": project_id,
                           "cursor": cursor, "limit": limit})
        return [TakeoffSummary.parse(r) for r in page.items], page.next_cursor

    def takeoffs(self, *, status: str | None = None, updated_after: str | None = None,
                 project_id: str | None = None) -> Iterator[TakeoffSummary]:
        for record in self._walk("/v1/takeoffs", "list_takeoffs",
                                 {"status": status, "updated_after": updated_after, "project_id": project_id,
                                  "limit": 200}):
            yield TakeoffSummary.parse(record)

    def takeoff(self, takeoff_id: str, revision: int | None = None) -> Takeoff:
        return Takeoff.parse(self._get(f"/v1/takeoffs/{takeoff_id}", "get_takeoff", {"revision": revision},
                                       entity=f"{takeoff_id}@{revision}" if revision else takeoff_id))

    def webhook_deliveries(self, since: str | None = None) -> Iterator[WebhookDelivery]:
        for record in self._walk("/v1/webhook-deliveries", "list_webhook_deliveries", {"since": since,
                                                                                        "limit": 200}):
            yield WebhookDelivery.parse(record)
