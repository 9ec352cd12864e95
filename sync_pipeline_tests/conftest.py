"""Every test gets its own operational store (circuit breakers, webhook inbox), so one test's outage never
trips another's breaker and one test's deliveries never reach another's intake."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_opstore(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNC_OPS_PATH", str(tmp_path / "ops.sqlite"))
    monkeypatch.delenv("SYNC_OPS_DATABASE_URL", raising=False)


# A fresh PostgreSQL database per session (or a visible skip): see sync_pipeline_tests/postgres.py.
from sync_pipeline_tests.postgres import pg_database  # noqa: E402,F401
