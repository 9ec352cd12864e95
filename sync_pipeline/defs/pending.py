"""Which approved takeoff revisions have not reached the platform yet, and the run that processes one.

Shared by the in-process sync (runner), the intake sensor and reconciliation, so all three agree
on what "written" means and launch identical runs.
"""

from __future__ import annotations

from typing import Iterable

import dagster as dg

from sync_pipeline.clients.models import TakeoffSummary
from sync_pipeline.defs.instance import cli_instance
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.resources import PmApi
from sync_pipeline.warehouse.events import EventLog
from sync_pipeline.warehouse.store import Warehouse


def revision_key(takeoff_id: str, revision: int) -> str:
    return f"{takeoff_id}@{revision}"


ACTIVE_RUN_STATUSES = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED,
                       dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]


def revisions_in_flight(instance: dg.DagsterInstance) -> set[str]:
    """"takeoff@revision" of every takeoff_sync run queued or running: not written yet, but not lost."""
    runs = instance.get_run_records(dg.RunsFilter(job_name=takeoff_job.name, statuses=ACTIVE_RUN_STATUSES))
    return {revision_key(r.dagster_run.tags["dagster/partition"], int(r.dagster_run.tags[REVISION_TAG]))
            for r in runs if "dagster/partition" in r.dagster_run.tags and REVISION_TAG in r.dagster_run.tags}


def revisions_in_flight_now() -> set[str]:
    """`revisions_in_flight` on the CLI's Dagster instance ($DAGSTER_HOME, else data/dagster_home)."""
    with cli_instance() as instance:
        return revisions_in_flight(instance)


def written_revisions(store: Warehouse) -> set[tuple[str, int]]:
    """Every (takeoff, revision) whose document was posted (created, replayed, or refused as stale)."""
    return set(store.query("SELECT takeoff_id, revision FROM requirement_writes").iter_rows())


def unwritten(revisions: Iterable[TakeoffSummary], store: Warehouse) -> list[TakeoffSummary]:
    """The given revisions not yet written, oldest change first."""
    revisions = list(revisions)
    done = written_revisions(store) if revisions else set()
    return sorted((t for t in revisions if (t.id, t.revision) not in done), key=lambda t: (t.updated_at, t.id))


def pending_revisions(pm: PmApi, store: Warehouse, run_id: str | None = None) -> list[TakeoffSummary]:
    """Approved takeoff revisions the platform has not yet received from us."""
    events = EventLog(store, run_id)
    try:
        with pm.client(events) as client:
            approved = list(client.takeoffs(status="approved"))
    finally:
        events.flush()
    return unwritten(approved, store)


def revision_run_request(takeoff_id: str, revision: int, run_key: str | None = None,
                         tags: dict[str, str] | None = None) -> dg.RunRequest:
    """A takeoff_sync run for one revision; the run key defaults to "takeoff@revision"."""
    return dg.RunRequest(run_key=run_key or revision_key(takeoff_id, revision), partition_key=takeoff_id,
                         tags={REVISION_TAG: str(revision), **(tags or {})})
