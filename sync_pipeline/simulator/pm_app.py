"""The project-management system's API (contracts/pm-api.yaml) as a Starlette app."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sync_pipeline.simulator.control import control_routes
from sync_pipeline.simulator.errors import EXCEPTION_HANDLERS, ApiError
from sync_pipeline.simulator.faults import FaultMiddleware, RateLimitMiddleware
from sync_pipeline.simulator.malformed import EscapedJSONResponse
from sync_pipeline.simulator.paging import choice_param, cursor_page, int_param, time_param
from sync_pipeline.simulator.state import SimulatorState
from sync_pipeline.simulator.timestamps import parse_time

TAKEOFF_STATUSES = ("draft", "submitted", "approved", "rejected", "superseded")
SUMMARY_FIELDS = ("id", "project_id", "revision", "status", "approved_at", "updated_at")


class PmApi:
    def __init__(self, state: SimulatorState):
        self.state = state

    def _authenticate(self, request: Request) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not self.state.token_is_valid(token.strip()):
            raise ApiError(401, "invalid_token", "missing, expired or revoked access token; get a new one from "
                           "POST /oauth/token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

    async def token(self, request: Request) -> JSONResponse:
        form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "client_credentials":
            raise ApiError(400, "unsupported_grant_type", "grant_type must be client_credentials")
        token = self.state.issue_token(form.get("client_id", ""), form.get("client_secret", ""))
        if token is None:
            raise ApiError(401, "invalid_client", "unknown client_id or wrong client_secret")
        return JSONResponse({"access_token": token, "token_type": "Bearer",
                             "expires_in": self.state.token_ttl_seconds})

    async def projects(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        return JSONResponse(cursor_page(request, self.state.projects(), key=lambda p: (p["id"],)))

    async def project(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        project_id = request.path_params["project_id"]
        project = self.state.project(project_id)
        if project is None:
            raise ApiError(404, "not_found", f"no project {project_id}")
        return JSONResponse(project)

    async def takeoffs(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        status = choice_param(request, "status", TAKEOFF_STATUSES)
        project_id = request.query_params.get("project_id")
        updated_after = time_param(request, "updated_after")
        summaries = [{name: t[name] for name in SUMMARY_FIELDS} for t in self.state.takeoff_revisions()
                     if (status is None or t["status"] == status)
                     and (project_id is None or t["project_id"] == project_id)
                     and (updated_after is None or (parse_time(t["updated_at"]) > updated_after
                                                    and t["id"] not in self.state.hidden_from_change_feed))]
        return JSONResponse(cursor_page(request, summaries, key=lambda t: (t["updated_at"], t["id"], t["revision"])))

    async def takeoff(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        takeoff_id = request.path_params["takeoff_id"]
        revision = int_param(request, "revision", 0, 1) if "revision" in request.query_params else None
        takeoff = self.state.takeoff(takeoff_id, revision)
        if takeoff is None:
            which = f"revision {revision} of takeoff {takeoff_id}" if revision else f"takeoff {takeoff_id}"
            raise ApiError(404, "not_found", f"no {which}")
        return EscapedJSONResponse(takeoff)

    async def webhook_deliveries(self, request: Request) -> JSONResponse:
        self._authenticate(request)
        since = time_param(request, "since")
        deliveries = [d for d in self.state.webhook_deliveries()
                      if since is None or parse_time(d["attempted_at"]) >= since]
        return JSONResponse(cursor_page(request, deliveries, key=lambda d: (d["attempted_at"], d["event_id"]),
                                        descending=True))


def create_pm_app(state: SimulatorState) -> Starlette:
    api = PmApi(state)
    routes = [
        Route("/oauth/token", api.token, methods=["POST"]),
        Route("/v1/projects", api.projects),
        Route("/v1/projects/{project_id}", api.project),
        Route("/v1/takeoffs", api.takeoffs),
        Route("/v1/takeoffs/{takeoff_id}", api.takeoff),
        Route("/v1/webhook-deliveries", api.webhook_deliveries),
        *control_routes(state, "pm"),
    ]
    middleware = [Middleware(RateLimitMiddleware, system="pm", state=state),
                  Middleware(FaultMiddleware, system="pm", state=state)]
    return Starlette(routes=routes, middleware=middleware, exception_handlers=EXCEPTION_HANDLERS)
