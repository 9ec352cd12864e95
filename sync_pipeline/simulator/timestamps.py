"""One timestamp format for both simulated systems: UTC, millisecond precision, "Z" suffix.

A single fixed width keeps stored times sortable as text; query parameters are parsed
leniently (any ISO 8601 offset) and compared as datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """An ISO 8601 date-time; a value without offset is taken as UTC. Raises ValueError when malformed.

    A "+hh:mm" offset sent unencoded in a query string arrives as a space; it is read back as "+".
    """
    moment = datetime.fromisoformat(text.replace(" ", "+") if "T" in text else text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
