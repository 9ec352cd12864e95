"""Typed views of what the two APIs return, parsed strictly so a contract breach is caught at the edge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sync_pipeline.clients.errors import MalformedResponse


def _field(record: Any, name: str, types: type | tuple[type, ...], *, required: bool = True, where: str) -> Any:
    if not isinstance(record, dict):
        raise MalformedResponse(f"{where}: expected an object, got {type(record).__name__}")
    value = record.get(name)
    if value is None:
        if required:
            raise MalformedResponse(f"{where}: missing field {name!r}")
        return None
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
        raise MalformedResponse(f"{where}: field {name!r} has type {type(value).__name__}")
    return value


def _as_tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    status: str
    warehouse_code: str | None
    number: str | None
    updated_at: str

    @classmethod
    def parse(cls, r: Any) -> "Project":
        w = "project"
        return cls(id=_field(r, "id", str, where=w), name=_field(r, "name", str, where=w),
                   status=_field(r, "status", str, where=w),
                   warehouse_code=_field(r, "warehouse_code", str, required=False, where=w),
                   number=_field(r, "number", str, required=False, where=w),
                   updated_at=_field(r, "updated_at", str, where=w))


@dataclass(frozen=True)
class TakeoffSummary:
    id: str
    project_id: str
    revision: int
    status: str
    approved_at: str | None
    updated_at: str

    @classmethod
    def parse(cls, r: Any) -> "TakeoffSummary":
        w = "takeoff summary"
        return cls(id=_field(r, "id", str, where=w), project_id=_field(r, "project_id", str, where=w),
                   revision=_field(r, "revision", int, where=w), status=_field(r, "status", str, where=w),
                   approved_at=_field(r, "approved_at", str, required=False, where=w),
                   updated_at=_field(r, "updated_at", str, where=w))


@dataclass(frozen=True)
class Takeoff:
    """A takeoff as fetched; line items stay raw dicts because bad lines are judged (and quarantined) downstream."""

    summary: TakeoffSummary
    name: str
    approved_by: str | None
    line_items: list[dict[str, Any]]
    payload: dict[str, Any]

    @classmethod
    def parse(cls, r: Any) -> "Takeoff":
        w = "takeoff"
        lines = _field(r, "line_items", list, where=w)
        return cls(summary=TakeoffSummary.parse(r), name=_field(r, "name", str, where=w),
                   approved_by=_field(r, "approved_by", str, required=False, where=w),
                   line_items=lines, payload=r)


@dataclass(frozen=True)
class WebhookDelivery:
    event_id: str
    event_type: str
    attempted_at: str
    response_status: int | None

    @classmethod
    def parse(cls, r: Any) -> "WebhookDelivery":
        w = "webhook delivery"
        return cls(event_id=_field(r, "event_id", str, where=w), event_type=_field(r, "event_type", str, where=w),
                   attempted_at=_field(r, "attempted_at", str, where=w),
                   response_status=_field(r, "response_status", int, required=False, where=w))


@dataclass(frozen=True)
class WriteResult:
    """The platform's answer to a POST: the record id, and whether it was an idempotent replay."""

    id: str
    created_at: str
    replayed: bool
