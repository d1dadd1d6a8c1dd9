"""WHEN, DATE, LENGTH and HOW OFTEN read as rules: what each phrase means, what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.errors import UserError
from bot.core.timeparse import (
    DAY_TIME,
    Repeat,
    parse_date,
    parse_length,
    parse_repeat,
    parse_when,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("first tuesday of the month", Repeat(nth=1, weekday=1)),
        ("last friday", Repeat(nth=-1, weekday=4)),
        ("every other week", Repeat(weeks=2)),
        ("monthly", Repeat()),
    ],
)
def test_repeats_read_as_rules(text: str, expected: Repeat) -> None:
    """Each way of saying how often is one rule."""
    assert parse_repeat(text) == expected


def test_a_weekday_of_the_month_is_an_icalendar_rule() -> None:
    """The first Tuesday is BYDAY=TU with BYSETPOS=1; the last Friday BYSETPOS=-1."""
    assert parse_repeat("first tuesday").rrule == "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1"
    assert parse_repeat("last friday of the month").rrule == "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1"


@pytest.mark.parametrize(
    ("text", "past", "expected"),
    [
        ("4 dec", False, date(2026, 12, 4)),
        ("1 nov", True, date(2026, 11, 1)),
        ("1 nov", False, date(2027, 11, 1)),
        ("friday", True, date(2026, 11, 27)),
        ("3 weeks ago", True, date(2026, 11, 9)),
        ("25/12/2026", False, date(2026, 12, 25)),
    ],
)
def test_days_are_the_next_or_the_last(text: str, past: bool, expected: date) -> None:
    """A day that comes round again is the next one, or for a report's first day the last."""
    assert parse_date(text, "UTC", NOW, past=past) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("next friday 17:00", "could mean Fri 04 Dec 2026 or Fri 11 Dec 2026"),
        ("4/12 18:00", "could be read two ways"),
        ("thu 4 dec 17:00", "Fri 04 Dec 2026 is a Friday, not a Thursday"),
        ("friday", "names a day (Fri 04 Dec 2026) but no time of day"),
        ("28 march 2027 01:30", "does not exist on Sun 28 Mar 2027 in Europe/London"),
    ],
)
def test_what_would_be_a_guess_is_refused(text: str, message: str) -> None:
    """Two readings, a weekday that disagrees, a missing or skipped time: refused, saying why."""
    with pytest.raises(UserError) as err:
        parse_when(text, "Europe/London", NOW)
    assert message in err.value.message


@given(st.integers(0, 99), st.integers(0, 59))
def test_hours_and_minutes_read_alike_in_every_spelling(hours: int, minutes: int) -> None:
    """The spellings "XhYm", "X hours Y minutes" and "X h Y min" are one length."""
    expected = timedelta(hours=hours, minutes=minutes)
    if expected < timedelta(minutes=1):
        return
    for text in (
        f"{hours}h{minutes}m",
        f"{hours} hours {minutes} minutes",
        f"{hours} h {minutes} min",
    ):
        assert parse_length(text) == expected


@given(st.text(max_size=40))
def test_any_text_is_a_time_or_a_clear_refusal(text: str) -> None:
    """Whatever is typed, the reading is a time ahead or a UserError, never a crash."""
    try:
        when = parse_when(text, "Europe/London", NOW, day_time=DAY_TIME)
    except UserError:
        return
    assert NOW < when <= datetime(2031, 11, 30, 9, 0, tzinfo=UTC)


def test_a_day_lands_on_the_day_time_in_the_zone() -> None:
    """A day alone means DAY_TIME there: 09:00 in New York is 14:00 UTC in December."""
    assert time(9, 0) == DAY_TIME
    when = parse_when("friday", "America/New_York", NOW, day_time=DAY_TIME)
    assert when == datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
