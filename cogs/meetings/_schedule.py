"""When a meeting's occurrences fall, in wall-clock time of its zone. Pure, no I/O.

A series is a dateutil rrule over naive local times, localised one by one: a weekly
18:00 stays 18:00 local across a daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Literal

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays

from bot.core.timeparse import Repeat, zone
from storage.meetings import Meeting

RULES: dict[str, tuple[Literal[1, 2], int]] = {
    "week": (WEEKLY, 1),
    "2 weeks": (WEEKLY, 2),
    "month": (MONTHLY, 1),
}
RRULE_TEXT = {"week": "FREQ=WEEKLY", "2 weeks": "FREQ=WEEKLY;INTERVAL=2", "month": "FREQ=MONTHLY"}


def local_text(when: datetime, tz_name: str) -> str:
    """A UTC time as wall-clock text in a zone: '2026-12-01T18:00'."""
    return when.astimezone(zone(tz_name)).strftime("%Y-%m-%dT%H:%M")


def occurrence_key(when: datetime) -> str:
    """How one occurrence is named in storage and dedupe keys: its UTC start."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def starts(meeting: Meeting, near: datetime | None = None) -> Iterator[datetime]:
    """Every occurrence's start, UTC, in order (one for a one-off).

    With `near`, a weekly series may begin a week or two before it instead of at its first
    date: the same dates from there on, without walking a year of them to get there.
    """
    tz = zone(meeting.zone)
    first = datetime.fromisoformat(meeting.starts_local)
    if not meeting.every:
        yield first.replace(tzinfo=tz).astimezone(UTC)
        return
    freq, interval = RULES[meeting.every]
    if near is not None and freq == WEEKLY:
        step = timedelta(weeks=interval)
        skip = (near.astimezone(tz).replace(tzinfo=None) - first) // step - 1
        first += step * max(0, skip)  # the same wall-clock time, whole periods later
    until = datetime.fromisoformat(meeting.until_local) if meeting.until_local else None
    on = None
    if meeting.by_day:  # the nth weekday of each month (BYDAY with BYSETPOS)
        repeat = Repeat.from_by_day(meeting.by_day)
        assert repeat.weekday is not None
        on = weekdays[repeat.weekday](repeat.nth)
    for local in rrule(freq, interval=interval, dtstart=first, until=until, byweekday=on):
        yield local.replace(tzinfo=tz).astimezone(UTC)


def next_start(meeting: Meeting, after: datetime, skipped: set[str]) -> datetime | None:
    """The first occurrence starting after `after` that is not called off."""
    for start in starts(meeting, near=after):
        if start > after and occurrence_key(start) not in skipped:
            return start
    return None


def find(meeting: Meeting, key: str) -> datetime | None:
    """The occurrence named `key`, if the meeting has one."""
    for start in starts(meeting):
        found = occurrence_key(start)
        if found == key:
            return start
        if found > key:
            return None
    return None
