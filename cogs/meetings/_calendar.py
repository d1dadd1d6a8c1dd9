"""The group's meetings: adding, answering, moving and calling off, and each one's message."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.commands import matching
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import _, ngettext
from bot.core.limits import TITLE
from bot.core.model import File, Reply
from bot.core.services import Services
from bot.core.timeparse import parse_when, stamp
from cogs.meetings._ics import ics
from cogs.meetings._keys import MeetingKey
from cogs.meetings._parsing import (
    midnight,
    read_answer,
    read_day,
    read_every,
    read_length,
    within_reach,
)
from cogs.meetings._render import ANSWERED, LATER_SHOWN, meeting_message
from cogs.meetings._schedule import (
    local_text,
    moved_until,
    next_start,
    occurrence_key,
    starts,
    upcoming,
)
from cogs.meetings._series import keeps_its_day, on_its_day
from cogs.meetings._settings import SHOW_NAMES
from cogs.meetings._timers import MeetingTimers
from storage.meetings import Meeting, MeetingRepository
from storage.meetings_plans import PlanRepository


class MeetingCalendar:
    """Meetings and series: finding one, its living message and calendar file, its commands."""

    def __init__(
        self,
        services: Services,
        meetings: MeetingRepository,
        plans: PlanRepository,
        timers: MeetingTimers,
    ) -> None:
        self.services = services
        self.db = services.db
        self.meetings = meetings
        self.plans = plans
        self.timers = timers
        services.posting.living(MeetingKey.PREFIX, self.living_message)

    # -- lookups ------------------------------------------------------------------------

    async def meeting(self, ctx: Context, meeting_id: int) -> Meeting:
        """The group's meeting, or a UserError saying what to type (a plan's number too)."""
        meeting = await self.meetings.get(meeting_id)
        if meeting is None or meeting.group_id != ctx.group.id:
            plan = await self.plans.get(meeting_id)
            if plan and plan.group_id == ctx.group.id and plan.meeting_id is None:
                raise UserError(
                    _(
                        "There is no meeting {meeting_id} here, but plan {meeting_id} is "
                        "still finding a time: type `!meeting times {meeting_id}` to see "
                        "it.",
                        meeting_id=meeting_id,
                    )
                )
            raise UserError(
                _(
                    "There is no meeting {meeting_id} here. Type `!meeting list`.",
                    meeting_id=meeting_id,
                )
            )
        return meeting

    async def next(self, meeting: Meeting, now: datetime) -> datetime | None:
        """The next occurrence after `now` that is not called off; None if over or cancelled."""
        if meeting.cancelled_at:
            return None
        return next_start(meeting, now, await self.meetings.skips(meeting.id))

    async def living(self, meeting_id: int) -> Reply:
        """A meeting's message as it stands: next date, answers, the dates after."""
        meeting = await self.meetings.get(meeting_id)
        assert meeting is not None
        start = await self.next(meeting, self.services.clock.now())
        rsvps = await self.meetings.rsvps(meeting_id, occurrence_key(start)) if start else []
        group = await self.services.members.group(meeting.group_id)
        names = await self.services.members.names(meeting.group_id)
        skipped = await self.meetings.skips(meeting_id)
        later = upcoming(meeting, start, skipped, LATER_SHOWN) if start and meeting.every else []
        return meeting_message(
            meeting, start, rsvps, names, named=group.settings[SHOW_NAMES], later=later
        )

    async def living_message(self, group_id: str, key: str) -> Reply | None:
        """A meeting's message as stored now (for its redraws); None if it is not here."""
        meeting = await self.meetings.get(MeetingKey.parse(key).meeting_id)
        if meeting is None or meeting.group_id != group_id:
            return None
        return await self.living(meeting.id)

    async def file(self, meeting: Meeting) -> File:
        """The meeting's calendar file (a series repeats; dates called off are left out)."""
        skipped = await self.meetings.skips(meeting.id)
        gone = tuple(s for s in starts(meeting) if occurrence_key(s) in skipped) if skipped else ()
        data = ics(meeting, self.services.clock.now(), gone)
        return File(f"meeting-{meeting.id}.ics", data, "text/calendar")

    async def choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """This group's meetings not called off, newest first, matching what is typed."""
        meetings = reversed(await self.meetings.in_group(ctx.group.id))
        shown = ((f"{m.id}: {m.title}", str(m.id)) for m in meetings if not m.cancelled_at)
        return matching(shown, typed)

    # -- commands -----------------------------------------------------------------------

    async def add(
        self,
        ctx: Context,
        title: str,
        when: str,
        length: str,
        where: str | None,
        every: str | None,
        until: str | None,
    ) -> Reply:
        """Post a meeting (or a series), with its calendar file."""
        tz = ctx.settings.timezone
        now = ctx.now()
        start = within_reach(parse_when(when, tz, now), now)
        minutes = read_length(length)
        repeat, by_day = read_every(every) if every else ("", None)
        start = on_its_day(start, by_day, tz)  # a weekday-of-the-month series: its first day
        until_local = None
        if until:
            if not repeat:
                raise UserError(_("--until is for a series; add e.g. `--every week`."))
            day = read_day(until, "--until", tz, now)
            within_reach(midnight(day, tz), now)
            last = day.isoformat()
            if last < local_text(start, tz)[:10]:
                raise UserError(_("--until is before the first meeting; give a later date."))
            until_local = last + "T23:59"
        if not title.strip():
            raise UserError(_("A meeting's title is 1 to {most} characters.", most=TITLE))
        async with self.db.transaction() as tx:
            meeting_id = await self.meetings.create(
                tx, group_id=ctx.group.id, channel_id=ctx.channel_id, title=title.strip(),
                starts_local=local_text(start, tz), zone=tz, minutes=minutes,
                place=(where or "").strip() or None, every=repeat, until_local=until_local, now=now,
                created_by=ctx.user.id,
                by_day=by_day,
            )  # fmt: skip
            meeting = await self.meetings.get(meeting_id, tx)
            assert meeting is not None
            await self.timers.arm(tx, meeting, start, now)
        await self.timers.native(meeting, start)
        message = await self.living(meeting_id)
        return Reply(
            title=message.title, fields=message.fields, actions=message.actions,
            key=MeetingKey(meeting_id).encode(), files=(await self.file(meeting),),
        )  # fmt: skip

    async def listed(self, ctx: Context) -> Reply:
        """The meetings coming up, and the plans still finding a time."""
        lines = []
        for meeting in await self.meetings.in_group(ctx.group.id):
            start = await self.next(meeting, ctx.now())
            if start:
                rsvps = await self.meetings.rsvps(meeting.id, occurrence_key(start))
                going = sum(r.answer == "going" for r in rsvps)
                lines.append(
                    _(
                        "**{id}**: {title}, {when} ({going} going)",
                        id=meeting.id,
                        title=meeting.title,
                        when=stamp(start),
                        going=going,
                    )
                )
        plans = [
            ngettext(
                "**Plan {id}**: {title}, {n} time offered{closes} (`!meeting times {id}`)",
                "**Plan {id}**: {title}, {n} times offered{closes} (`!meeting times {id}`)",
                len(p.slots),
                id=p.id,
                title=p.title,
                closes=_(", closes {when}", when=stamp(p.closes_at)) if p.closes_at else "",
            )
            for p in await self.plans.open_in_group(ctx.group.id)
        ]
        if plans:
            lines += ["", _("Finding a time:"), *plans] if lines else [_("Finding a time:"), *plans]
        if not lines:
            return Reply(
                _(
                    "No meetings are coming up and no time is being found. A facilitator adds a "
                    "meeting with `!meeting add`, or asks which time suits with `!meeting plan`."
                )
            )
        return Reply("\n".join(lines), title=_("Coming up"))

    async def rsvp(self, ctx: Context, id: int, answer: str) -> Reply:
        """Answer the next occurrence: going, maybe or no."""
        meeting = await self.meeting(ctx, id)
        chosen = read_answer(answer)
        start = await self.next(meeting, ctx.now())
        if start is None:
            raise UserError(_("Meeting {id} is cancelled or over, so it takes no answers.", id=id))
        async with self.db.transaction() as tx:
            await self.meetings.answer(
                tx, id, occurrence_key(start), ctx.user.id, chosen, ctx.now()
            )
        await self.services.posting.refresh(ctx.group.id, MeetingKey(id).encode())
        return Reply(_(ANSWERED[chosen], title=meeting.title, when=stamp(start)), private=True)

    async def move(self, ctx: Context, id: int, when: str) -> Reply:
        """Move a meeting (a series: from its next date on); those coming are told."""
        meeting = await self.meeting(ctx, id)
        old = await self.next(meeting, ctx.now())
        if old is None:
            raise UserError(_("Meeting {id} is cancelled or over; add a new one instead.", id=id))
        typed = within_reach(parse_when(when, meeting.zone, ctx.now()), ctx.now())
        new = keeps_its_day(meeting, typed)
        until, ends = moved_until(meeting, old, new), ""
        if until and until != meeting.until_local:
            within_reach(datetime.fromisoformat(until).replace(tzinfo=UTC), ctx.now())
            ends = _(" Its last date moves with it, to {until}.", until=until[:10])
        async with self.db.transaction() as tx:
            await self.timers.disarm(tx, meeting, old)
            await self.meetings.move(tx, id, local_text(new, meeting.zone), until)
            await self.meetings.carry(tx, id, occurrence_key(old), occurrence_key(new))
            moved = await self.meetings.get(id, tx)
            assert moved is not None
            await self.timers.arm(tx, moved, new, ctx.now())
        await self.timers.native(moved, new)

        async def note() -> Reply:  # in each reader's language
            return Reply(
                _("{title} has moved from {old} to {new}.", title=meeting.title, old=stamp(old),
                  new=stamp(new)),
                title=_("Meeting moved"), files=(await self.file(moved),),
            )  # fmt: skip

        await self.timers.tell(moved, new, note, "moved")
        await self.services.posting.refresh(ctx.group.id, MeetingKey(id).encode())
        return Reply(
            _(
                "Meeting {id} now starts {when}; those coming have been told.{ends}",
                id=id,
                when=stamp(new),
                ends=ends,
            )
        )

    async def cancel(self, ctx: Context, id: int, reason: str | None, next_only: bool) -> Reply:
        """Call off a meeting, a series, or a series' next date; those coming are told."""
        meeting = await self.meeting(ctx, id)
        start = await self.next(meeting, ctx.now())
        if start is None:
            raise UserError(_("Meeting {id} is already cancelled or over.", id=id))
        following = None
        async with self.db.transaction() as tx:
            await self.timers.disarm(tx, meeting, start)
            if next_only and meeting.every:
                await self.meetings.skip(tx, id, occurrence_key(start))
                skipped = await self.meetings.skips(id) | {occurrence_key(start)}
                following = next_start(meeting, start, skipped)
                if following:
                    await self.timers.arm(tx, meeting, following, ctx.now())
            else:
                await self.meetings.cancel(tx, id, ctx.now())
        if next_only and meeting.every:
            await self.timers.native(meeting, following)
        else:
            await self.timers.native(meeting, start, cancelled=True)
        called_off = bool(next_only and meeting.every)
        changed = await self.meetings.get(id)  # its calendar file, SEQUENCE bumped
        assert changed is not None

        async def note() -> Reply:  # in each reader's language
            why = _(" Reason: {reason}", reason=reason.strip()) if reason and reason.strip() else ""
            told = (
                _("{title} on {when} is called off.{why}", title=meeting.title, when=stamp(start),
                  why=why)
                if called_off
                else _("{title} on {when} is cancelled.{why}", title=meeting.title,
                       when=stamp(start), why=why)
            )  # fmt: skip
            return Reply(told, title=_("Meeting cancelled"), files=(await self.file(changed),))

        await self.timers.tell(meeting, start, note, "cancelled")
        await self.services.posting.refresh(ctx.group.id, MeetingKey(id).encode())
        if called_off:
            return Reply(
                _("Meeting {id} on {when} is called off; those coming have been told.", id=id,
                  when=stamp(start))
            )  # fmt: skip
        return Reply(
            _("Meeting {id} on {when} is cancelled; those coming have been told.", id=id,
              when=stamp(start))
        )  # fmt: skip

    async def ics(self, meeting: Meeting) -> Reply:
        """The meeting's calendar file, sent privately."""
        return Reply(
            _("Open the file to add {title} to your calendar.", title=meeting.title),
            files=(await self.file(meeting),), private=True,
        )  # fmt: skip
