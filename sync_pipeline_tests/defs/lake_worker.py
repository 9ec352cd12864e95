"""One run worker of the production shape, started as its own process by the tests.

Its working directory and Dagster instance are its own; it shares nothing with the other
workers but PostgreSQL (warehouse catalog, breakers) and the lake's data path. Configuration
comes from the environment, as on a real host.

    python -m sync_pipeline_tests.defs.lake_worker takeoffs TO-1 TO-2   # process these takeoffs
    python -m sync_pipeline_tests.defs.lake_worker open-breaker         # five inventory failures
    python -m sync_pipeline_tests.defs.lake_worker breaker-state        # print the inventory breaker state
"""

from __future__ import annotations

import sys

import dagster as dg

from sync_pipeline.clients.breaker import breaker_for
from sync_pipeline.definitions import build_definitions
from sync_pipeline.defs.jobs import takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG, takeoff_partitions
from sync_pipeline.defs.pending import pending_revisions
from sync_pipeline.defs.resources import resources_from_env
from sync_pipeline.defs.runner import failure_text


def process(takeoff_ids: list[str]) -> int:
    defs = build_definitions(resources_from_env())
    pm = defs.resources["pm_api"].process_config_and_initialize()
    store = defs.resources["warehouse"].process_config_and_initialize().store()
    mine = [t for t in pending_revisions(pm, store) if t.id in takeoff_ids]
    failed = 0
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(takeoff_partitions.name, [t.id for t in mine])
        job = defs.resolve_job_def(takeoff_job.name)
        for takeoff in mine:
            result = job.execute_in_process(instance=instance, partition_key=takeoff.id, raise_on_error=False,
                                            tags={REVISION_TAG: str(takeoff.revision)})
            if not result.success:
                failed += 1
                print(f"{takeoff.id}@{takeoff.revision} failed: {failure_text(result)}", file=sys.stderr)
    print(f"processed {len(mine)} revisions, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    action, args = argv[0], argv[1:]
    if action == "takeoffs":
        return process(args)
    breaker = breaker_for("inventory")
    if action == "open-breaker":
        for _ in range(breaker.failure_threshold):
            breaker.record_failure()
    print(breaker.state().state)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
