"""Takeoff revisions whose runs failed past their retries, requested again once the failed system is back.

A step retries transient failures with backoff (`step_retries`), Dagster retries a failed run from
the failed step (takeoff_sync's tags; the instance must enable `run_retries`). Past those, the
intake sensor requests the revision again under a new run key (`takeoff@revision#retry-N`) once the
circuit breaker of the system its last failed call went to is closed: an outage heals within a tick
or two of its end instead of at the next reconciliation. A few per tick and a few times per
revision; a revision that failed on a permanent error, or for longer, is left to reconciliation
and the operators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import dagster as dg

from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG
from sync_pipeline.defs.pending import revision_key, revision_run_request, revisions_in_flight, written_revisions
from sync_pipeline.warehouse.store import Warehouse

WILL_RETRY_TAG = "dagster/will_retry"  # Dagster's mark on a failed run that its run retries will retry
RETRY_TAG = "sync_pipeline/retry"      # how many times the intake requested this revision again
MAX_RETRY_REQUESTS = 5                 # per revision; then reconciliation or an operator takes over
RETRY_REQUESTS_PER_TICK = 10
FAILED_WITHIN = timedelta(hours=24)    # older failures are left to reconciliation
FAILED_RUNS_READ = 500
RUN_RETRY_GRACE = timedelta(minutes=5)

# Per run: its last failed external call, and the system it went to (the one that is not us).
LAST_FAILED_CALLS = """
    SELECT run_id, arg_max(status, event_id) AS status, arg_max(coalesce(error_type, ''), event_id) AS error_type,
           arg_max(CASE WHEN target_system = 'sync_pipeline' THEN source_system ELSE target_system END,
                   event_id) AS system
    FROM integration_events
    WHERE list_contains(?::VARCHAR[], run_id) AND status IN ('transient_error', 'permanent_error')
    GROUP BY run_id"""


@dataclass(frozen=True)
class FailedRevision:
    """A revision whose newest takeoff_sync run failed on a transient error of `system`."""

    takeoff_id: str
    revision: int
    run_id: str
    system: str
    error_type: str
    retries: int   # how many times the intake already requested it again

    def run_request(self) -> dg.RunRequest:
        number = self.retries + 1
        return revision_run_request(self.takeoff_id, self.revision,
                                    run_key=f"{revision_key(self.takeoff_id, self.revision)}#retry-{number}",
                                    tags={RETRY_TAG: str(number)})


def failed_revisions(instance: dg.DagsterInstance, store: Warehouse) -> list[FailedRevision]:
    """Revisions whose newest takeoff_sync run failed recently on a transient error of an external system,
    with no run retry due, not written since by any route nor in flight, and requested again fewer than
    MAX_RETRY_REQUESTS times; oldest failure first."""
    now = datetime.now(timezone.utc)
    records = instance.get_run_records(
        dg.RunsFilter(job_name=takeoff_job.name, statuses=[dg.DagsterRunStatus.FAILURE],
                      updated_after=now - FAILED_WITHIN),
        limit=FAILED_RUNS_READ, order_by="update_timestamp", ascending=False)
    newest: dict[str, dg.RunRecord] = {}
    for record in records:
        tags = record.dagster_run.tags
        if "dagster/partition" in tags and REVISION_TAG in tags:
            newest.setdefault(revision_key(tags["dagster/partition"], int(tags[REVISION_TAG])), record)
    waiting = {key: record.dagster_run for key, record in newest.items() if not _run_retry_due(record, now)
               and int(record.dagster_run.tags.get(RETRY_TAG, 0)) < MAX_RETRY_REQUESTS}
    if not waiting:
        return []
    done = revisions_in_flight(instance) | {revision_key(t, r) for t, r in written_revisions(store)}
    waiting = {key: run for key, run in waiting.items() if key not in done}
    if not waiting:
        return []
    causes = {row["run_id"]: row for row in store.query(
        LAST_FAILED_CALLS, [[run.run_id for run in waiting.values()]]).iter_rows(named=True)}
    failed = []
    for key, run in reversed(waiting.items()):   # oldest failure first
        cause = causes.get(run.run_id)
        if cause is not None and cause["status"] == "transient_error":
            takeoff_id, revision = key.rsplit("@", 1)
            failed.append(FailedRevision(takeoff_id, int(revision), run.run_id, cause["system"],
                                         cause["error_type"], int(run.tags.get(RETRY_TAG, 0))))
    return failed


def _run_retry_due(record: dg.RunRecord, now: datetime) -> bool:
    """Dagster marked the run for a run retry, which its daemon launches within seconds; one not launched
    after RUN_RETRY_GRACE never will be (no daemon, or a run the CLI made in process)."""
    return record.dagster_run.tags.get(WILL_RETRY_TAG) == "true" and now - record.update_timestamp < RUN_RETRY_GRACE


def retry_requests(context: dg.SensorEvaluationContext, store: Warehouse) -> list[dg.RunRequest]:
    """Runs for failed revisions whose failing system's breaker is closed again, at most
    RETRY_REQUESTS_PER_TICK, each logged on the tick."""
    states: dict[str, str] = {}
    requests = []
    for failed in failed_revisions(context.instance, store):
        if failed.system not in states:
            states[failed.system] = breaker_for(failed.system).state().state
        if states[failed.system] != "closed":
            continue
        request = failed.run_request()
        context.log.info(f"requesting {request.run_key}: run {failed.run_id} failed on {failed.system} "
                         f"({failed.error_type or 'transient error'}), whose circuit is closed again")
        requests.append(request)
        if len(requests) == RETRY_REQUESTS_PER_TICK:
            break
    return requests
