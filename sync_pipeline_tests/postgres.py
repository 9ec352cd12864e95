"""A throw-away PostgreSQL database for tests of the operational store (psycopg 3).

Without a reachable server the tests that need one skip with the reason, unless REQUIRE_POSTGRES=1
(CI), where they fail: the same rule as the PostgreSQL-backed Dagster instance tests.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest

PG_HOST = os.environ.get("DAGSTER_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("DAGSTER_PG_PORT", "5432"))
PG_USER = os.environ.get("DAGSTER_PG_USER", "postgres")
PG_PASSWORD = os.environ.get("DAGSTER_PG_PASSWORD", "")


def _url(dbname: str) -> str:
    password = f":{PG_PASSWORD}" if PG_PASSWORD else ""
    return f"postgresql://{PG_USER}{password}@{PG_HOST}:{PG_PORT}/{dbname}"


def throwaway_database() -> Iterator[str]:
    """Yield the URL of a fresh database, dropped afterwards; skip (or fail under REQUIRE_POSTGRES=1) without a server."""
    import psycopg

    try:
        admin = psycopg.connect(_url("test"), autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server here"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL at {PG_HOST}:{PG_PORT} is unreachable: {exc}")
        pytest.skip(f"no PostgreSQL server at {PG_HOST}:{PG_PORT} ({str(exc).strip()})")
    name = f"sync_ops_test_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
