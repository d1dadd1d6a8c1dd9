"""A meeting as an iCalendar file: TZID and VTIMEZONE, RRULE for a series, stable UID. Pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from bot.core.timeparse import zone
from cogs.meetings._series import rule_text
from storage.meetings import Meeting


def uid(meeting: Meeting) -> str:
    """Stable across moves, so a calendar replaces the event instead of adding another."""
    return f"meeting-{meeting.id}-{meeting.group_id}@coproduction-bot"


def ics(meeting: Meeting, now: datetime, skipped: tuple[datetime, ...] = ()) -> bytes:
    """The calendar file for a meeting or series."""
    tz = zone(meeting.zone)
    start = datetime.fromisoformat(meeting.starts_local).replace(tzinfo=tz)
    cal = Calendar()
    cal.add("prodid", "-//coproduction-bot//meetings//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", uid(meeting))
    event.add("summary", meeting.title)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.minutes))
    event.add("dtstamp", now)
    event.add("sequence", meeting.sequence)
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.every:
        rule = vRecur.from_ical(rule_text(meeting))
        if meeting.until_local:
            # RFC 5545: beside a zoned DTSTART, UNTIL is UTC (the end of its last day there).
            until = datetime.fromisoformat(meeting.until_local).replace(tzinfo=tz)
            rule["UNTIL"] = [until.astimezone(UTC)]
        event.add("rrule", rule)
        for when in sorted(skipped):
            event.add("exdate", when.astimezone(tz))
    if meeting.cancelled_at:
        event.add("status", "CANCELLED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
