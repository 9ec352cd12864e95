"""Every write to the inventory platform goes through here: posted with its Idempotency-Key,
and dead-lettered (with an alert) when it still fails after the client's retries.

Replaying a dead letter posts the same body under the same key, so it can never create a
duplicate, whether or not the first attempt reached the platform after all.
"""

from __future__ import annotations

from typing import Any, Callable

from sync_pipeline.clients.errors import ApiError
from sync_pipeline.clients.inventory import InventoryClient
from sync_pipeline.clients.models import WriteResult
from sync_pipeline.warehouse.dead_letters import DeadLetter, mark_replayed, record_dead_letter
from sync_pipeline.warehouse.store import Warehouse

Post = Callable[[InventoryClient, dict[str, Any], str, dict[str, Any]], WriteResult]

OPERATIONS: dict[str, Post] = {
    "post_material_requirements":
        lambda client, body, key, context: client.post_material_requirements(context["project_code"], body, key),
    "post_purchase_order_draft": lambda client, body, key, context: client.post_purchase_order_draft(body, key),
    "post_quote_request": lambda client, body, key, context: client.post_quote_request(body, key),
}

# Answers that are outcomes, not failures: the caller handles them.
EXPECTED_ERRORS = frozenset({"stale_revision"})


class DeadLettered(RuntimeError):
    """The write failed after its retries; it is kept as dead letter `dead_letter_id`."""

    def __init__(self, message: str, dead_letter_id: int):
        super().__init__(message)
        self.dead_letter_id = dead_letter_id


def post(store: Warehouse, client: InventoryClient, operation: str, *, entity: str, body: dict[str, Any],
         idempotency_key: str, context: dict[str, Any] | None = None, run_id: str | None = None) -> WriteResult:
    context = context or {}
    try:
        return OPERATIONS[operation](client, body, idempotency_key, context)
    except ApiError as exc:
        if exc.error_code in EXPECTED_ERRORS:
            raise
        dead_letter_id = record_dead_letter(store, operation=operation, entity=entity, payload=body,
                                            idempotency_key=idempotency_key, context=context, error=exc,
                                            run_id=run_id)
        raise DeadLettered(f"{operation} for {entity} failed ({exc}); kept as dead letter {dead_letter_id}",
                           dead_letter_id) from exc


def replay(store: Warehouse, client: InventoryClient, letter: DeadLetter) -> WriteResult:
    """Send a dead letter again with its own key; marks it replayed when the platform accepts it."""
    result = OPERATIONS[letter.operation](client, letter.payload, letter.idempotency_key, letter.context)
    mark_replayed(store, letter.dead_letter_id,
                  f"{result.id} ({'already on the platform' if result.replayed else 'created'})")
    return result
