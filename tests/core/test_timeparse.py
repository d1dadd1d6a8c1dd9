"""Typed times are read in the group's zone and stored as UTC; shown per reader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.errors import UserError
from bot.core.timeparse import (
    DAY_TIME,
    describe,
    parse_duration,
    parse_when,
    render_stamps,
    stamp,
    zone_name,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("friday 17:00", "Europe/London", datetime(2026, 12, 4, 17, 0, tzinfo=UTC)),
        ("friday 17:00", "America/New_York", datetime(2026, 12, 4, 22, 0, tzinfo=UTC)),
        ("friday 5pm", "Asia/Kolkata", datetime(2026, 12, 4, 11, 30, tzinfo=UTC)),
        ("in 3 days", "Europe/London", datetime(2026, 12, 3, 9, 0, tzinfo=UTC)),
        ("2026-12-24 18:30", "Europe/Berlin", datetime(2026, 12, 24, 17, 30, tzinfo=UTC)),
        ("tomorrow 17:00", "Europe/London", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
        ("4 dec 9am", "Europe/London", datetime(2026, 12, 4, 9, 0, tzinfo=UTC)),
        ("noon friday", "Europe/London", datetime(2026, 12, 4, 12, 0, tzinfo=UTC)),
        ("29 feb 2028 10:00", "UTC", datetime(2028, 2, 29, 10, 0, tzinfo=UTC)),
        ("in 2 hours", "Europe/London", NOW + timedelta(hours=2)),
    ],
)
def test_times_are_read_in_the_group_zone(text: str, zone: str, expected: datetime) -> None:
    """The same words mean the local time of the group's zone, stored in UTC."""
    assert parse_when(text, zone, NOW, day_time=DAY_TIME) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday 10:00", "already passed"),
        ("not a date", "can't read"),
        ("", "Give a time"),
        ("   ", "Give a time"),
        ("31 feb", "does not exist"),
        ("31 feb 17:00", "does not exist"),
        ("1", "can't read"),
        ("-1", "can't read"),
        ("1e9", "can't read"),
        ("tomorrow 25:00", "not a time of day"),
        ("friday", "no time of day"),
        ("4 dec 13pm", "not a time of day"),
        ("29 feb 17:00", "more than a year away"),
        ("x" * 100_000, "can't read"),
    ],
)
def test_bad_or_past_times_are_refused(text: str, message: str) -> None:
    """A time in the past or words that are not a time get a message with examples."""
    with pytest.raises(UserError) as err:
        parse_when(text, "Europe/London", NOW)
    assert message in err.value.message and "friday 17:00" in err.value.message


def test_stamps_render_in_the_zone_for_text_platforms() -> None:
    """Discord-style time markup becomes local time and a relative phrase."""
    when = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    text = f"closes {stamp(when)} ({stamp(when, 'R')})"
    assert (
        render_stamps(text, "Europe/Paris", NOW)
        == "closes Fri 04 Dec 2026, 18:00 CET (UTC+1) (in 4 days)"
    )


def test_durations() -> None:
    """The shell's :wait reads lengths as every command does, and refuses anything else."""
    assert parse_duration("1d12h") == timedelta(days=1, hours=12)
    assert parse_duration("90m") == timedelta(minutes=90)
    assert parse_duration("2 weeks") == timedelta(weeks=2)
    with pytest.raises(UserError):
        parse_duration("soon")


def test_offsets_with_half_hours_and_west_of_greenwich() -> None:
    """India shows UTC+5:30, New York in winter UTC-5, so readers can convert."""
    when = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    assert render_stamps(stamp(when), "Asia/Kolkata", NOW).endswith("IST (UTC+5:30)")
    assert render_stamps(stamp(when), "America/New_York", NOW).endswith("EST (UTC-5)")


def test_the_understood_time_is_said_in_the_group_zone() -> None:
    """The answer to a deadline names the day, time and zone the bot understood."""
    when = parse_when("friday 17:00", "Europe/London", NOW)
    assert describe(when, "Europe/London") == "Fri 04 Dec 2026, 17:00 Europe/London"


@pytest.mark.parametrize(
    "name", ["Factory", "posixrules", "posix/Europe/Paris", "Europe", "Mars/Base", "x" * 100_000]
)
def test_only_real_zones_are_accepted(name: str) -> None:
    """Names zoneinfo half-accepts (Factory, a folder, a path, a huge string) are refused."""
    with pytest.raises(UserError) as err:
        zone_name(name)
    assert "Europe/London" in err.value.message and len(err.value.message) < 300


def test_a_near_miss_gets_the_closest_zones_and_case_is_forgiven() -> None:
    """'Europe/Pari' suggests Europe/Paris; 'europe/paris' is accepted as Europe/Paris."""
    with pytest.raises(UserError) as err:
        zone_name("Europe/Pari")
    assert "Did you mean Europe/Paris" in err.value.message
    assert zone_name("europe/paris") == "Europe/Paris"
