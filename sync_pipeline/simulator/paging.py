"""Query parameters and the two paging styles: the PM system's opaque cursors and the
platform's limit/offset pages whose `next` is an absolute URL."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any, Callable, Sequence

from starlette.requests import Request

from sync_pipeline.simulator.errors import ApiError
from sync_pipeline.simulator.timestamps import parse_time


def _invalid(name: str, problem: str) -> ApiError:
    return ApiError(400, "invalid_parameter", f"query parameter {name!r} {problem}")


def int_param(request: Request, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise _invalid(name, f"must be an integer, got {text!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise _invalid(name, f"must be {bounds}, got {value}")
    return value


def time_param(request: Request, name: str) -> datetime | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    try:
        return parse_time(text)
    except ValueError:
        raise _invalid(name, f"must be an ISO 8601 date-time, got {text!r}") from None


def bool_param(request: Request, name: str) -> bool | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    if text.lower() not in ("true", "false"):
        raise _invalid(name, f"must be true or false, got {text!r}")
    return text.lower() == "true"


def choice_param(request: Request, name: str, choices: Sequence[str]) -> str | None:
    text = request.query_params.get(name)
    if text is not None and text not in choices:
        raise _invalid(name, f"must be one of {', '.join(choices)}, got {text!r}")
    return text


def cursor_page(request: Request, records: Sequence[dict[str, Any]], key: Callable[[dict[str, Any]], tuple],
                *, default_limit: int = 100, max_limit: int = 200, descending: bool = False) -> dict[str, Any]:
    """A keyset page of `records` (already sorted by `key`): stable while records are added."""
    limit = int_param(request, "limit", default_limit, 1, max_limit)
    cursor = request.query_params.get("cursor")
    if cursor:
        after = _decode_cursor(cursor)
        try:
            records = [r for r in records if (key(r) < after if descending else key(r) > after)]
        except TypeError:
            raise ApiError(400, "invalid_cursor", "cursor does not belong to this list") from None
    page = list(records[:limit])
    next_cursor = _encode_cursor(key(page[-1])) if len(records) > limit else None
    return {"data": page, "next_cursor": next_cursor}


def _encode_cursor(position: tuple) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple:
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        raise ApiError(400, "invalid_cursor", "cursor is not one this server issued") from None
    if not isinstance(position, list):
        raise ApiError(400, "invalid_cursor", "cursor is not one this server issued")
    return tuple(position)


def offset_page(request: Request, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A limit/offset page: {count, next, results}, `next` the absolute URL of the following page or null."""
    limit = int_param(request, "limit", 100, 1, 500)
    offset = int_param(request, "offset", 0, 0)
    end = offset + limit
    next_url = str(request.url.include_query_params(limit=limit, offset=end)) if end < len(records) else None
    return {"count": len(records), "next": next_url, "results": list(records[offset:end])}
