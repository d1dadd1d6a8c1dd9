"""A monthly series on a weekday of the month: "first tuesday of the month 18:00" can be said."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import islice

import pytest
from icalendar import Calendar

from bot.core.model import Role
from cogs.meetings._schedule import starts
from storage.meetings import Meeting
from tests.harness import START, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; alice takes part."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "fran")
    return harness


def stamp_of(year: int, month: int, day: int, hour: int) -> str:
    """The time markup for a UTC time, written out from its epoch seconds."""
    return f"<t:{int(datetime(year, month, day, hour, tzinfo=UTC).timestamp())}:F>"


async def test_first_tuesday_of_the_month_is_a_series(h: Harness) -> None:
    """`--every first tuesday of the month`: stored as BYDAY 1TU, said back, RRULE in the .ics."""
    reply = await h.ok(
        "fran", '!meeting add Forum "tuesday 18:00" --every "first tuesday of the month"'
    )
    assert h.rows("SELECT starts_local, every, by_day FROM meetings") == [
        ("2026-12-01T18:00", "month", "1TU")
    ]
    shown = {f.name: f.value for f in reply.fields}
    assert shown["Repeats"] == "the first Tuesday of every month"
    (event,) = Calendar.from_ical(reply.files[0].data).walk("VEVENT")
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1"


async def test_the_next_date_after_one_is_next_months_first_tuesday(h: Harness) -> None:
    """After Tue 1 Dec the series' next date is Tue 5 Jan 2027, not the 1st of January."""
    await h.ok("fran", '!meeting add Forum "tuesday 18:00" --every "first tuesday"')
    await h.wait(datetime(2026, 12, 2, 9, tzinfo=UTC) - START)
    listed = await h.ok("alice", "!meeting list")
    assert stamp_of(2027, 1, 5, 18) in listed.body


async def test_a_start_off_the_rule_moves_to_its_first_day(h: Harness) -> None:
    """A start on a Wednesday with "last friday" moves to Fri 25 Dec, the last of December."""
    await h.ok("fran", '!meeting add Social "wednesday 18:00" --every "last friday of the month"')
    assert h.rows("SELECT starts_local, by_day FROM meetings") == [("2026-12-25T18:00", "-1FR")]


async def test_a_move_off_the_rule_is_refused(h: Harness) -> None:
    """Moving a first-Tuesday series to a Wednesday is refused, saying the rule; nothing changes."""
    await h.ok("fran", '!meeting add Forum "tuesday 18:00" --every "first tuesday"')
    await h.refused(
        "fran", '!meeting move 1 "wednesday 18:00"', "meets on the first Tuesday of every month"
    )


def test_the_dates_of_a_last_friday_series() -> None:
    """From Fri 25 Dec 2026, 18:00 London: 29 Jan, 26 Feb, 26 Mar, then 30 Apr at 18:00 BST."""
    meeting = Meeting(
        1, "g", "c", "Social", "2026-12-25T18:00", "Europe/London", 60, None, "month", None,
        0, START, None, "-1FR",
    )  # fmt: skip
    assert list(islice(starts(meeting), 5)) == [
        datetime(2026, 12, 25, 18, tzinfo=UTC),
        datetime(2027, 1, 29, 18, tzinfo=UTC),
        datetime(2027, 2, 26, 18, tzinfo=UTC),
        datetime(2027, 3, 26, 18, tzinfo=UTC),
        datetime(2027, 4, 30, 17, tzinfo=UTC),  # 18:00 British Summer Time
    ]
