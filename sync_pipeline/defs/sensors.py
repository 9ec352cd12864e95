"""Near-real-time intake: approvals announced by webhooks or pulled from the PM change feed, and
procurement kept fresh after them.

Each tick of the intake sensor first drains the webhook inbox (`opstore.WebhookInbox`, filled by
`sync-pipeline serve`). A webhook is only a hint: the revision it names is looked up in the PM API,
and only an approved one that is not written yet gets a run; an unknown takeoff, a revision no
longer approved, a rejection or supersession is recorded as ignored. A delivery whose run was
requested is marked consumed at the next tick, once Dagster has stored this tick's result (its
runs requested, its cursor saved); if that never happens the next tick requests it again under
the same run key, which Dagster does not launch twice.

The change feed stays the fallback: read every tick while no webhook has arrived recently, and
every `FEED_FALLBACK_SECONDS` while they do. It keeps a high-water mark on `updated_at` and
re-reads a small overlap (several takeoffs can share one timestamp), de-duplicated by (takeoff,
revision). A long feed is read a few pages per tick, the page cursor kept in the sensor cursor, so
a tick stays far inside Dagster's 60 s limit. The cursor only moves past pages whose runs were
requested in the same tick. Reconciliation catches what both missed.

Each tick also requests again, under a new run key, the revisions whose runs failed past their
retries once the system that failed is back (`failed_runs`); while the inventory platform's
breaker is open, the tick probes it once its cooldown is over instead of launching work.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone

import dagster as dg

from sync_pipeline.clients.breaker import BreakerState, breaker_for
from sync_pipeline.clients.errors import ApiError, PermanentError
from sync_pipeline.clients.models import TakeoffSummary
from sync_pipeline.clients.pm import PmClient
from sync_pipeline.defs.failed_runs import retry_requests
from sync_pipeline.defs.jobs import procurement_job, takeoff_job
from sync_pipeline.defs.partitions import REVISION_TAG, takeoff_partitions
from sync_pipeline.defs.pending import revision_key, revision_run_request, unwritten
from sync_pipeline.defs.resources import InventoryApi, PmApi, WarehouseResource
from sync_pipeline.defs.takeoff_assets import material_requirements
from sync_pipeline.opstore import InboxRow, OpStoreError, WebhookInbox, webhook_inbox
from sync_pipeline.warehouse.events import EventLog
from sync_pipeline.warehouse.store import Warehouse

HIGH_WATER_OVERLAP = timedelta(minutes=5)
PAGE_SIZE = 200
PAGES_PER_TICK = 5
TICK_BUDGET_SECONDS = 20.0      # stop paging after this; the next tick carries on from the page cursor
INTAKE_INTERVAL_SECONDS = 5     # near real time: approval to requirements written in well under 60 s
PROCUREMENT_INTERVAL_SECONDS = 60
INBOX_BATCH = 200               # webhook deliveries looked at per tick
FEED_FALLBACK_SECONDS = 30      # while webhooks arrive, the change feed is read this often (else every tick)
WEBHOOKS_LIVE_WINDOW = timedelta(minutes=15)   # a delivery received this recently means webhooks are working
NOT_APPROVALS = ("takeoff.rejected", "takeoff.superseded")   # event types that never announce an approval


@dataclass
class IntakeCursor:
    """What the intake sensor remembers between ticks (stored as JSON in the sensor cursor)."""

    high_water: str | None = None           # newest updated_at of a completed sweep of the feed
    sweep_after: str | None = None          # the updated_after of the sweep in progress
    page: str | None = None                 # the PM page cursor to read next; None when no sweep is open
    sweep_max: str | None = None            # newest updated_at read so far in the open sweep
    seen: dict[str, str] = field(default_factory=dict)  # "takeoff@revision" -> updated_at, within the overlap
    feed_read_at: float | None = None       # unix time the change feed was last read
    inbox_requested: list[str] = field(default_factory=list)  # webhook-ids whose runs this tick requested

    @classmethod
    def load(cls, text: str | None) -> "IntakeCursor":
        return cls(**json.loads(text)) if text else cls()

    def dump(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def query_after(self) -> str | None:
        """updated_after for the next page: the open sweep's, else the high-water mark less the overlap."""
        if self.page is not None:
            return self.sweep_after
        if self.high_water is None:
            return None
        return (parse_pm_time(self.high_water) - HIGH_WATER_OVERLAP).isoformat()

    def feed_due(self, last_delivery: datetime | None, interval: float, now: float) -> bool:
        """Read the change feed this tick? Always while a sweep is open or no webhook arrived recently."""
        if self.page is not None or self.feed_read_at is None:
            return True
        live = last_delivery is not None and now - last_delivery.timestamp() < WEBHOOKS_LIVE_WINDOW.total_seconds()
        return not live or now - self.feed_read_at >= interval

    def close_sweep(self) -> None:
        """The feed was read to its end: move the high-water mark, forget what the overlap no longer re-reads."""
        if self.sweep_max is not None and (self.high_water is None
                                           or parse_pm_time(self.sweep_max) > parse_pm_time(self.high_water)):
            self.high_water = self.sweep_max
        self.sweep_after = self.page = self.sweep_max = None
        if self.high_water is not None:
            horizon = parse_pm_time(self.high_water) - HIGH_WATER_OVERLAP
            self.seen = {key: at for key, at in self.seen.items() if parse_pm_time(at) > horizon}


def parse_pm_time(text: str) -> datetime:
    """A PM timestamp (ISO 8601, "Z" allowed) as an aware datetime."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@dataclass
class InboxOutcome:
    """What the PM API said about the revisions named by this tick's webhook deliveries."""

    approved: dict[str, TakeoffSummary] = field(default_factory=dict)  # "takeoff@revision" -> summary
    rows: dict[str, list[str]] = field(default_factory=dict)           # "takeoff@revision" -> webhook-ids
    ignored: dict[str, str] = field(default_factory=dict)              # webhook-id -> why
    error: ApiError | None = None                                      # lookups stopped here; the rest wait


def check_deliveries(client: PmClient, rows: list[InboxRow], started: float) -> InboxOutcome:
    """Look up each revision the deliveries name (once per revision); rows not looked up stay pending."""
    outcome = InboxOutcome()
    verdicts: dict[str, str | TakeoffSummary] = {}
    for row in rows:
        key = revision_key(row.takeoff_id, row.revision)
        if row.event_type in NOT_APPROVALS:
            outcome.ignored[row.webhook_id] = f"ignored: {row.event_type} announces no approval"
            continue
        if key not in verdicts:
            if time.monotonic() - started > TICK_BUDGET_SECONDS:
                break
            try:
                summary = client.takeoff(row.takeoff_id, row.revision).summary
            except PermanentError as exc:
                if exc.status != 404:
                    outcome.error = exc
                    break
                verdicts[key] = f"ignored: the PM system has no takeoff {row.takeoff_id} revision {row.revision}"
            except ApiError as exc:
                outcome.error = exc
                break
            else:
                verdicts[key] = summary if summary.status == "approved" else (
                    f"ignored: {key} is {summary.status} in the PM system, not approved")
        verdict = verdicts[key]
        if isinstance(verdict, str):
            outcome.ignored[row.webhook_id] = verdict
        else:
            outcome.approved[key] = verdict
            outcome.rows.setdefault(key, []).append(row.webhook_id)
    return outcome


def _inbox(context: dg.SensorEvaluationContext) -> WebhookInbox | None:
    try:
        return webhook_inbox()
    except OpStoreError as exc:   # the change feed still works: fall back to it every tick
        context.log.warning(f"webhook inbox unavailable, reading the change feed only: {exc}")
        return None


def build_intake_sensor(*, page_size: int = PAGE_SIZE, pages_per_tick: int = PAGES_PER_TICK,
                        feed_interval_seconds: float = FEED_FALLBACK_SECONDS,
                        name: str = "takeoff_approvals") -> dg.SensorDefinition:
    """The intake sensor; tests build one with small pages to exercise paging across ticks."""

    @dg.sensor(name=name, job=takeoff_job, minimum_interval_seconds=INTAKE_INTERVAL_SECONDS,
               default_status=dg.DefaultSensorStatus.RUNNING,
               description="Approved takeoff revisions from PM webhooks (the inbox) and the PM change feed: "
                           "one takeoff_sync run each; revisions whose runs failed past their retries are "
                           "requested again once the failed system is back.")
    def intake(context: dg.SensorEvaluationContext, pm_api: PmApi, inventory_api: InventoryApi,
               warehouse: WarehouseResource) -> dg.SensorResult | dg.SkipReason:
        store = warehouse.store()
        inventory = inventory_breaker(inventory_api, store)
        if inventory.state == "open":  # runs would only fail fast: leave the approvals for later ticks
            return dg.SkipReason(f"inventory platform circuit is open after {inventory.consecutive_failures} "
                                 "failures; not launching work until it recovers")
        cursor = IntakeCursor.load(context.cursor)
        found, error, started = [], None, time.monotonic()
        inbox, rows, last_delivery, checked = _inbox(context), [], None, InboxOutcome()
        if inbox is not None:
            try:
                # The previous tick's result was stored (else this cursor would not hold them): runs requested.
                inbox.mark_consumed({webhook_id: "run requested" for webhook_id in cursor.inbox_requested})
                cursor.inbox_requested = []
                rows, last_delivery = inbox.pending(INBOX_BATCH), inbox.last_received_at()
            except OpStoreError as exc:
                context.log.warning(f"webhook inbox unreadable this tick, reading the change feed: {exc}")
                inbox = None
        events = EventLog(store, None)
        try:
            with pm_api.client(events) as client:
                if rows:
                    checked = check_deliveries(client, rows, started)
                    found += checked.approved.values()
                    error = checked.error
                now = time.time()
                if error is None and cursor.feed_due(last_delivery, feed_interval_seconds if inbox else 0, now):
                    cursor.feed_read_at = now
                    for _ in range(pages_per_tick):
                        after = cursor.query_after()
                        items, next_page = client.takeoffs_page(status="approved", updated_after=after,
                                                                cursor=cursor.page, limit=page_size)
                        for takeoff in items:
                            key = revision_key(takeoff.id, takeoff.revision)
                            if key not in cursor.seen:
                                cursor.seen[key] = takeoff.updated_at
                                found.append(takeoff)
                            if cursor.sweep_max is None or parse_pm_time(takeoff.updated_at) > parse_pm_time(cursor.sweep_max):
                                cursor.sweep_max = takeoff.updated_at
                        cursor.sweep_after, cursor.page = after, next_page
                        if next_page is None:
                            cursor.close_sweep()
                            break
                        if time.monotonic() - started > TICK_BUDGET_SECONDS:
                            break
        except ApiError as exc:  # the failed page is read again next tick; nothing before it is lost
            error = exc
        finally:
            events.flush()
        if error is not None and not found:
            if inbox is not None and checked.ignored:
                inbox.mark_consumed(checked.ignored)
            what = "look up webhook deliveries in" if checked.error is not None else "read the change feed of"
            raise IntakeUnavailable(f"could not {what} the PM API: {error}") from error
        if error is not None:
            context.log.warning(f"PM API failed partway through the tick ({error}); the rest waits for the next tick")
        unique = list({revision_key(t.id, t.revision): t for t in found}.values())
        new = unwritten(unique, store)
        new_keys = {revision_key(t.id, t.revision) for t in new}
        for key, summary in checked.approved.items():   # the feed's overlap need not request these again
            cursor.seen.setdefault(key, summary.updated_at)
        if inbox is not None:
            done = {webhook_id: "already written" for key, ids in checked.rows.items() if key not in new_keys
                    for webhook_id in ids}
            inbox.mark_consumed({**checked.ignored, **done})
            cursor.inbox_requested = sorted(webhook_id for key, ids in checked.rows.items() if key in new_keys
                                            for webhook_id in ids)
        again = retry_requests(context, store)
        retried = {revision_key(r.partition_key, int(r.tags[REVISION_TAG])) for r in again}
        if not new and not again:
            return dg.SensorResult(skip_reason=f"no new approvals ({len(unique)} read were already written)"
                                   if unique else "no new approvals", cursor=cursor.dump())
        partitions = sorted({t.id for t in new if not context.instance.has_dynamic_partition(
            takeoff_partitions.name, t.id)})
        return dg.SensorResult(
            run_requests=[revision_run_request(t.id, t.revision) for t in new
                          if revision_key(t.id, t.revision) not in retried] + again,
            dynamic_partitions_requests=[takeoff_partitions.build_add_request(partitions)] if partitions else [],
            cursor=cursor.dump(),
        )

    return intake


def inventory_breaker(inventory_api: InventoryApi, store: Warehouse) -> BreakerState:
    """The inventory platform's breaker. Open past its cooldown, it is probed with one light call (the unit
    codes), which closes it if the platform is back: while work waits for it, nothing else calls the platform."""
    breaker = breaker_for("inventory")
    state = breaker.state()
    if state.state == "closed" or time.time() < (state.reopens_at(breaker.cooldown_seconds) or 0):
        return state
    events = EventLog(store, None)
    try:
        with inventory_api.client(events) as client:
            client.uom_codes()
    except ApiError:
        pass   # still down (the breaker opened again) or another process is probing: the state says which
    finally:
        events.flush()
    return breaker.state()


class IntakeUnavailable(RuntimeError):
    """The PM change feed could not be read at all this tick (the tick shows it; the next one retries)."""


takeoff_approvals = build_intake_sensor()


@dg.sensor(job=procurement_job, minimum_interval_seconds=PROCUREMENT_INTERVAL_SECONDS,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="One procurement run for the takeoff requirements written since the last one, whatever "
                       "wrote them: the intake, a UI backfill, dagster asset materialize or job backfill, the CLI.")
def procurement_after_takeoffs(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    """Rollups, recommendations and drafts after new requirements were written, batched per interval.

    Follows the materializations of `material_requirements`, which every route that processes a
    takeoff ends with, whichever job ran it; the cursor is the newest one's event storage id, so
    each is covered by exactly one request. A run-status sensor would launch one procurement run
    per takeoff run, and declarative automation would hold the rollups back while any takeoff
    partition is failed or missing; when a procurement run is still queued (it has not read
    anything yet) it already covers them.
    """
    written = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=material_requirements.key, **_after(context.cursor)), limit=1).records
    if not written:
        return dg.SkipReason("no takeoff requirements written since the last procurement request")
    cursor = str(written[0].storage_id)
    waiting = context.instance.get_run_records(dg.RunsFilter(
        job_name=procurement_job.name, statuses=[dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED]),
        limit=1)
    if waiting:
        return dg.SensorResult(skip_reason="a queued procurement run will include these writes", cursor=cursor)
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=f"after-materialization-{cursor}")], cursor=cursor)


def _after(cursor: str | None) -> dict[str, float | int]:
    """The filter after the cursor: an event storage id, or the run-update timestamp (with a decimal point)
    that this sensor kept when it followed takeoff_sync runs."""
    if not cursor:
        return {}
    return {"after_timestamp": float(cursor)} if "." in cursor else {"after_storage_id": int(cursor)}
