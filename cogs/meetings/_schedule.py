"""When a meeting's occurrences fall, in wall-clock time of its zone. Pure, no I/O.

A series is a dateutil rrule over naive local times, localised one by one: a weekly
18:00 stays 18:00 local across a daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekdays

from bot.core.i18n import show
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


def slot_label(when: datetime, tz_name: str) -> str:
    """A time as a button can say it (buttons show no per-reader times): 'Fri 11 Dec 18:00'."""
    return show(when.astimezone(zone(tz_name)), "EEE dd MMM HH:mm")


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


def upcoming(meeting: Meeting, after: datetime, skipped: set[str], most: int) -> list[datetime]:
    """The first `most` occurrences starting after `after` that are not called off."""
    found: list[datetime] = []
    for start in starts(meeting, near=after):
        if len(found) == most:
            break
        if start > after and occurrence_key(start) not in skipped:
            found.append(start)
    return found


def find(meeting: Meeting, key: str) -> datetime | None:
    """The occurrence named `key`, if the meeting has one."""
    for start in starts(meeting):
        found = occurrence_key(start)
        if found == key:
            return start
        if found > key:
            return None
    return None


def moved_until(meeting: Meeting, old: datetime, new: datetime) -> str | None:
    """A series' --until after its date `old` moves to `new`: shifted by as many days.

    Every remaining date moves, the last one too, so the series keeps as many dates; kept
    as it was, a move past --until would leave the series with none.
    """
    if not meeting.until_local:
        return None
    shift = date.fromisoformat(local_text(new, meeting.zone)[:10]) - date.fromisoformat(
        local_text(old, meeting.zone)[:10]
    )
    last = date.fromisoformat(meeting.until_local[:10]) + shift
    return last.isoformat() + meeting.until_local[10:]
