"""Reading times of day and quiet hours as people type them, and whose zone a time is in."""

from __future__ import annotations

from datetime import time

import pytest

from bot.core.errors import UserError
from bot.core.people import read_clock, read_quiet_hours
from tests.harness import GROUP_ID, Harness

FORM = "write it like 21:00 or 9pm"
RANGE = "hours go 0-23, minutes 0-59"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12am", time(0, 0)),  # midnight
        ("1am", time(1, 0)),
        ("12pm", time(12, 0)),  # noon
        ("1pm", time(13, 0)),
        ("11pm", time(23, 0)),
        ("7.30am", time(7, 30)),
        ("23:59", time(23, 59)),
        ("0:00", time(0, 0)),
        ("23", time(23, 0)),
    ],
)
def test_times_of_day_as_typed(typed: str, expected: time) -> None:
    """24-hour and am/pm forms, with the 12 o'clocks the right way round."""
    assert read_clock(typed) == expected


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("0am", "'0am': with am/pm the hour is 1 to 12."),
        ("13pm", "'13pm': with am/pm the hour is 1 to 12."),
        ("24:00", f"'24:00' is not a time of day; {RANGE}."),
        ("23:60", f"'23:60' is not a time of day; {RANGE}."),
        ("noon", f"'noon' is not a time of day; {FORM}."),
    ],
)
def test_times_out_of_range_are_refused_saying_why(typed: str, said: str) -> None:
    """An hour or minute past its range, or words, are refused with what to write."""
    with pytest.raises(UserError) as refused:
        read_clock(typed)
    assert str(refused.value) == said


QUIET_FORM = (
    "is not a quiet time. Give a start and an end in your zone, "
    "e.g. `!me quiet 21:00-08:00`, or `!me quiet off`."
)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("-08:00", f"'-08:00' {QUIET_FORM}"),
        ("21:00-", f"'21:00-' {QUIET_FORM}"),
        ("21:00", f"'21:00' {QUIET_FORM}"),
        ("21:00-08:00-09:00", f"'08:00-09:00' is not a time of day; {FORM}."),
        ("9pm-21:00", "A quiet time needs a start and an end that differ, e.g. 21:00-08:00."),
    ],
)
def test_quiet_hours_refusals_say_the_form(typed: str, said: str) -> None:
    """A missing start or end, a second dash, or the same time twice: refused, with the form."""
    with pytest.raises(UserError) as refused:
        read_quiet_hours(typed)
    assert str(refused.value) == said


def test_quiet_hours_are_stored_in_24_hour_form() -> None:
    """'9pm-8am' is kept as 21:00 to 08:00."""
    assert read_quiet_hours("9pm-8am") == ("21:00", "08:00")


async def test_a_persons_zone_is_theirs_else_their_groups(harness: Harness) -> None:
    """Alice has no zone of her own: the group's Europe/Berlin; Bob's own Asia/Tokyo."""
    await harness.ok("olivia", "!settings set timezone Europe/Berlin")
    await harness.ok("bob", "!me timezone Asia/Tokyo")
    await harness.join("alice")
    assert await harness.bot.people.zone_of(GROUP_ID, "alice") == "Europe/Berlin"
    assert await harness.bot.people.zone_of(GROUP_ID, "bob") == "Asia/Tokyo"
