"""Who came to a meeting: a facilitator's record, "Who came?" picks, and marking yourself."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import _
from bot.core.members import find_member
from bot.core.model import Reply
from bot.core.services import Services
from bot.core.timeparse import stamp
from cogs.meetings._calendar import MeetingCalendar
from cogs.meetings._parsing import read_occurrence, read_picks
from cogs.meetings._render import counted_hours
from cogs.meetings._schedule import find, occurrence_key, starts
from cogs.meetings._settings import SHOW_NAMES
from cogs.meetings._timers import MeetingTimers
from storage.meetings import Meeting, MeetingRepository

SELF_MARK_WINDOW = timedelta(days=1)


class Attendance:
    """Recording who came: confirmed hours for each, or a mark a facilitator confirms."""

    def __init__(
        self,
        services: Services,
        meetings: MeetingRepository,
        calendar: MeetingCalendar,
        timers: MeetingTimers,
    ) -> None:
        self.services = services
        self.db = services.db
        self.meetings = meetings
        self.calendar = calendar
        self.timers = timers

    async def _last_started(self, meeting: Meeting, now: datetime) -> datetime | None:
        """The latest occurrence that has begun (and was not called off)."""
        skipped = await self.meetings.skips(meeting.id)
        found = None
        for start in starts(meeting):
            if start > now:
                break
            if occurrence_key(start) not in skipped:
                found = start
        return found

    async def _attend(
        self, ctx: Context, meeting: Meeting, start: datetime, user_ids: list[str], state: str
    ) -> None:
        """Attendance for everyone named, in one transaction: all recorded or none."""
        sides = {
            u: (await self.services.people.profile(ctx.group.id, u)).constituency for u in user_ids
        }
        async with self.db.transaction() as tx:
            for user_id in user_ids:
                await self.meetings.log(
                    tx, group_id=ctx.group.id, user_id=user_id, constituency=sides[user_id],
                    minutes=meeting.minutes, what=_("attended {title}", title=meeting.title),
                    state=state,
                    worked_at=start, meeting_id=meeting.id, occurrence=occurrence_key(start),
                )  # fmt: skip

    async def _confirmed(
        self, ctx: Context, meeting: Meeting, start: datetime, user_ids: list[str]
    ) -> Reply:
        """A facilitator's record of who came: confirmed hours (once per person and date)."""
        await self._attend(ctx, meeting, start, user_ids, "confirmed")
        names = await self.services.members.names(ctx.group.id)
        shown = ", ".join(names.get(u, u) for u in dict.fromkeys(user_ids))
        said = _(
            "Recorded at {title} on {when}: {shown} ({hours} each, confirmed).",
            title=meeting.title,
            when=stamp(start),
            shown=shown,
            hours=counted_hours(meeting.minutes),
        )
        return Reply(said, private=not ctx.settings[SHOW_NAMES])

    async def attended(self, ctx: Context, id: int, people: tuple[str, ...]) -> Reply:
        """Record who came to the latest occurrence (confirmed hours for each)."""
        meeting = await self.calendar.meeting(ctx, id)
        start = await self._last_started(meeting, ctx.now())
        if start is None or (meeting.cancelled_at and meeting.cancelled_at < start):
            raise UserError(
                _("Meeting {id} has not taken place yet; record attendance after it.", id=id)
            )
        members = await self.services.members.list(ctx.group.id)
        found = []
        for typed in people:
            member = find_member(typed, members)
            if member is None:
                raise UserError(
                    _("{typed!r} is not a member here; name people as @name.", typed=typed)
                )
            found.append(member)
        return await self._confirmed(ctx, meeting, start, [m.user_id for m in found])

    async def came(
        self, ctx: Context, id: int, occurrence: str, picks: str, of: int | None
    ) -> Reply:
        """Record who came by their numbers in "Who came?" (what its menu sends)."""
        meeting = await self.calendar.meeting(ctx, id)
        at = read_occurrence(occurrence)
        start = None
        if at is not None and at <= ctx.now():  # `find` stops at the first start past `at`
            key = occurrence_key(at)
            start = None if key in await self.meetings.skips(id) else find(meeting, key)
        if start is None or (meeting.cancelled_at and meeting.cancelled_at < start):
            raise UserError(
                _(
                    "Meeting {id} has no date {strip!r} that took place; type "
                    "`!meeting attended {id} @name @name` for its latest date.",
                    id=id,
                    strip=occurrence.strip(),
                )
            )
        coming = await self.timers.coming(id, occurrence_key(start))
        if not coming:
            raise UserError(
                _(
                    "Nobody said going or maybe to that date, so there is no list to "
                    "pick from; type `!meeting attended {id} @name @name`.",
                    id=id,
                )
            )
        if of is not None and of != len(coming):
            raise UserError(
                _(
                    "The list has changed since it was asked (someone on it asked to "
                    "be forgotten), so its numbers no longer match: type `!meeting "
                    "attended {id} @name @name`.",
                    id=id,
                )
            )
        chosen = [coming[n - 1] for n in read_picks(picks, len(coming))]
        return await self._confirmed(ctx, meeting, start, chosen)

    async def here(self, ctx: Context, id: int) -> Reply:
        """Mark yourself present, during a meeting or up to a day after (a facilitator confirms)."""
        meeting = await self.calendar.meeting(ctx, id)
        start = await self._last_started(meeting, ctx.now())
        late = start and ctx.now() > start + timedelta(minutes=meeting.minutes) + SELF_MARK_WINDOW
        if start is None or late or meeting.cancelled_at:
            raise UserError(
                _(
                    "You can mark yourself at meeting {id} only during it or up to a "
                    "day after; ask a facilitator to record you with `!meeting "
                    "attended`.",
                    id=id,
                )
            )
        await self._attend(ctx, meeting, start, [ctx.user.id], "pending")
        said = _("Marked: you were at {title}. A facilitator will confirm it.", title=meeting.title)
        return Reply(said, private=True)
