"""A meeting's dates by hand-worked examples: wall-clock text, keys, series, moves.

Dates checked on a calendar: 30 Nov 2026 is a Monday, so 1, 8, 15 Dec are Tuesdays and
11 Dec a Friday; 6 Jan 2026 is a Tuesday; 1 Jan 2027 a Friday (first Tuesday: 5 Jan) and
1 Feb 2027 a Monday (first Tuesday: 2 Feb). London is UTC+0 in winter, UTC+1 in summer
until 25 Oct 2026; Berlin is UTC+1 in winter.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cogs.meetings._schedule import (
    find,
    local_text,
    moved_until,
    next_start,
    occurrence_key,
    slot_label,
    starts,
    upcoming,
)
from storage.meetings import Meeting

BERLIN = "Europe/Berlin"
LONDON = "Europe/London"


def utc(text: str) -> datetime:
    """A UTC instant written '2026-12-01 18:00'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def meeting(
    starts_local: str, every: str = "", until: str | None = None, by_day: str | None = None
) -> Meeting:
    """A London meeting (or series) with the given rule."""
    return Meeting(
        1, "g", "c", "Forum", starts_local, LONDON, 60, None, every, until, 0,
        utc("2026-01-01 00:00"), None, by_day,
    )  # fmt: skip


def test_times_as_text_in_a_zone_and_as_keys() -> None:
    """18:00 UTC is 19:00 in Berlin; a button says 'Fri 11 Dec 18:00'; keys are UTC."""
    assert local_text(utc("2026-12-01 18:00"), BERLIN) == "2026-12-01T19:00"
    assert local_text(utc("2026-12-01 18:00"), LONDON) == "2026-12-01T18:00"
    assert slot_label(utc("2026-12-11 18:00"), BERLIN) == "Fri 11 Dec 19:00"
    berlin_seven = utc("2026-12-01 18:00").astimezone(ZoneInfo(BERLIN))  # 19:00 there
    assert occurrence_key(berlin_seven) == "2026-12-01T18:00"


def test_a_one_off_has_one_start() -> None:
    """A one-off at 18:00 on 1 December starts once: 18:00 UTC in London, 17:00 in Berlin."""
    assert list(starts(meeting("2026-12-01T18:00"))) == [utc("2026-12-01 18:00")]
    in_berlin = dataclasses.replace(meeting("2026-12-01T18:00"), zone=BERLIN)
    assert list(starts(in_berlin)) == [utc("2026-12-01 17:00")]


def test_a_weekly_series_keeps_its_local_time_across_the_clock_change() -> None:
    """Tuesdays 18:00 London: 17:00 UTC in summer (20 Oct), 18:00 UTC after 25 Oct."""
    series = meeting("2026-10-20T18:00", "week", until="2026-11-03T23:59")
    assert list(starts(series)) == [
        utc("2026-10-20 17:00"),
        utc("2026-10-27 18:00"),
        utc("2026-11-03 18:00"),
    ]


def test_every_two_weeks_and_the_first_tuesday_of_the_month() -> None:
    """Fortnightly from 1 Dec: 1, 15, 29 Dec. First Tuesdays: 1 Dec, 5 Jan, 2 Feb."""
    fortnightly = meeting("2026-12-01T18:00", "2 weeks", until="2026-12-31T23:59")
    assert list(starts(fortnightly)) == [
        utc("2026-12-01 18:00"),
        utc("2026-12-15 18:00"),
        utc("2026-12-29 18:00"),
    ]
    monthly = meeting("2026-12-01T18:00", "month", until="2027-02-28T23:59", by_day="1TU")
    assert list(starts(monthly)) == [
        utc("2026-12-01 18:00"),
        utc("2027-01-05 18:00"),
        utc("2027-02-02 18:00"),
    ]


def test_next_and_upcoming_dates_skip_what_is_called_off() -> None:
    """Tuesdays since 6 Jan 2026: after 1 Dec 12:00 comes 1 Dec 18:00; called off, 8 Dec."""
    series = meeting("2026-01-06T18:00", "week")
    noon = utc("2026-12-01 12:00")
    assert next_start(series, noon, set()) == utc("2026-12-01 18:00")
    assert next_start(series, noon, {"2026-12-01T18:00"}) == utc("2026-12-08 18:00")
    assert next_start(series, utc("2026-12-01 18:00"), set()) == utc("2026-12-08 18:00")
    assert upcoming(series, noon, {"2026-12-08T18:00"}, 2) == [
        utc("2026-12-01 18:00"),
        utc("2026-12-15 18:00"),
    ]
    assert upcoming(series, noon, set(), 0) == []
    # A date starting exactly at `after` is not upcoming any more.
    assert upcoming(series, utc("2026-12-01 18:00"), set(), 1) == [utc("2026-12-08 18:00")]
    ended = meeting("2026-12-01T18:00", "week", until="2026-12-08T23:59")
    assert next_start(ended, utc("2026-12-08 18:00"), set()) is None


def test_find_names_only_a_real_date() -> None:
    """8 Dec 18:00 UTC is a date of the series; 8 Dec 17:00 and 22 Dec (past its end) not."""
    series = meeting("2026-12-01T18:00", "week", until="2026-12-15T23:59")
    assert find(series, "2026-12-08T18:00") == utc("2026-12-08 18:00")
    assert find(series, "2026-12-08T17:00") is None
    assert find(series, "2026-12-22T18:00") is None


def test_moving_a_date_moves_until_by_as_many_days() -> None:
    """8 Dec moved to 10 Dec (2 days on): --until 29 Dec becomes 31 Dec; none stays none."""
    series = meeting("2026-12-01T18:00", "week", until="2026-12-29T23:59")
    moved = moved_until(series, utc("2026-12-08 18:00"), utc("2026-12-10 18:00"))
    assert moved == "2026-12-31T23:59"
    back = moved_until(series, utc("2026-12-08 18:00"), utc("2026-12-07 18:00"))
    assert back == "2026-12-28T23:59"
    assert moved_until(meeting("2026-12-01T18:00", "week"), utc("2026-12-08 18:00"),
                       utc("2026-12-10 18:00")) is None  # fmt: skip
