"""Running the service with uvicorn in the foreground (`sync-pipeline serve`).

Tests and benchmarks run it in a thread on loopback instead:
    with BackgroundServer(create_app(...)) as service:    # sync_pipeline.background_server
        httpx.post(f"{service.url}/webhooks/pm", ...)
"""

from __future__ import annotations

import uvicorn
from starlette.applications import Starlette



def serve(app: Starlette, host: str, port: int, *, access_log: bool = False) -> None:
    """Serve until interrupted; uvicorn finishes the requests in flight on SIGTERM/SIGINT."""
    uvicorn.run(app, host=host, port=port, access_log=access_log, log_level="info", lifespan="off",
                timeout_graceful_shutdown=10)
