"""Every test gets its own circuit-breaker file, so one test's outage never trips another's breaker."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_breakers(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNC_BREAKER_PATH", str(tmp_path / "breakers.sqlite"))
