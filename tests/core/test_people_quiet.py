"""Quiet hours end at the right UTC instant: on the exact minute, and across a clock change.

Every expected time below is worked out by hand from the UK's rules: Greenwich Mean Time
(UTC+0) in winter, British Summer Time (UTC+1) from 01:00 UTC on the last Sunday of March
(29 March 2026) to 01:00 UTC on the last Sunday of October (25 October 2026).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.people import quiet_end

LONDON = ZoneInfo("Europe/London")


def utc(text: str) -> datetime:
    """A UTC instant written '2026-10-24 21:30'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2026-11-30 20:59", None),  # a minute before the start: not quiet
        ("2026-11-30 21:00", "2026-12-01 08:00"),  # the start minute is quiet, until tomorrow
        ("2026-12-01 07:59", "2026-12-01 08:00"),  # after midnight: until this morning
        ("2026-12-01 08:00", None),  # the end minute is no longer quiet
    ],
)
def test_overnight_quiet_hours_start_and_end_on_the_minute(when: str, expected: str | None) -> None:
    """21:00-08:00 in London in winter (UTC+0): quiet from 21:00 exactly, over at 08:00."""
    end = quiet_end("21:00", "08:00", LONDON, utc(when))
    assert end == (utc(expected) if expected else None)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2026-11-30 12:59", None),
        ("2026-11-30 13:00", "2026-11-30 14:30"),
        ("2026-11-30 14:29", "2026-11-30 14:30"),
        ("2026-11-30 14:30", None),
    ],
)
def test_daytime_quiet_hours_start_and_end_on_the_minute(when: str, expected: str | None) -> None:
    """13:00-14:30 (not overnight): quiet from 13:00 exactly, over at 14:30, the same day."""
    end = quiet_end("13:00", "14:30", LONDON, utc(when))
    assert end == (utc(expected) if expected else None)


def test_quiet_hours_in_summer_are_an_hour_earlier_in_utc() -> None:
    """21:00-08:00 London in July (UTC+1): 21:30 BST is 20:30 UTC; 08:00 BST is 07:00 UTC."""
    assert quiet_end("21:00", "08:00", LONDON, utc("2026-07-06 20:30")) == utc("2026-07-07 07:00")
    assert quiet_end("21:00", "08:00", LONDON, utc("2026-07-06 19:59")) is None  # 20:59 BST


def test_the_night_the_clocks_go_back_ends_at_08_00_gmt() -> None:
    """Sat 24 Oct 21:30 UTC is 22:30 BST; the quiet time ends Sun 08:00 GMT, 08:00 UTC.

    With the evening's offset (UTC+1) kept it would end at 07:00 UTC, an hour early.
    """
    assert quiet_end("21:00", "08:00", LONDON, utc("2026-10-24 21:30")) == utc("2026-10-25 08:00")
    # 00:30 UTC is 01:30 BST, before the change at 01:00 UTC: still the same end.
    assert quiet_end("21:00", "08:00", LONDON, utc("2026-10-25 00:30")) == utc("2026-10-25 08:00")


def test_the_night_the_clocks_go_forward_ends_at_08_00_bst() -> None:
    """Sat 28 Mar 22:00 UTC is 22:00 GMT; the quiet time ends Sun 08:00 BST, 07:00 UTC.

    With the evening's offset (UTC+0) kept it would end at 08:00 UTC, an hour late.
    """
    assert quiet_end("21:00", "08:00", LONDON, utc("2026-03-28 22:00")) == utc("2026-03-29 07:00")


def test_an_end_in_the_repeated_hour_is_never_in_the_past() -> None:
    """00:30-01:30 on 25 October: the hour 01:00-02:00 comes twice.

    At 00:15 UTC (01:15 BST, first time round) it ends at 01:30 BST, 00:30 UTC. At 01:15 UTC
    (01:15 GMT, second time round) it is quiet again and ends at 01:30 GMT, 01:30 UTC; the
    first 01:30 (00:30 UTC) has already gone by.
    """
    assert quiet_end("00:30", "01:30", LONDON, utc("2026-10-25 00:15")) == utc("2026-10-25 00:30")
    assert quiet_end("00:30", "01:30", LONDON, utc("2026-10-25 01:15")) == utc("2026-10-25 01:30")
