"""How times are stored: ISO 8601 in UTC, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(when: datetime) -> str:
    """A timezone-aware time as stored text."""
    if when.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return when.astimezone(UTC).isoformat(timespec="seconds")


def from_db(text: str | None) -> datetime | None:
    """Stored text back to a UTC time."""
    return datetime.fromisoformat(text).astimezone(UTC) if text else None
