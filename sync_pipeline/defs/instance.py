"""The Dagster instance the CLI runs on: $DAGSTER_HOME when set, else data/dagster_home (working directory).

The repo's dagster.yaml points `dagster dev` (started from the repo root) at the same
storage, so the UI shows the runs the CLI made.
"""

from __future__ import annotations

import os

import dagster as dg
from dagster._core.instance.ref import InstanceRef

from sync_pipeline.config import DATA_DIR

DEFAULT_DAGSTER_HOME = DATA_DIR / "dagster_home"


def cli_instance() -> dg.DagsterInstance:
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    DEFAULT_DAGSTER_HOME.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(DEFAULT_DAGSTER_HOME.resolve()),
                                                           overrides={"telemetry": {"enabled": False}}))
