"""Malformed inputs on purpose, as real integrations meet them.

Answers spoiled on the way or at the source (`MalformedRule`, applied by the fault middleware):
a body cut short, a body that is not JSON, bytes that are not UTF-8, or JSON that breaks the
contract (a field missing, or of the wrong type). And takeoff lines people and exports really
produce (`BAD_LINES`, planted with `SimulatorState.plant_bad_lines`): a pasted megabyte of spec
text, a quantity of "abc", no unit, text with control characters or an emoji cut in half.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from starlette.responses import JSONResponse

BODY_KINDS = ("truncated", "invalid_json", "non_utf8", "missing_field", "wrong_type")
ONE_MEGABYTE = 1 << 20


@dataclass(frozen=True)
class MalformedRule:
    """Spoil this share of successful answers under a path prefix in this way.

    The contract-breaking kinds act on the answer's first record (the first item of a page, else the
    object itself): `field` is removed or given a value of another JSON type; by default the record's
    first field, its id.
    """

    rate: float
    kind: str = "truncated"
    field: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.rate <= 1:
            raise ValueError(f"malformed rate must be between 0 and 1, got {self.rate}")
        if self.kind not in BODY_KINDS:
            raise ValueError(f"malformed kind must be one of {BODY_KINDS}, got {self.kind!r}")

    def spoil(self, body: bytes) -> bytes:
        if self.kind == "truncated":
            return body[:len(body) // 2]
        if self.kind == "invalid_json":
            return body[:1] + b"," + body[1:]  # '{,"id":...' or '[,{...': a syntax error right at the start
        if self.kind == "non_utf8":
            at = body.find(b'"') + 1
            return body[:at] + b"\xe9" + body[at:]  # a Latin-1 "e-acute": not a valid UTF-8 sequence
        answer = json.loads(body)
        record = _first_record(answer)
        name = self.field or next(iter(record), None)
        if name is None:
            return body
        if self.kind == "missing_field":
            record.pop(name, None)
        else:
            value = record.get(name)
            record[name] = 12345 if value is None or isinstance(value, str) else "12345"
        return json.dumps(answer, separators=(",", ":")).encode()


def _first_record(answer: Any) -> dict[str, Any]:
    """The first item of a PM page (`data`), a platform page (`results`) or an array; else the object itself."""
    items = answer if isinstance(answer, list) else next(
        (answer[key] for key in ("data", "results") if isinstance(answer.get(key), list) and answer[key]), None)
    if items and isinstance(items[0], dict):
        return items[0]
    return answer if isinstance(answer, dict) else {}


def _huge(text: str) -> str:
    """The line's text pasted over and over: a spec section where a description belongs."""
    return ((text + "; ") * (ONE_MEGABYTE // (len(text) + 2) + 1))[:ONE_MEGABYTE]


class EscapedJSONResponse(JSONResponse):
    """JSON with everything beyond ASCII written as \\uXXXX, as the PM system sends takeoffs. Text saved
    damaged (a lone surrogate) then reaches clients as an escape, as UTF-16 systems pass it on, rather
    than failing the whole answer."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


# Each turns a well-formed line into a bad one. The PM system hands them out as stored; a lone
# surrogate leaves it as a \\udXXX escape, the way a UTF-16 system writes half an emoji.
BAD_LINES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "huge_description": lambda line: {**line, "description": _huge(line["description"])},
    "unparseable_quantity": lambda line: {**line, "quantity": "abc"},
    "missing_uom": lambda line: {name: value for name, value in line.items() if name != "uom"},
    "broken_utf8_description": lambda line: {**line, "description": line["description"] + " \ud83d"},
    "control_characters": lambda line: {**line, "description": f"\x00{line['description']}\x1b[31m\x07"},
    "wrong_types": lambda line: {**line, "description": {"text": line["description"]}, "quantity": [1, 2]},
    "not_an_object": lambda line: line["description"],
}
