"""Process every approved takeoff revision not yet written, in this process, with no daemon.

Used by `sync-pipeline sync` and `demo`. Each takeoff revision is its own Dagster run (so one
bad takeoff never sinks the others); the catalog is refreshed first and procurement after them; last,
`pipeline_health` records the figures and checks (and alerts) on the result, so the Dagster UI shows
them at once instead of at the next 15-minute schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import dagster as dg

from sync_pipeline.defs.jobs import catalog_refresh_job, procurement_job, takeoff_job
from sync_pipeline.defs.monitoring import monitoring_job
from sync_pipeline.defs.partitions import REVISION_TAG, takeoff_partitions
from sync_pipeline.defs.pending import pending_revisions
from sync_pipeline.defs.resources import PmApi, WarehouseResource
from sync_pipeline.warehouse.store import Warehouse


@dataclass
class SyncSummary:
    revisions: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    lines: int = 0
    quarantined: int = 0
    matched: int = 0
    review: int = 0
    unmatched: int = 0
    requirements_created: int = 0
    requirements_replayed: int = 0
    drafts_created: int = 0
    quote_requests_created: int = 0
    documents_replayed: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


class SyncError(RuntimeError):
    """A stage every takeoff depends on (catalog refresh, listing approvals) could not complete."""


def failure_text(result: dg.ExecuteInProcessResult) -> str:
    """The step that failed and the error it raised, in one line (the full trace stays in the run's logs)."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data.error is not None:
            error = event.step_failure_data.error
            while error.cls_name.startswith("Dagster") and error.cause is not None:
                error = error.cause  # past Dagster's wrappers to the error the step raised
            return f"{event.step_key}: {error.message.strip().splitlines()[0]}"
    return "run failed"


def run_sync(defs: dg.Definitions, instance: dg.DagsterInstance, log_level: str = "INFO") -> SyncSummary:
    # Outside a run, EnvVar-backed fields are resolved by initializing the resources explicitly.
    warehouse: WarehouseResource = defs.resources["warehouse"].process_config_and_initialize()
    pm: PmApi = defs.resources["pm_api"].process_config_and_initialize()
    store = warehouse.store()
    catalog = defs.resolve_job_def(catalog_refresh_job.name).execute_in_process(
        instance=instance, raise_on_error=False, run_config=console(log_level))
    if not catalog.success:
        raise SyncError(f"catalog refresh failed: {failure_text(catalog)}")
    try:
        pending = pending_revisions(pm, store)
    except Exception as exc:  # the whole sync depends on this list: report why it could not be had
        raise SyncError(f"could not list approved takeoffs: {exc}") from exc
    summary = SyncSummary()
    procurement_run = process_revisions(defs, instance, [(t.id, t.revision, {}) for t in pending], summary,
                                        log_level=log_level)
    _count(store, summary, procurement_run, set(summary.revisions))
    health = defs.resolve_job_def(monitoring_job.name).execute_in_process(
        instance=instance, raise_on_error=False, run_config=console(log_level))
    if not health.success:
        summary.failures["pipeline_health"] = failure_text(health)
    return summary


def console(log_level: str) -> dict:
    """Run config for in-process runs: every event is still recorded; this only sets what is printed."""
    return {"loggers": {"console": {"config": {"log_level": log_level}}}}


def process_revisions(defs: dg.Definitions, instance: dg.DagsterInstance,
                      revisions: Sequence[tuple[str, int, dict[str, str]]], summary: SyncSummary, *,
                      log_level: str = "INFO") -> str:
    """One takeoff_sync run per (takeoff, revision, extra tags), then one procurement run, in this process.

    A failed run is noted in `summary.failures` and the others go on. Returns the procurement run id.
    """
    known = set(instance.get_dynamic_partitions(takeoff_partitions.name))
    instance.add_dynamic_partitions(takeoff_partitions.name, sorted({r[0] for r in revisions} - known))
    job = defs.resolve_job_def(takeoff_job.name)
    for takeoff_id, revision, tags in revisions:
        label = f"{takeoff_id}@{revision}"
        result = job.execute_in_process(instance=instance, partition_key=takeoff_id, raise_on_error=False,
                                        tags={REVISION_TAG: str(revision), **tags}, run_config=console(log_level))
        summary.revisions.append(label)
        if not result.success:
            summary.failures[label] = failure_text(result)
    procurement = defs.resolve_job_def(procurement_job.name).execute_in_process(
        instance=instance, raise_on_error=False, run_config=console(log_level))
    if not procurement.success:
        summary.failures["procurement"] = failure_text(procurement)
    return procurement.run_id


def _count(store: Warehouse, summary: SyncSummary, procurement_run: str, labels: set[str]) -> None:
    if labels:
        keys = [label.split("@") for label in labels]
        where = " OR ".join("(takeoff_id = ? AND revision = ?)" for _ in keys)
        params = [v for takeoff_id, rev in keys for v in (takeoff_id, int(rev))]
        lines = store.query(f"SELECT line_status, count(*) AS n FROM takeoff_line_items WHERE {where} "
                            "GROUP BY 1", params)
        for status, n in lines.iter_rows():
            summary.lines += n
            summary.quarantined += n if status == "quarantined" else 0
        for status, n in store.query(f"SELECT status, count(*) FROM match_results WHERE ({where}) "
                                     "AND reason NOT LIKE 'quarantined:%' GROUP BY 1", params).iter_rows():
            setattr(summary, status, n)
        for status, n in store.query(f"SELECT write_status, count(*) FROM requirement_writes WHERE {where} "
                                     "GROUP BY 1", params).iter_rows():
            if status == "created":
                summary.requirements_created = n
            elif status == "replayed":
                summary.requirements_replayed = n
    posts = store.query("SELECT operation, status, count(*) AS n FROM integration_events WHERE run_id = ? "
                        "AND operation IN ('post_purchase_order_draft', 'post_quote_request') "
                        "AND status IN ('ok', 'replayed') GROUP BY 1, 2", [procurement_run])
    for operation, status, n in posts.iter_rows():
        if status == "replayed":
            summary.documents_replayed += n
        elif operation == "post_purchase_order_draft":
            summary.drafts_created = n
        else:
            summary.quote_requests_created = n
