"""The pipeline's one small ASGI service (`sync-pipeline serve`): everything a person or another
system calls. One module per concern, the app factory in `app`.

- `app`: `create_app(...)` assembles the routes; `health` answers GET /health.
- `webhooks`: POST /webhooks/pm, the PM system's signed webhooks into the inbox (`opstore.WebhookInbox`).
- `signatures`: Standard Webhooks verification (and signing, for the simulator and benchmarks).
- `tokens`: API tokens (hashed in the operational store) and roles; `auth`: bearer/cookie authentication,
  roles, CSRF double submit, the failed-authentication limit, login cookies.
- `api`: the operations JSON API under /api/v1; `openapi`: its OpenAPI 3.1 document.
- `server`: running the app with uvicorn, in the foreground or (tests, benchmarks) in a thread.
"""
