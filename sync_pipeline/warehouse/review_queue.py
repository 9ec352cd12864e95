"""The review queue as a reviewer works through it: one item per description, biggest impact first.

One decision covers every line typed the same way (mappings.py), so the waiting lines
(`flagged_lines`) are grouped by description key; an item is worth deciding first when it covers
more lines, more quantity and more money. Its candidates carry stock and price (products.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sync_pipeline.warehouse.mappings import Candidate, FlaggedLine, flagged_lines
from sync_pipeline.warehouse.products import Product, products
from sync_pipeline.warehouse.store import Warehouse


@dataclass(frozen=True)
class QueueItem:
    lines: list[FlaggedLine]              # the waiting lines this description covers; the first represents it
    candidates: list[Product | Candidate]  # the first line's, best first; a Candidate when not in the catalog

    @property
    def first(self) -> FlaggedLine:
        return self.lines[0]

    @property
    def total_quantity(self) -> float:
        return sum(line.quantity or 0.0 for line in self.lines)

    @property
    def estimated_cost(self) -> float | None:
        """The quantity at the best candidate's price; None without a priced candidate."""
        best = self.candidates[0] if self.candidates else None
        price = best.unit_price if isinstance(best, Product) else None
        return None if price is None else round(self.total_quantity * price, 2)

    @property
    def impact(self) -> tuple[int, float, float]:
        return len(self.lines), self.total_quantity, self.estimated_cost or 0.0


def matches_reason(line: FlaggedLine, reason: str) -> bool:
    """`reason` is a status (review, unmatched) or words that appear in why the line was flagged."""
    wanted = reason.strip().lower()
    return wanted == line.status or wanted in line.reason.lower()


def review_queue(store: Warehouse, project_id: str | None = None, takeoff_id: str | None = None,
                 reason: str | None = None) -> list[QueueItem]:
    lines = [line for line in flagged_lines(store, project_id, takeoff_id)
             if not reason or matches_reason(line, reason)]
    groups: dict[str, list[FlaggedLine]] = {}
    for line in lines:
        groups.setdefault(line.description_key, []).append(line)
    known = products(store, [c.sku for line in lines for c in line.candidates])
    items = [QueueItem(group, [known.get(c.sku, c) for c in group[0].candidates]) for group in groups.values()]
    return sorted(items, key=lambda item: tuple(-x for x in item.impact))
