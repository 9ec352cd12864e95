"""The live state of both simulated systems, shared by their HTTP apps and by tests.

Reads come from the generated data; everything clients write to the inventory platform is
kept (current material requirements per project and source document, their full history,
purchase-order drafts, quote requests, idempotency records, counts of POSTs against records
created) so a test can check the platform's final state. Control methods move takeoffs
through their life (approve, revise, reject) the way people in the PM system do.

One re-entrant lock guards everything: the two servers run on different threads. Records
handed out are never changed in place (a status change replaces the dict), so a response
being serialized on one thread never sees another thread's write half done.
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from sync_pipeline.simulator.catalog import TRADES
from sync_pipeline.simulator.errors import ApiError
from sync_pipeline.simulator.estimators import TakeoffWriter
from sync_pipeline.simulator.faults import SYSTEMS, ErrorRule, Faults, RateLimit, RateLimiter
from sync_pipeline.simulator.generator import APPROVERS, SimulatorData
from sync_pipeline.simulator.malformed import BAD_LINES, MalformedRule
from sync_pipeline.simulator.timestamps import format_time, parse_time, utc_now
from sync_pipeline.simulator.webhooks import WebhookSender

IDEMPOTENCY_TTL_SECONDS = 30 * 86400
SAVED_STATE_FORMAT = 1


@dataclass(frozen=True)
class Credentials:
    """The simulator's fixed, documented, non-secret development credentials."""

    pm_client_id: str = "sync-pipeline-dev"
    pm_client_secret: str = "pm-dev-secret"
    inventory_token: str = "inventory-dev-token"


@dataclass(frozen=True)
class _Remembered:
    fingerprint: str
    answer: dict[str, Any]
    stored_at: float


DRAFT_FIELDS = ("id", "vendor_id", "warehouse_code", "project_code", "needed_by", "notes", "status",
                "issued_po_number", "idempotency_key", "lines", "created_at", "updated_at")
QUOTE_FIELDS = ("id", "vendor_ids", "warehouse_code", "project_code", "needed_by", "status", "idempotency_key",
                "lines", "created_at", "updated_at")


def _public(record: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: record.get(name) for name in fields}


def _with_status(record: dict[str, Any], prefix: str) -> dict[str, Any]:
    defaults = {"status": "open", "idempotency_key": None, "updated_at": record["created_at"]}
    if prefix == "POD":
        defaults["issued_po_number"] = None
    return {**defaults, **record}


def _scaled(lines: list[Any], scale: float) -> list[Any]:
    """Lines with every plainly numeric quantity multiplied by `scale` (whole units, at least 1)."""
    out = []
    for line in lines:
        quantity = line.get("quantity") if isinstance(line, dict) else None
        if isinstance(quantity, (int, float)) and not isinstance(quantity, bool) and quantity > 0:
            line = {**line, "quantity": max(1, round(quantity * scale))}
        elif isinstance(quantity, str) and quantity.replace(",", "").isdigit() and int(quantity.replace(",", "")) > 0:
            line = {**line, "quantity": f"{max(1, round(int(quantity.replace(',', '')) * scale)):,}"}
        out.append(line)
    return out


def fingerprint(path: str, body: Any) -> str:
    """What an Idempotency-Key is bound to: the endpoint and the body's content (key order ignored)."""
    return hashlib.sha256(f"{path}\n{json.dumps(body, sort_keys=True)}".encode()).hexdigest()


class SimulatorState:
    def __init__(self, data: SimulatorData, *, credentials: Credentials = Credentials(),
                 token_ttl_seconds: int = 3600, rate_limit: RateLimit = RateLimit()):
        self.lock = threading.RLock()
        self.data = data
        self.credentials = credentials
        self.token_ttl_seconds = token_ttl_seconds
        self.faults = Faults()
        self.rate_limiters = {system: RateLimiter(rate_limit) for system in SYSTEMS}

        # PM system
        self._tokens: dict[str, float] = {}
        self._projects = {p["id"]: p for p in sorted(data.projects, key=lambda p: p["id"])}
        self._takeoffs: dict[str, list[dict[str, Any]]] = {}
        for revision in sorted(data.takeoffs, key=lambda t: (t["id"], t["revision"])):
            self._takeoffs.setdefault(revision["id"], []).append(revision)
        self._trades = dict(data.takeoff_trades)
        self._events = list(data.webhook_events)
        self._deliveries = list(data.webhook_deliveries)
        # Takeoffs the change feed (listings filtered by updated_after) leaves out, as a lagging
        # search index would; still fetchable by id, in full listings and in webhook deliveries.
        self.hidden_from_change_feed: set[str] = set()
        # Outgoing webhooks: off until a receiver is configured (webhooks.configure, or POST /_sim/webhooks).
        self.webhooks = WebhookSender(self._record_delivery)
        self._start_live_writing("live", data.next_line_number)

        # Inventory platform: the catalog is read-only; writes are recorded below.
        self.uom_codes = list(data.uom_codes)
        self.uom_code_set = frozenset(code["code"] for code in data.uom_codes)
        self.products = sorted(data.products, key=lambda p: p["sku"])
        self.products_by_sku = {p["sku"]: p for p in self.products}
        self.stock = sorted(data.stock, key=lambda s: (s["sku"], s["warehouse_code"]))
        self.vendors = sorted(data.vendors, key=lambda v: v["vendor_id"])
        self.vendors_by_id = {v["vendor_id"]: v for v in self.vendors}
        self.vendor_items = sorted(data.vendor_items, key=lambda v: (v["sku"], v["vendor_id"]))
        self.warehouses = frozenset(data.warehouses)
        self._requirements: dict[tuple[str, str], dict[str, Any]] = {}
        self._requirement_history: list[dict[str, Any]] = []
        self._drafts: list[dict[str, Any]] = []
        self._quotes: list[dict[str, Any]] = []
        self._idempotency: dict[str, _Remembered] = {}
        self._id_counters = {"MR": 0, "POD": 0, "QR": 0}
        # Since 2.4: buyers issue drafts (their quantities then count in on_order), drafts can vanish.
        self._stock_index = {(s["sku"], s["warehouse_code"]): s for s in self.stock}
        self._stock_changed: set[tuple[str, str]] = set()
        self._issued_po_count = 0
        self._gone: set[str] = set()
        self.posts_received = 0
        self.records_created = 0
        self.idempotent_replays = 0

    def _start_live_writing(self, stream: str, next_line_number: int) -> None:
        self._live_rng = random.Random(f"{self.data.seed}:{stream}")
        self._writer = TakeoffWriter(self.data.known_products, random.Random(f"{self.data.seed}:{stream}-lines"),
                                     next_line_number)

    # --- persistence -------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write everything that changed since generation to `path` (JSON, replaced atomically), so a
        later simulator on the same seed carries on where this one stopped; access tokens are not kept."""
        with self.lock:
            text = json.dumps({
                "format": SAVED_STATE_FORMAT, "seed": self.data.seed,
                "takeoffs": self._takeoffs, "trades": self._trades, "events": self._events,
                "deliveries": self._deliveries, "next_line_number": self._writer.next_line_number,
                "requirement_history": self._requirement_history, "drafts": self._drafts, "quotes": self._quotes,
                "idempotency": {key: asdict(remembered) for key, remembered in self._idempotency.items()},
                "id_counters": self._id_counters,
                "counts": [self.posts_received, self.records_created, self.idempotent_replays],
                "issued_po_count": self._issued_po_count, "gone": sorted(self._gone),
                "stock_changes": [self._stock_index[k] for k in sorted(self._stock_changed)],
            })
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text)
        partial.replace(path)

    def restore(self, path: Path) -> None:
        """Carry on from a file written by `save` for the same seed."""
        saved = json.loads(path.read_text())
        if saved.get("format") != SAVED_STATE_FORMAT or saved.get("seed") != self.data.seed:
            raise ValueError(f"{path} holds simulator state for seed {saved.get('seed')} (format "
                             f"{saved.get('format')}), not seed {self.data.seed}; delete it to start over")
        with self.lock:
            self._takeoffs, self._trades = saved["takeoffs"], saved["trades"]
            self._events, self._deliveries = saved["events"], saved["deliveries"]
            self._requirement_history = saved["requirement_history"]
            # Files written before 2.4 hold drafts and quote requests without a status: they were open.
            self._drafts = [_with_status(d, "POD") for d in saved["drafts"]]
            self._quotes = [_with_status(q, "QR") for q in saved["quotes"]]
            self._issued_po_count = saved.get("issued_po_count", 0)
            self._gone = set(saved.get("gone", []))
            for row in saved.get("stock_changes", []):
                self._set_stock(row)
            # Every accepted write replaced what its (project, document) required, so the last one is current.
            self._requirements = {(r["project_code"], r["source_document"]): r for r in self._requirement_history}
            self._idempotency = {key: _Remembered(**value) for key, value in saved["idempotency"].items()}
            self._id_counters = saved["id_counters"]
            self.posts_received, self.records_created, self.idempotent_replays = saved["counts"]
            # A fresh RNG stream, so ids and lines written from now on differ from those already handed out.
            self._start_live_writing(f"live-after-{len(self._events)}-events", saved["next_line_number"])

    # --- knobs -------------------------------------------------------------------------------

    def set_faults(self, faults: Faults) -> None:
        with self.lock:
            self.faults = faults

    def draw_fault(self, system: str, path: str, method: str | None = None
                   ) -> tuple[float, ErrorRule | None, MalformedRule | None]:
        """(latency, error to answer with, or else how to spoil the answer) for one request."""
        with self.lock:
            error = self.faults.draw(system, path, method)
            return self.faults.latency_seconds, error, None if error else self.faults.draw_malformed(path)

    def set_rate_limit(self, system: str, rate_limit: RateLimit) -> None:
        self.rate_limiters[system].configure(rate_limit)

    # --- PM: OAuth ---------------------------------------------------------------------------

    def issue_token(self, client_id: str, client_secret: str) -> str | None:
        if (client_id, client_secret) != (self.credentials.pm_client_id, self.credentials.pm_client_secret):
            return None
        token = secrets.token_urlsafe(24)
        with self.lock:
            self._tokens[token] = time.time() + self.token_ttl_seconds
        return token

    def token_is_valid(self, token: str) -> bool:
        with self.lock:
            expires = self._tokens.get(token)
            return expires is not None and time.time() < expires

    def revoke_pm_tokens(self) -> int:
        """Invalidate every PM token issued so far (as a key rotation or an admin would)."""
        with self.lock:
            revoked = len(self._tokens)
            self._tokens.clear()
            return revoked

    # --- PM: reads ---------------------------------------------------------------------------

    def projects(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._projects.values())

    def project(self, project_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self._projects.get(project_id)

    def takeoff_revisions(self) -> list[dict[str, Any]]:
        """Every revision of every takeoff, ordered by (updated_at, id, revision)."""
        with self.lock:
            revisions = [r for revisions in self._takeoffs.values() for r in revisions]
        return sorted(revisions, key=lambda t: (t["updated_at"], t["id"], t["revision"]))

    def takeoff(self, takeoff_id: str, revision: int | None = None) -> dict[str, Any] | None:
        with self.lock:
            revisions = self._takeoffs.get(takeoff_id, [])
            if revision is None:
                return revisions[-1] if revisions else None
            return next((r for r in revisions if r["revision"] == revision), None)

    def webhook_deliveries(self) -> list[dict[str, Any]]:
        """Newest attempt first."""
        with self.lock:
            deliveries = list(self._deliveries)
        return sorted(deliveries, key=lambda d: (d["attempted_at"], d["event_id"]), reverse=True)

    def webhook_events(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._events)

    # --- PM: control -------------------------------------------------------------------------

    def approve_takeoff(self, takeoff_id: str | None = None, *, project_id: str | None = None,
                        line_count: int | None = None, like_takeoff_id: str | None = None,
                        copying: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
        """Approve a draft or submitted takeoff, or (without an id) create a new approved one with generated lines
        (or, with `like_takeoff_id`, the same lines as that takeoff's latest revision, under new line ids),
        followed by `copying`: lines (description, and optionally quantity, uom...) written again."""
        with self.lock:
            now = self._now()
            if takeoff_id is not None:
                current = self._latest(takeoff_id)
                if current["status"] not in ("draft", "submitted"):
                    raise ApiError(409, "invalid_transition", f"{takeoff_id} is {current['status']}; only a draft or "
                                   "submitted takeoff can be approved (revise an approved one)")
                approved = self._replace(current, status="approved", approved_at=now, updated_at=now,
                                         approved_by=self._live_rng.choice(APPROVERS))
            else:
                approved = self._new_approved(project_id, line_count, now)
                if like_takeoff_id is not None:
                    model = self._latest(like_takeoff_id)["line_items"]
                    copied = [{**line, "id": f"{line['id']}-{approved['id']}"}
                              if isinstance(line, dict) and isinstance(line.get("id"), str) else line
                              for line in model]
                    approved = self._replace(approved, line_items=copied)
                approved["line_items"] += [self._writer.copied(line) for line in copying]
            self._record_event("takeoff.approved", approved)
            return approved

    def revise_takeoff(self, takeoff_id: str, scale: float | None = None) -> dict[str, Any]:
        """Approve a new revision of an approved takeoff; the old one becomes superseded. With `scale`, the
        revision keeps every line and multiplies each readable quantity by it (at least 1), e.g. 0.5 halves."""
        with self.lock:
            current = self._latest(takeoff_id)
            if current["status"] != "approved":
                raise ApiError(409, "invalid_transition", f"{takeoff_id} is {current['status']}; only an approved "
                               "takeoff can be revised")
            now = self._now()
            superseded = self._replace(current, status="superseded", updated_at=now)
            revision = {**current, "revision": current["revision"] + 1, "status": "approved", "approved_at": now,
                        "updated_at": now, "approved_by": self._live_rng.choice(APPROVERS),
                        "line_items": self._writer.revise(self._trades[takeoff_id], current["line_items"])
                        if scale is None else _scaled(current["line_items"], scale)}
            self._takeoffs[takeoff_id].append(revision)
            self._record_event("takeoff.superseded", superseded)
            self._record_event("takeoff.approved", revision)
            return revision

    def reject_takeoff(self, takeoff_id: str) -> dict[str, Any]:
        with self.lock:
            current = self._latest(takeoff_id)
            if current["status"] not in ("draft", "submitted"):
                raise ApiError(409, "invalid_transition", f"{takeoff_id} is {current['status']}; only a draft or "
                               "submitted takeoff can be rejected")
            rejected = self._replace(current, status="rejected", updated_at=self._now())
            self._record_event("takeoff.rejected", rejected)
            return rejected

    def plant_bad_lines(self, takeoff_id: str, kinds: list[str]) -> dict[str, Any]:
        """Add one bad line of each kind (see `malformed.BAD_LINES`) to the takeoff's latest revision, as if it
        had been saved that way. Returns what changed: the revision and its new line count."""
        if not kinds or any(not isinstance(kind, str) or kind not in BAD_LINES for kind in kinds):
            raise ApiError(400, "invalid_request", f"bad line kinds must be among {sorted(BAD_LINES)}; got {kinds}")
        with self.lock:
            current = self._latest(takeoff_id)
            lines = list(current["line_items"])
            for kind in kinds:
                lines.append(BAD_LINES[kind](self._writer.another_line(self._trades[takeoff_id], lines)))
            planted = self._replace(current, line_items=lines)
            return {"id": takeoff_id, "revision": planted["revision"], "line_count": len(lines), "planted": kinds}

    def _now(self) -> str:
        return format_time(utc_now())

    def _latest(self, takeoff_id: str) -> dict[str, Any]:
        revisions = self._takeoffs.get(takeoff_id)
        if not revisions:
            raise ApiError(404, "not_found", f"no takeoff {takeoff_id}")
        return revisions[-1]

    def _replace(self, revision: dict[str, Any], **changes: Any) -> dict[str, Any]:
        revisions = self._takeoffs[revision["id"]]
        changed = {**revision, **changes}
        revisions[revisions.index(revision)] = changed
        return changed

    def _new_approved(self, project_id: str | None, line_count: int | None, now: str) -> dict[str, Any]:
        rng = self._live_rng
        if project_id is None:
            project_id = rng.choice([p["id"] for p in self._projects.values() if p["status"] == "active"])
        elif project_id not in self._projects:
            raise ApiError(404, "not_found", f"no project {project_id}")
        while (takeoff_id := f"TO-{rng.randint(10000, 99999)}") in self._takeoffs:
            pass
        trade = rng.choice(TRADES)
        self._trades[takeoff_id] = trade
        takeoff = {"id": takeoff_id, "project_id": project_id, "revision": 1, "status": "approved",
                   "approved_at": now, "updated_at": now, "name": self._writer.name(trade),
                   "approved_by": rng.choice(APPROVERS),
                   "line_items": self._writer.lines(trade, line_count or rng.randint(20, 80))}
        self._takeoffs[takeoff_id] = [takeoff]
        return takeoff

    def _record_event(self, event_type: str, takeoff: dict[str, Any]) -> None:
        """Record the event and deliver it: to the configured receiver (each attempt is listed as it is
        made), or, with none configured, as one attempt that nobody received (status null)."""
        event = {"id": f"evt_{self._live_rng.getrandbits(40):010x}", "type": event_type,
                 "created_at": takeoff["updated_at"],
                 "data": {"takeoff_id": takeoff["id"], "project_id": takeoff["project_id"],
                          "revision": takeoff["revision"]}}
        self._events.append(event)
        if self.webhooks.enabled:
            self.webhooks.submit(event)
        else:
            self._deliveries.append({"event_id": event["id"], "event_type": event_type,
                                     "attempted_at": event["created_at"], "response_status": None})

    def _record_delivery(self, attempt: dict[str, Any]) -> None:
        with self.lock:
            self._deliveries.append(attempt)

    # --- inventory: writes -------------------------------------------------------------------

    def count_post(self) -> None:
        with self.lock:
            self.posts_received += 1

    def idempotent_write(self, key: str, body_fingerprint: str, create: Callable[[], dict[str, Any]]
                         ) -> tuple[dict[str, Any], bool]:
        """Run `create` once per Idempotency-Key: (answer, replayed). A refused write (ApiError) is not remembered."""
        with self.lock:
            now = time.time()
            remembered = self._idempotency.get(key)
            if remembered is not None and now - remembered.stored_at > IDEMPOTENCY_TTL_SECONDS:
                del self._idempotency[key]
                remembered = None
            if remembered is not None:
                if remembered.fingerprint != body_fingerprint:
                    raise ApiError(422, "idempotency_key_reused", "this Idempotency-Key was used with a different "
                                   "request body; use a new key for a different request")
                self.idempotent_replays += 1
                return remembered.answer, True
            answer = create()
            self._idempotency[key] = _Remembered(body_fingerprint, answer, now)
            return answer, False

    def record_material_requirements(self, project_code: str, body: dict[str, Any]) -> dict[str, Any]:
        """Replace what one source document requires on a project; older revisions are refused."""
        with self.lock:
            if project_code not in self._projects:
                raise ApiError(404, "unknown_project", f"no project {project_code}")
            document = body["source_document"]
            held = self._requirements.get((project_code, document))
            if held is not None and body["source_revision"] < held["source_revision"]:
                raise ApiError(409, "stale_revision", f"{document} revision {body['source_revision']} is older than "
                               f"revision {held['source_revision']} already held for {project_code}")
            record = self._created("MR", {"project_code": project_code, **body,
                                          "replaces": held["id"] if held else None})
            self._requirements[(project_code, document)] = record
            self._requirement_history.append(record)
            return {"id": record["id"], "created_at": record["created_at"]}

    def record_purchase_order_draft(self, body: dict[str, Any], idempotency_key: str | None = None
                                    ) -> dict[str, Any]:
        with self.lock:
            record = self._created("POD", body)
            record.update(status="open", issued_po_number=None, idempotency_key=idempotency_key,
                          updated_at=record["created_at"])
            self._drafts.append(record)
            return {"id": record["id"], "created_at": record["created_at"]}

    def record_quote_request(self, body: dict[str, Any], idempotency_key: str | None = None) -> dict[str, Any]:
        with self.lock:
            record = self._created("QR", body)
            record.update(status="open", idempotency_key=idempotency_key, updated_at=record["created_at"])
            self._quotes.append(record)
            return {"id": record["id"], "created_at": record["created_at"]}

    # --- inventory: purchase documents since 2.4 (read back, cancel; buyers issue and edit) --------------

    def drafts(self, *, status: str | None = None, updated_after: Any = None,
               idempotency_key: str | None = None) -> list[dict[str, Any]]:
        """Drafts as the API shows them, newest first."""
        return self._documents(self._drafts, DRAFT_FIELDS, status, updated_after, idempotency_key)

    def quote_requests(self, *, status: str | None = None, idempotency_key: str | None = None
                       ) -> list[dict[str, Any]]:
        return self._documents(self._quotes, QUOTE_FIELDS, status, None, idempotency_key)

    def _documents(self, records: list[dict[str, Any]], fields: tuple[str, ...], status: str | None,
                   updated_after: Any, idempotency_key: str | None) -> list[dict[str, Any]]:
        with self.lock:
            chosen = [r for r in records if r["id"] not in self._gone
                      and (status is None or r["status"] == status)
                      and (idempotency_key is None or r.get("idempotency_key") == idempotency_key)
                      and (updated_after is None or parse_time(r["updated_at"]) > updated_after)]
        chosen.sort(key=lambda r: (r["created_at"], r["id"]), reverse=True)
        return [_public(r, fields) for r in chosen]

    def draft(self, draft_id: str) -> dict[str, Any]:
        with self.lock:
            return _public(self._document(self._drafts, draft_id, "draft"), DRAFT_FIELDS)

    def _document(self, records: list[dict[str, Any]], document_id: str, what: str) -> dict[str, Any]:
        record = next((r for r in records if r["id"] == document_id), None)
        if record is None or document_id in self._gone:
            raise ApiError(404, "not_found", f"no {what} {document_id}")
        return record

    def _change(self, records: list[dict[str, Any]], record: dict[str, Any], **changes: Any) -> dict[str, Any]:
        changed = {**record, **changes, "updated_at": self._now()}
        records[records.index(record)] = changed
        return changed

    def cancel_draft(self, draft_id: str, reason: str | None = None) -> dict[str, Any]:
        """Cancel an open draft; an issued one is refused (409 already_issued); a cancelled one stays so."""
        with self.lock:
            record = self._document(self._drafts, draft_id, "draft")
            if record["status"] == "issued":
                raise ApiError(409, "already_issued", f"{draft_id} was issued as purchase order "
                               f"{record['issued_po_number']}; it can no longer be cancelled")
            if record["status"] == "open":
                notes = "\n".join(n for n in (record.get("notes"), f"cancelled: {reason}" if reason else "cancelled")
                                   if n)
                record = self._change(self._drafts, record, status="cancelled", notes=notes)
            return _public(record, DRAFT_FIELDS)

    def cancel_quote_request(self, quote_request_id: str) -> dict[str, Any]:
        with self.lock:
            record = self._document(self._quotes, quote_request_id, "quote request")
            if record["status"] == "answered":
                raise ApiError(409, "already_answered", f"{quote_request_id} was already answered")
            if record["status"] == "open":
                record = self._change(self._quotes, record, status="cancelled")
            return _public(record, QUOTE_FIELDS)

    def _buyer_lines(self, record: dict[str, Any], lines: Any) -> list[dict[str, Any]]:
        """The draft's lines with the quantities a buyer typed ({"sku", "quantity"} per changed line)."""
        if lines is None:
            return record["lines"]
        if not isinstance(lines, list) or not all(isinstance(l, dict) and isinstance(l.get("sku"), str)
                                                  and isinstance(l.get("quantity"), (int, float))
                                                  and l["quantity"] >= 0 for l in lines):
            raise ApiError(400, "invalid_request", "lines must be a list of {sku, quantity >= 0}")
        wanted = {l["sku"]: l["quantity"] for l in lines}
        unknown = set(wanted) - {l["sku"] for l in record["lines"]}
        if unknown:
            raise ApiError(400, "invalid_request", f"{record['id']} has no line for {sorted(unknown)}")
        changed = [{**l, "quantity": wanted.get(l["sku"], l["quantity"])} for l in record["lines"]]
        return [l for l in changed if l["quantity"] > 0]

    def buyer_edit_draft(self, draft_id: str, lines: Any) -> dict[str, Any]:
        """A buyer changes an open draft's quantities in the platform's screens (0 removes a line)."""
        with self.lock:
            record = self._document(self._drafts, draft_id, "draft")
            if record["status"] != "open":
                raise ApiError(409, "invalid_transition", f"{draft_id} is {record['status']}; only an open draft "
                               "can be changed")
            return _public(self._change(self._drafts, record, lines=self._buyer_lines(record, lines)), DRAFT_FIELDS)

    def buyer_issue_draft(self, draft_id: str, lines: Any = None) -> dict[str, Any]:
        """A buyer issues an open draft as a purchase order, optionally changing quantities first; its
        quantities then count in StockLevel.on_order of its warehouse."""
        with self.lock:
            record = self._document(self._drafts, draft_id, "draft")
            if record["status"] != "open":
                raise ApiError(409, "invalid_transition", f"{draft_id} is {record['status']}; only an open draft "
                               "can be issued")
            issued_lines = self._buyer_lines(record, lines)
            self._issued_po_count += 1
            issued = self._change(self._drafts, record, lines=issued_lines, status="issued",
                                  issued_po_number=f"PO-{self._issued_po_count:06d}")
            for line in issued_lines:
                key = (line["sku"], record["warehouse_code"])
                row = self._stock_index.get(key) or {"sku": line["sku"], "warehouse_code": record["warehouse_code"],
                                                     "on_hand": 0, "allocated": 0, "on_order": 0, "bin": None}
                self._set_stock({**row, "on_order": round(row["on_order"] + line["quantity"], 6)})
            return _public(issued, DRAFT_FIELDS)

    def buyer_answer_quote_request(self, quote_request_id: str) -> dict[str, Any]:
        with self.lock:
            record = self._document(self._quotes, quote_request_id, "quote request")
            if record["status"] != "open":
                raise ApiError(409, "invalid_transition", f"{quote_request_id} is {record['status']}")
            return _public(self._change(self._quotes, record, status="answered"), QUOTE_FIELDS)

    def remove_document(self, document_id: str) -> None:
        """The draft or quote request disappears: reads and cancels of it answer 404 from then on."""
        with self.lock:
            self._document(self._drafts + self._quotes, document_id, "draft or quote request")
            self._gone.add(document_id)

    def plant_document_status(self, document_id: str, status: str) -> dict[str, Any]:
        """Give a document a status the contract does not list, as a broken platform release would."""
        with self.lock:
            for records in (self._drafts, self._quotes):
                record = next((r for r in records if r["id"] == document_id), None)
                if record is not None:
                    return self._change(records, record, status=status)
            raise ApiError(404, "not_found", f"no draft or quote request {document_id}")

    def _set_stock(self, row: dict[str, Any]) -> None:
        """Replace one stock row (never changed in place: a reader may be serializing the old one)."""
        key = (row["sku"], row["warehouse_code"])
        old = self._stock_index.get(key)
        self._stock_index[key] = row
        self._stock_changed.add(key)
        if old is None:
            self.stock = sorted([*self.stock, row], key=lambda s: (s["sku"], s["warehouse_code"]))
        else:
            stock = list(self.stock)
            stock[stock.index(old)] = row
            self.stock = stock

    def _created(self, prefix: str, fields: dict[str, Any]) -> dict[str, Any]:
        self._id_counters[prefix] += 1
        self.records_created += 1
        return {"id": f"{prefix}-{self._id_counters[prefix]:06d}", "created_at": self._now(), **fields}

    def snapshot(self) -> dict[str, Any]:
        """What clients have written to the inventory platform, and the counts to check for duplicates."""
        with self.lock:
            return {
                "material_requirements": {
                    "current": [self._requirements[k] for k in sorted(self._requirements)],
                    "history": list(self._requirement_history),
                },
                "purchase_order_drafts": [r for r in self._drafts if r["id"] not in self._gone],
                "quote_requests": [r for r in self._quotes if r["id"] not in self._gone],
                "counts": {"posts_received": self.posts_received, "records_created": self.records_created,
                           "idempotent_replays": self.idempotent_replays},
            }
