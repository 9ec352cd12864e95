"""Running the simulator outside tests: the command line, and state kept between runs in a file."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from sync_pipeline.simulator.server import SimulatorServer
from sync_pipeline_tests.simulator.conftest import inventory_client, seeded_data


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


def test_a_state_file_carries_writes_and_takeoffs_over_to_the_next_run(tmp_path: Path) -> None:
    state_file = tmp_path / "run" / "simulator-state.json"
    with SimulatorServer(data=seeded_data(), state_file=state_file) as first:
        approved = first.state.approve_takeoff(line_count=20)
        project = first.state.projects()[0]["id"]
        product = first.state.products[0]
        body = {"source_document": approved["id"], "source_revision": 1,
                "lines": [{"sku": product["sku"], "quantity": 5, "uom": product["uom"]}]}
        with inventory_client(first) as inventory:
            created = inventory.post(f"/v2/projects/{project}/material-requirements", json=body,
                                     headers={"Idempotency-Key": "carried-over"})
    assert created.status_code == 201 and state_file.exists()

    with SimulatorServer(data=seeded_data(), state_file=state_file) as second:
        assert second.state.takeoff(approved["id"]) == approved
        with inventory_client(second) as inventory:
            replayed = inventory.post(f"/v2/projects/{project}/material-requirements", json=body,
                                      headers={"Idempotency-Key": "carried-over"})
        assert replayed.status_code == 200 and replayed.json() == created.json()
        snapshot = second.state.snapshot()
        assert [r["id"] for r in snapshot["material_requirements"]["current"]] == [created.json()["id"]]
        assert snapshot["counts"] == {"posts_received": 2, "records_created": 1, "idempotent_replays": 1}
        new_lines = second.state.approve_takeoff(line_count=20)["line_items"]
        assert min(line["id"] for line in new_lines) > max(line["id"] for line in approved["line_items"])

    with pytest.raises(ValueError, match="seed"):
        SimulatorServer(data=seeded_data(8), state_file=state_file)
