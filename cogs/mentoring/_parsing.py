"""Reading what people type to mentoring, and working out round dates. Pure, no I/O."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from bot.core.errors import UserError
from bot.core.timeparse import zone

MAX_TOPICS = 8
MAX_TOPIC = 40
MAX_CONCERN = 1000
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = {"1w": 1, "2w": 2, "4w": 4}


def read_topics(text: str) -> tuple[str, ...]:
    """'Benefits, housing , forms' as ('benefits', 'housing', 'forms'); at most 8."""
    topics: list[str] = []
    for part in text.split(","):
        topic = " ".join(part.split()).lower()
        if topic and topic not in topics:
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise UserError(
            f"That is {len(topics)} topics; the most is {MAX_TOPICS}. Pick the ones that "
            'matter most, e.g. `--topics "benefits, housing"`.'
        )
    if any(len(t) > MAX_TOPIC for t in topics):
        raise UserError(f"A topic is at most {MAX_TOPIC} characters; use a word or two.")
    return tuple(topics)


def read_pause(text: str) -> timedelta:
    """'4w', '10d', '2 weeks' as a length of time between a day and a year."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*(w|weeks?|d|days?)\s*", text.lower())
    if not match:
        raise UserError(
            f"{text.strip()!r} is not a length of time. Write weeks or days, "
            "e.g. `!mentor pause 4w` or `!mentor pause 10d`."
        )
    n = int(match[1])
    length = timedelta(weeks=n) if match[2].startswith("w") else timedelta(days=n)
    if not timedelta(days=1) <= length <= timedelta(days=366):
        raise UserError("A pause is from 1 day to 52 weeks, e.g. `!mentor pause 4w`.")
    return length


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
