"""Typed views of what the two APIs return, parsed strictly so a contract breach is caught at the edge.

A breach names the endpoint, the entity and the field (`MalformedResponse`). In a list, a record
that breaks the contract is left out and reported (`valid_records`), so one bad record never
stops the others; a single entity that breaks it fails on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, TypeVar

from sync_pipeline.clients.errors import MalformedResponse
from sync_pipeline.clients.resilience import Attempt, ResilientHttp

logger = logging.getLogger("sync_pipeline.clients")
T = TypeVar("T")
JSON_TYPES = {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "an array",
              dict: "an object", type(None): "null"}


def json_type(value: Any) -> str:
    return JSON_TYPES.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Source:
    """Where a record was read: the endpoint ("GET /v1/takeoffs/TO-1") and the entity it describes."""

    endpoint: str
    entity: str | None = None

    def breach(self, problem: str, field: str | None = None) -> MalformedResponse:
        return MalformedResponse(self.endpoint, problem, entity=self.entity, field=field)


def is_unicode(text: str) -> bool:
    """False for text holding a lone surrogate: JSON can carry one (a UTF-16 system cut an emoji in half),
    but it cannot be written as UTF-8, so no frame or table could store it."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def field(record: Any, name: str, types: type | tuple[type, ...], source: Source, *, required: bool = True) -> Any:
    """The field's value, checked against the contract's JSON type; raises the breach otherwise."""
    if not isinstance(record, dict):
        raise source.breach(f"expected an object, got {json_type(record)}")
    value = record.get(name)
    if value is None:
        if required:
            raise source.breach(f"missing field {name!r}", name)
        return None
    allowed = types if isinstance(types, tuple) else (types,)
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        expected = " or ".join(JSON_TYPES[t] for t in allowed)
        raise source.breach(f"field {name!r} is {json_type(value)}, expected {expected}", name)
    if isinstance(value, str) and not is_unicode(value):
        raise source.breach(f"field {name!r} is not valid Unicode text (it holds a lone surrogate)", name)
    return value


def entity_of(record: Any, id_fields: tuple[str, ...], position: int) -> str:
    """A list record's name for errors: its id fields when readable, else its position in the list."""
    values = [record.get(name) for name in id_fields] if isinstance(record, dict) else []
    if values and all(isinstance(v, str) and v and is_unicode(v) for v in values):
        return "/".join(values)
    return f"record {position}"


def report_breach(http: ResilientHttp, operation: str, error: MalformedResponse) -> MalformedResponse:
    """Log the breach and put it on the event log as a permanent error for its entity (the HTTP attempt
    itself was logged as answered: the body was readable; this row shows the contract was broken)."""
    logger.warning(str(error))
    if http.on_attempt is not None:
        method, _, path = error.endpoint.partition(" ")
        http.on_attempt(Attempt(system=http.system, operation=operation, method=method, path=path,
                                entity=error.entity, payload_sha256=None, attempt=1, status="permanent_error",
                                http_status=None, error_type=error.error_code, error_detail=str(error)[:1000],
                                latency_ms=0.0))
    return error


def valid_records(records: Iterable[Any], parse: Callable[[Any, Source], T], *, http: ResilientHttp,
                  operation: str, endpoint: str, id_fields: tuple[str, ...]) -> Iterator[T]:
    """Each record parsed; one that breaks the contract is reported and left out, the rest go on."""
    for position, record in enumerate(records, 1):
        try:
            parsed = parse(record, Source(endpoint, entity_of(record, id_fields, position)))
        except MalformedResponse as exc:
            report_breach(http, operation, exc)
            continue
        yield parsed


def parsed_one(body: Any, parse: Callable[[Any, Source], T], *, http: ResilientHttp, operation: str,
               source: Source) -> T:
    """A single entity parsed; a breach is reported and raised, failing that entity only."""
    try:
        return parse(body, source)
    except MalformedResponse as exc:
        report_breach(http, operation, exc)
        raise


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    status: str
    warehouse_code: str | None
    number: str | None
    updated_at: str

    @classmethod
    def parse(cls, r: Any, source: Source) -> "Project":
        return cls(id=field(r, "id", str, source), name=field(r, "name", str, source),
                   status=field(r, "status", str, source),
                   warehouse_code=field(r, "warehouse_code", str, source, required=False),
                   number=field(r, "number", str, source, required=False),
                   updated_at=field(r, "updated_at", str, source))


@dataclass(frozen=True)
class TakeoffSummary:
    id: str
    project_id: str
    revision: int
    status: str
    approved_at: str | None
    updated_at: str

    @classmethod
    def parse(cls, r: Any, source: Source) -> "TakeoffSummary":
        return cls(id=field(r, "id", str, source), project_id=field(r, "project_id", str, source),
                   revision=field(r, "revision", int, source), status=field(r, "status", str, source),
                   approved_at=field(r, "approved_at", str, source, required=False),
                   updated_at=field(r, "updated_at", str, source))


@dataclass(frozen=True)
class Takeoff:
    """A takeoff as fetched; line items stay raw because bad lines are judged (and quarantined) downstream,
    so a bad line never fails its takeoff."""

    summary: TakeoffSummary
    name: str
    approved_by: str | None
    line_items: list[Any]
    payload: dict[str, Any]

    @classmethod
    def parse(cls, r: Any, source: Source) -> "Takeoff":
        return cls(summary=TakeoffSummary.parse(r, source), name=field(r, "name", str, source),
                   approved_by=field(r, "approved_by", str, source, required=False),
                   line_items=field(r, "line_items", list, source), payload=r)


@dataclass(frozen=True)
class WebhookDelivery:
    event_id: str
    event_type: str
    attempted_at: str
    response_status: int | None

    @classmethod
    def parse(cls, r: Any, source: Source) -> "WebhookDelivery":
        return cls(event_id=field(r, "event_id", str, source), event_type=field(r, "event_type", str, source),
                   attempted_at=field(r, "attempted_at", str, source),
                   response_status=field(r, "response_status", int, source, required=False))


@dataclass(frozen=True)
class WriteResult:
    """The platform's answer to a POST: the record id, and whether it was an idempotent replay."""

    id: str
    created_at: str
    replayed: bool


DRAFT_STATUSES = ("open", "issued", "cancelled")
QUOTE_REQUEST_STATUSES = ("open", "answered", "cancelled")


@dataclass(frozen=True)
class DocumentLine:
    sku: str
    quantity: float
    uom: str
    unit_price: str | None


@dataclass(frozen=True)
class PurchaseDocument:
    """A purchase-order draft or quote request as the platform shows it now (inventory API 2.4).

    `kind` is "draft" or "quote_request"; line quantities are as they stand (a buyer may have changed them)."""

    kind: str
    id: str
    status: str
    warehouse_code: str
    vendor_id: str | None
    vendor_ids: tuple[str, ...]
    idempotency_key: str | None
    issued_po_number: str | None
    notes: str | None
    lines: tuple[DocumentLine, ...]
    updated_at: str

    @classmethod
    def parser(cls, kind: str) -> Callable[[Any, Source], "PurchaseDocument"]:
        statuses = DRAFT_STATUSES if kind == "draft" else QUOTE_REQUEST_STATUSES

        def parse(r: Any, source: Source) -> "PurchaseDocument":
            status = field(r, "status", str, source)
            if status not in statuses:
                raise source.breach(f"field 'status' is {status!r}, not one of {', '.join(statuses)}", "status")
            lines = []
            for position, line in enumerate(field(r, "lines", list, source)):
                where = Source(source.endpoint, f"{source.entity} line {position + 1}")
                quantity = field(line, "quantity", (int, float), where)
                lines.append(DocumentLine(sku=field(line, "sku", str, where), quantity=float(quantity),
                                          uom=field(line, "uom", str, where),
                                          unit_price=field(line, "unit_price", str, where, required=kind == "draft")))
            vendor_ids = field(r, "vendor_ids", list, source) if kind == "quote_request" else []
            return cls(kind=kind, id=field(r, "id", str, source), status=status,
                       warehouse_code=field(r, "warehouse_code", str, source),
                       vendor_id=field(r, "vendor_id", str, source) if kind == "draft" else None,
                       vendor_ids=tuple(v for v in vendor_ids if isinstance(v, str)),
                       idempotency_key=field(r, "idempotency_key", str, source, required=False),
                       issued_po_number=field(r, "issued_po_number", str, source, required=False),
                       notes=field(r, "notes", str, source, required=False), lines=tuple(lines),
                       updated_at=field(r, "updated_at", str, source))
        return parse
