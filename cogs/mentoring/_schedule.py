"""When scheduled pairing rounds fall, in wall-clock time of the group's zone. Pure, no I/O."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.core.timeparse import zone
from cogs.mentoring._parsing import DAYS, WEEKS


def next_round(after: datetime, day: str, at: str, tz_name: str) -> datetime:
    """The first `day` at `at` (the group's zone) strictly after `after`, in UTC."""
    tz = zone(tz_name)
    local = after.astimezone(tz)
    clock = time.fromisoformat(at)
    ahead = (DAYS.index(day) - local.weekday()) % 7
    for extra in (0, 7):
        date = local.date() + timedelta(days=ahead + extra)
        # Built from the wall-clock date and time, so daylight saving keeps it at 10:00.
        when = datetime.combine(date, clock, tzinfo=tz)
        if when > after:
            return when.astimezone(after.tzinfo)
    raise AssertionError("a week always holds the day")


def round_after(previous: datetime, every: str, day: str, at: str, tz_name: str) -> datetime:
    """The scheduled round after one that ran at `previous` (`every` 1w, 2w or 4w)."""
    return next_round(previous + timedelta(weeks=WEEKS[every], days=-1), day, at, tz_name)
