"""What meetings contribute to the weekly digest: meetings coming up, time waiting, who acted."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.digest_slots import DigestSlot
from bot.core.i18n import _
from bot.core.parts import Activity, DigestSection
from bot.core.timeparse import stamp
from cogs.meetings._calendar import MeetingCalendar
from cogs.meetings._render import digest_lines
from cogs.meetings._schedule import occurrence_key
from storage.meetings import MeetingRepository
from storage.meetings_plans import PlanRepository


async def sections(
    calendar: MeetingCalendar, group_id: str, since: datetime, until: datetime
) -> list[DigestSection]:
    """Upcoming meetings with RSVP counts, and entries waiting for a facilitator."""
    meetings = calendar.meetings
    lines = []
    for meeting in await meetings.in_group(group_id):
        start = await calendar.next(meeting, until)
        if start and start < until + timedelta(days=7):
            rsvps = await meetings.rsvps(meeting.id, occurrence_key(start))
            counts = {a: sum(r.answer == a for r in rsvps) for a in ("going", "maybe", "no")}
            lines.append(
                _(
                    "{title}, {when}: {going} going, {maybe} maybe, {no} can't",
                    title=meeting.title,
                    when=stamp(start),
                    going=counts["going"],
                    maybe=counts["maybe"],
                    no=counts["no"],
                )
            )
    entries = await meetings.entries(group_id, since, until)
    lines += digest_lines(entries, len(await meetings.waiting(group_id)))
    return [DigestSection(_("Meetings"), tuple(lines), order=DigestSlot.MEETING)] if lines else []


async def activity(
    meetings: MeetingRepository,
    plans: PlanRepository,
    group_id: str,
    since: datetime,
    until: datetime,
) -> list[Activity]:
    """Who answered, came, logged time or facilitated (set up a meeting or plan), and when.

    A facilitator who ran the week took part in it: without this, the digest listed them
    as gone quiet.
    """
    found = await meetings.answered_since(group_id, since, until)
    worked = await meetings.worked_since(group_id, since, until)
    set_up = await meetings.set_up_since(group_id, since, until)
    planned = await plans.activity_since(group_id, since, until)
    return (
        [Activity(user_id, at, "answered a meeting") for user_id, at in found]
        + [
            Activity(user_id, at, "came to a meeting" if came else "logged time")
            for user_id, at, came in worked
        ]
        + [Activity(user_id, at, "set up a meeting") for user_id, at in set_up]
        + [
            Activity(user_id, at, "set up a plan" if made else "answered a plan")
            for user_id, at, made in planned
        ]
    )
