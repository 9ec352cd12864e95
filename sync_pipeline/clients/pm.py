"""Client for the project-management system (takeoffs), per contracts/pm-api.yaml.

Bodies that cannot be read (cut short, not JSON, not UTF-8) are transient and retried by
`ResilientHttp`. Readable bodies that break the contract are permanent and never retried: a
single takeoff or project fails with a `MalformedResponse` naming endpoint, entity and field; a
bad record in a list is reported and left out while the rest are returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, TypeVar

from sync_pipeline.clients.breaker import CircuitBreaker
from sync_pipeline.clients.errors import MalformedResponse
from sync_pipeline.clients.models import (Project, Source, Takeoff, TakeoffSummary, WebhookDelivery, parsed_one,
                                          report_breach, valid_records)
from sync_pipeline.clients.resilience import AttemptHook, ResilientHttp, RetryPolicy
from sync_pipeline.clients.tokens import TOKENS, TokenCache
from sync_pipeline.config import Secret

SYSTEM = "pm"
TOKEN_PATH = "/oauth/token"
T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


class PmClient:
    def __init__(self, base_url: str, client_id: str, client_secret: Secret | str, *, timeout: float = 30.0,
                 retry: RetryPolicy | None = None, on_attempt: AttemptHook | None = None,
                 breaker: CircuitBreaker | None = None, tokens: TokenCache = TOKENS):
        """`tokens`: where access tokens are kept; by default shared by every client of the process."""
        self._http = ResilientHttp(SYSTEM, base_url, timeout=timeout, retry=retry, on_attempt=on_attempt,
                                   breaker=breaker)
        self._token_url = base_url.rstrip("/") + TOKEN_PATH
        self._client_id = client_id
        self._client_secret = Secret(client_secret)
        self._tokens = tokens
        self._token: Secret | None = None   # the token this client last sent

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "PmClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _auth(self, refresh: bool) -> dict[str, str]:
        self._token = self._tokens.token(self._token_url, self._client_id, self._client_secret, self._fetch_token,
                                         rejected=self._token if refresh else None)
        return {"Authorization": f"Bearer {self._token.reveal()}"}

    def _fetch_token(self) -> tuple[str, float]:
        response = self._http.request(
            "POST", TOKEN_PATH, operation="get_token",
            data={"grant_type": "client_credentials", "client_id": self._client_id,
                  "client_secret": self._client_secret.reveal()},
        )
        body = response.json()
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise report_breach(self._http, "get_token", MalformedResponse(
                "POST /oauth/token", "answer without an access_token string", field="access_token"))
        expires_in = body.get("expires_in") if isinstance(body.get("expires_in"), int) else 300
        return body["access_token"], float(expires_in)

    def _get(self, path: str, operation: str, params: dict | None = None, entity: str | None = None) -> Any:
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        return self._http.request("GET", path, operation=operation, entity=entity, auth=self._auth,
                                  params=clean).json()

    def _page(self, path: str, operation: str, params: dict) -> Page:
        body = self._get(path, operation, params)
        if not isinstance(body, dict) or not isinstance(body.get("data"), list) or "next_cursor" not in body:
            raise report_breach(self._http, operation, MalformedResponse(
                f"GET {path}", "page without a data array and next_cursor"))
        return Page(items=body["data"], next_cursor=body["next_cursor"])

    def _walk(self, path: str, operation: str, params: dict) -> Iterator[Any]:
        cursor = None
        while True:
            page = self._page(path, operation, {**params, "cursor": cursor})
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def _valid(self, records: Iterable[Any], parse: Callable[[Any, Source], T], path: str, operation: str,
               id_field: str = "id") -> Iterator[T]:
        return valid_records(records, parse, http=self._http, operation=operation, endpoint=f"GET {path}",
                             id_fields=(id_field,))

    def _one(self, path: str, operation: str, parse: Callable[[Any, Source], T], entity: str,
             params: dict | None = None) -> T:
        return parsed_one(self._get(path, operation, params, entity=entity), parse, http=self._http,
                          operation=operation, source=Source(f"GET {path}", entity))

    def projects(self) -> list[Project]:
        return list(self._valid(self._walk("/v1/projects", "list_projects", {"limit": 200}), Project.parse,
                                "/v1/projects", "list_projects"))

    def project(self, project_id: str) -> Project:
        return self._one(f"/v1/projects/{project_id}", "get_project", Project.parse, project_id)

    def takeoffs_page(self, *, status: str | None = None, updated_after: str | None = None,
                      project_id: str | None = None, cursor: str | None = None, limit: int = 200
                      ) -> tuple[list[TakeoffSummary], str | None]:
        """One page of summaries, for callers (sensors) that must stop between pages."""
        page = self._page("/v1/takeoffs", "list_takeoffs",
                          {"status": status, "updated_after": updated_after, "project_id": project_id,
                           "cursor": cursor, "limit": limit})
        summaries = self._valid(page.items, TakeoffSummary.parse, "/v1/takeoffs", "list_takeoffs")
        return list(summaries), page.next_cursor

    def takeoffs(self, *, status: str | None = None, updated_after: str | None = None,
                 project_id: str | None = None) -> Iterator[TakeoffSummary]:
        records = self._walk("/v1/takeoffs", "list_takeoffs", {"status": status, "updated_after": updated_after,
                                                                "project_id": project_id, "limit": 200})
        return self._valid(records, TakeoffSummary.parse, "/v1/takeoffs", "list_takeoffs")

    def takeoff(self, takeoff_id: str, revision: int | None = None) -> Takeoff:
        return self._one(f"/v1/takeoffs/{takeoff_id}", "get_takeoff", Takeoff.parse,
                         f"{takeoff_id}@{revision}" if revision else takeoff_id, {"revision": revision})

    def webhook_deliveries(self, since: str | None = None) -> Iterator[WebhookDelivery]:
        records = self._walk("/v1/webhook-deliveries", "list_webhook_deliveries", {"since": since, "limit": 200})
        return self._valid(records, WebhookDelivery.parse, "/v1/webhook-deliveries", "list_webhook_deliveries",
                           id_field="event_id")
