"""Shared fixtures: generated data (built once), servers on loopback, authenticated httpx
clients, and the OpenAPI contracts to validate answers against."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sync_pipeline.simulator.generator import SimulatorData, generate
from sync_pipeline.simulator.server import SimulatorServer

CONTRACTS = Path(__file__).resolve().parents[2].parent / "shared" / "contracts"


@lru_cache(maxsize=None)
def seeded_data(seed: int = 7) -> SimulatorData:
    """Generation takes about a second; the state never changes the data, so servers can share it."""
    return generate(seed)


@pytest.fixture(scope="session")
def data() -> SimulatorData:
    return seeded_data()


@pytest.fixture(scope="session")
def sim() -> Iterator[SimulatorServer]:
    """One server pair for tests that only read, or write under keys and documents of their own."""
    with SimulatorServer(data=seeded_data()) as server:
        yield server


@pytest.fixture
def fresh_sim() -> Iterator[SimulatorServer]:
    """A server pair of its own, for tests that change knobs or count what was written."""
    with SimulatorServer(data=seeded_data()) as server:
        yield server


def pm_client(server: SimulatorServer) -> httpx.Client:
    """An httpx client holding a fresh bearer token."""
    token = httpx.post(f"{server.pm_url}/oauth/token", data={
        "grant_type": "client_credentials", "client_id": server.pm_client_id,
        "client_secret": server.pm_client_secret}).json()["access_token"]
    return httpx.Client(base_url=server.pm_url, headers={"Authorization": f"Bearer {token}"})


def inventory_client(server: SimulatorServer) -> httpx.Client:
    return httpx.Client(base_url=server.inventory_url, headers={"Authorization": f"Token {server.inventory_token}"})


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    """A plain client for unauthenticated calls (tokens, /_sim/ control); one for the session, as
    creating an httpx client costs a noticeable fraction of a second."""
    with httpx.Client() as client:
        yield client


@pytest.fixture(scope="session")
def pm(sim: SimulatorServer) -> Iterator[httpx.Client]:
    with pm_client(sim) as client:
        yield client


@pytest.fixture(scope="session")
def inventory(sim: SimulatorServer) -> Iterator[httpx.Client]:
    with inventory_client(sim) as client:
        yield client


class Contract:
    """One OpenAPI file; validates a response body against the schema of (path, method, status)."""

    def __init__(self, path: Path):
        self.document = yaml.safe_load(path.read_text())
        self.uri = path.as_uri()
        self.registry = Registry().with_resource(
            self.uri, Resource.from_contents(self.document, default_specification=DRAFT202012))

    def _resolve(self, pointer: str) -> Any:
        node = self.document
        for part in pointer.strip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def schema_pointer(self, path: str, method: str, status: int) -> str:
        responses = self.document["paths"][path][method]["responses"]
        escaped = path.replace("~", "~0").replace("/", "~1")
        pointer = f"/paths/{escaped}/{method}/responses/{status if str(status) in responses else 'default'}"
        response = self._resolve(pointer)
        while "$ref" in response:
            pointer = response["$ref"].lstrip("#")
            response = self._resolve(pointer)
        return f"{pointer}/content/application~1json/schema"

    def validate(self, path: str, method: str, response: httpx.Response) -> Any:
        body = response.json()
        schema = {"$ref": f"{self.uri}#{self.schema_pointer(path, method, response.status_code)}"}
        Draft202012Validator(schema, registry=self.registry).validate(body)
        return body


@pytest.fixture(scope="session")
def contracts() -> dict[str, Contract]:
    if not CONTRACTS.is_dir():
        pytest.skip(f"contract files not found at {CONTRACTS} (expected the shared/contracts folder next to the repo)")
    return {"pm": Contract(CONTRACTS / "pm-api.yaml"), "inventory": Contract(CONTRACTS / "inventory-api.yaml")}


def walk_cursor_pages(client: httpx.Client, path: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    """Every record of a cursor-paged PM list, and the number of pages it took."""
    records, pages, cursor = [], 0, None
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        records += body["data"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return records, pages


def walk_offset_pages(client: httpx.Client, path: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    """Every record of a limit/offset-paged platform list, following `next` URLs; and the page count."""
    records, pages = [], 0
    response = client.get(path, params=params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        records += body["results"]
        pages += 1
        if body["next"] is None:
            assert len(records) == body["count"]
            return records, pages
        assert body["next"].startswith(str(client.base_url).rstrip("/"))
        response = client.get(body["next"])
