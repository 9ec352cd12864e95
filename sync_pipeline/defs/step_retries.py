"""A takeoff's requirements write that failed on a transient error is tried again within its run, after a backoff.

The platform down, slow or refusing for a moment: the step is run again after
`SYNC_STEP_RETRY_SECONDS`, then twice that (with jitter), so a blip costs seconds, not a run.
Permanent errors are not retried: the same request would get the same answer. Dagster's run
retries (takeoff_sync's tags) wait nothing between runs, hence this backoff; past both, the intake
requests the revision again once the system is back (`failed_runs`).
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from typing import Iterator

import dagster as dg

from sync_pipeline.clients.breaker import CircuitOpen
from sync_pipeline.clients.errors import ApiError
from sync_pipeline.config import step_retry_seconds_from_env
from sync_pipeline.writeback import DeadLettered

STEP_RETRIES = 2


def worth_retrying(exc: BaseException) -> bool:
    """A transient error, also behind a dead letter; not an open circuit: the system is known to be down for
    longer than a step should wait, and the intake requests the revision again once it is back."""
    error = exc.__cause__ if isinstance(exc, DeadLettered) else exc
    return isinstance(error, ApiError) and error.transient and not isinstance(error, CircuitOpen)


@contextmanager
def retried_when_transient(context: dg.AssetExecutionContext) -> Iterator[None]:
    """Run the block; on a transient failure ask Dagster to run the step again after the backoff."""
    try:
        yield
    except Exception as exc:
        if not worth_retrying(exc) or context.retry_number >= STEP_RETRIES:
            raise
        wait = step_retry_seconds_from_env() * 2 ** context.retry_number * random.uniform(0.75, 1.25)
        context.log.warning(f"transient failure, trying this step again in {wait:.1f} s "
                            f"(retry {context.retry_number + 1} of {STEP_RETRIES}): {exc}")
        raise dg.RetryRequested(max_retries=STEP_RETRIES, seconds_to_wait=wait) from exc
