"""Configuration from the environment: clear errors, secrets that never print."""

from __future__ import annotations

import pytest

from sync_pipeline.cli import main
from sync_pipeline.config import ConfigError, Secret, Settings, step_retry_seconds_from_env

ENV = {"PM_API_URL": "http://pm.example/", "PM_CLIENT_ID": "client", "PM_CLIENT_SECRET": "s3cret-pm",
       "INVENTORY_API_URL": "http://inv.example", "INVENTORY_API_TOKEN": "s3cret-inv",
       "SYNC_WAREHOUSE_PATH": "/tmp/warehouse"}


def test_settings_from_env():
    settings = Settings.from_env(ENV)
    assert settings.pm_api_url == "http://pm.example"
    assert settings.pm_client_secret.reveal() == "s3cret-pm"
    assert settings.warehouse.store().location.catalog == "/tmp/warehouse"


def test_production_warehouse_needs_a_shared_data_path_and_hides_its_password():
    env = {**ENV, "SYNC_WAREHOUSE_CATALOG_URL": "postgresql://sync:pg-s3cret@db.internal/sync"}
    with pytest.raises(ConfigError, match="SYNC_WAREHOUSE_DATA_PATH"):
        Settings.from_env(env)
    settings = Settings.from_env({**env, "SYNC_WAREHOUSE_DATA_PATH": "/mnt/shared/lake"})
    assert settings.warehouse.store().location.is_postgres
    assert "pg-s3cret" not in f"{settings} {settings!r} {settings.warehouse}"
    assert "db.internal" in str(settings.warehouse)


def test_secrets_never_show_in_text():
    settings = Settings.from_env(ENV)
    text = f"{settings} {settings!r} {settings.pm_client_secret} {settings.inventory_api_token!r}"
    assert "s3cret" not in text
    assert repr(Secret("x")) == "Secret('***')"
    assert Secret(Secret("x")).reveal() == "x"   # clients wrap what they are given


def test_missing_variables_are_named():
    with pytest.raises(ConfigError, match="PM_CLIENT_SECRET, INVENTORY_API_TOKEN"):
        Settings.from_env({k: v for k, v in ENV.items() if k not in ("PM_CLIENT_SECRET", "INVENTORY_API_TOKEN")})


def test_sync_without_configuration_exits_2_with_the_reason(monkeypatch, capsys):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    assert main(["sync"]) == 2
    assert "missing environment variables: PM_API_URL" in capsys.readouterr().err


def test_sync_against_an_unreachable_system_exits_1_with_the_reason(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    for name, value in {**ENV, "PM_API_URL": "http://127.0.0.1:9", "INVENTORY_API_URL": "http://127.0.0.1:9",
                        "SYNC_WAREHOUSE_PATH": str(tmp_path / "warehouse"), "SYNC_HTTP_TIMEOUT_SECONDS": "1"}.items():
        monkeypatch.setenv(name, value)
    assert main(["sync"]) == 1
    err = capsys.readouterr().err
    assert "sync failed: catalog refresh failed" in err and "s3cret" not in err


def test_an_unusable_warehouse_is_one_clear_line_and_exit_1(monkeypatch, tmp_path, capsys):
    tmp_path.joinpath("file").write_text("")
    monkeypatch.setenv("SYNC_WAREHOUSE_PATH", str(tmp_path / "file" / "warehouse"))
    assert main(["status"]) == 1
    assert capsys.readouterr().err.startswith("warehouse: cannot prepare the warehouse")


def test_step_retry_wait_defaults_and_bad_values_are_refused_with_the_reason():
    assert step_retry_seconds_from_env({}) == 10.0
    assert step_retry_seconds_from_env({"SYNC_STEP_RETRY_SECONDS": "2.5"}) == 2.5
    for bad in ("soon", "-1"):
        with pytest.raises(ConfigError, match="SYNC_STEP_RETRY_SECONDS"):
            step_retry_seconds_from_env({"SYNC_STEP_RETRY_SECONDS": bad})
