"""A real PostgreSQL server for the production-shape tests: a fresh database per session, dropped afterwards.

Without a reachable server these tests skip with the reason, unless REQUIRE_POSTGRES=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import uuid

import pytest

PG = {"host": os.environ.get("DAGSTER_PG_HOST", "127.0.0.1"), "port": int(os.environ.get("DAGSTER_PG_PORT", "5432")),
      "user": os.environ.get("DAGSTER_PG_USER", "postgres"), "password": os.environ.get("DAGSTER_PG_PASSWORD", "")}


def _admin():
    import psycopg2

    con = psycopg2.connect(dbname="test", connect_timeout=3, **PG)
    con.autocommit = True
    return con


@pytest.fixture(scope="session")
def pg_database():
    try:
        admin = _admin()
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server here"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL at {PG['host']}:{PG['port']} is unreachable: {exc}")
        pytest.skip(f"no PostgreSQL server at {PG['host']}:{PG['port']} ({str(exc).strip()})")
    name = f"sync_pipeline_test_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def pg_url(database: str) -> str:
    password = f":{PG['password']}" if PG["password"] else ""
    return f"postgresql://{PG['user']}{password}@{PG['host']}:{PG['port']}/{database}"
