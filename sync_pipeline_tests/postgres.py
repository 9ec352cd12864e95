"""Throw-away databases on the real PostgreSQL server, for the production-shape and operational-store tests.

Without a reachable server the tests that need one skip with the reason, unless REQUIRE_POSTGRES=1
(CI), where they fail.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest

PG = {"host": os.environ.get("DAGSTER_PG_HOST", "127.0.0.1"), "port": int(os.environ.get("DAGSTER_PG_PORT", "5432")),
      "user": os.environ.get("DAGSTER_PG_USER", "postgres"), "password": os.environ.get("DAGSTER_PG_PASSWORD", "")}


def pg_url(database: str) -> str:
    password = f":{PG['password']}" if PG["password"] else ""
    return f"postgresql://{PG['user']}{password}@{PG['host']}:{PG['port']}/{database}"


def _fresh_database(prefix: str) -> Iterator[str]:
    """Yield the name of a new database, dropped afterwards; skip (or fail under REQUIRE_POSTGRES=1) without a server."""
    import psycopg

    try:
        admin = psycopg.connect(pg_url("test"), autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server here"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL at {PG['host']}:{PG['port']} is unreachable: {exc}")
        pytest.skip(f"no PostgreSQL server at {PG['host']}:{PG['port']} ({str(exc).strip()})")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """One database for the session (Dagster storage, warehouse catalog, breakers)."""
    yield from _fresh_database("sync_pipeline_test")


def throwaway_database() -> Iterator[str]:
    """The URL of a fresh database of its own, for a test that needs an empty one."""
    for name in _fresh_database("sync_ops_test"):
        yield pg_url(name)
