"""A monthly series that keeps to a weekday ("the first Tuesday of every month"). Pure.

Its rule is the iCalendar BYDAY with BYSETPOS (bot.core.timeparse.Repeat); its first date is
the first day on that rule, and a move keeps it to such a day.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.errors import UserError
from bot.core.i18n import _
from bot.core.timeparse import Repeat, zone
from cogs.meetings._schedule import RRULE_TEXT
from storage.meetings import Meeting


def rule_text(meeting: Meeting) -> str:
    """The series' iCalendar RRULE: a weekday of the month adds BYDAY and BYSETPOS."""
    if meeting.by_day:
        return Repeat.from_by_day(meeting.by_day).rrule
    return RRULE_TEXT[meeting.every]


def on_its_day(start: datetime, by_day: str | None, tz_name: str) -> datetime:
    """A monthly-weekday series' first date: `start`'s time on the first day on its rule."""
    if by_day is None:
        return start
    tz = zone(tz_name)
    local = start.astimezone(tz)
    day = Repeat.from_by_day(by_day).on_or_after(local.date())
    return datetime.combine(day, local.time(), tzinfo=tz).astimezone(UTC)


def keeps_its_day(meeting: Meeting, new: datetime) -> datetime:
    """`new`, if a weekday-of-the-month series may move there (a day on its rule)."""
    if on_its_day(new, meeting.by_day, meeting.zone) != new:
        assert meeting.by_day is not None
        raise UserError(
            _(
                "Meeting {meeting_id} meets on {describe}; move it to one of those "
                "days, or cancel it and add the series again.",
                meeting_id=meeting.id,
                describe=Repeat.from_by_day(meeting.by_day).describe(),
            )
        )
    return new
