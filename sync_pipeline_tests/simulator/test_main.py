"""`python -m sync_pipeline.simulator` runs both servers in the foreground and says how to reach them."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx


def test_the_command_prints_working_urls_and_dev_credentials(http: httpx.Client) -> None:
    process = subprocess.Popen([sys.executable, "-m", "sync_pipeline.simulator", "--pm-port", "0",
                                "--inventory-port", "0", "--seed", "3"], stdout=subprocess.PIPE, text=True)
    try:
        settings = {}
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip().startswith("export "):
                name, _, value = line.strip().removeprefix("export ").partition("=")
                settings[name] = value
            if "Ctrl-C stops" in line:
                break
        assert settings["PM_CLIENT_ID"] == "sync-pipeline-dev"
        token = http.post(f"{settings['PM_API_URL']}/oauth/token", data={
            "grant_type": "client_credentials", "client_id": settings["PM_CLIENT_ID"],
            "client_secret": settings["PM_CLIENT_SECRET"]})
        assert token.status_code == 200
        codes = http.get(f"{settings['INVENTORY_API_URL']}/v2/uom-codes",
                         headers={"Authorization": f"Token {settings['INVENTORY_API_TOKEN']}"})
        assert codes.status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
