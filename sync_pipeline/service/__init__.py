"""The pipeline's one small ASGI service (`sync-pipeline serve`): everything a person or another
system calls. One module per concern, the app factory in `app`.

- `app`: `create_app(...)` assembles the routes; `health` answers GET /health.
- `webhooks`: POST /webhooks/pm, the PM system's signed webhooks into the inbox (`opstore.WebhookInbox`).
- `signatures`: Standard Webhooks verification (and signing, for the simulator and benchmarks).
- `server`: running the app with uvicorn, in the foreground or (tests, benchmarks) in a thread.
"""
