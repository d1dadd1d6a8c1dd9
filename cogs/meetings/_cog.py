"""The chat side of meetings: add, RSVP, move, cancel, calendar files, reminders, attendance."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, ClassVar

from bot.core.cog import Cog
from bot.core.commands import Arg, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _, ngettext
from bot.core.limits import LONG, TITLE
from bot.core.model import File, Reply, Role
from bot.core.services import Services
from bot.core.timeparse import parse_when, stamp
from cogs.meetings._contrib import ContribCommands
from cogs.meetings._ics import ics
from cogs.meetings._parsing import (
    midnight,
    read_answer,
    read_day,
    read_every,
    read_length,
    within_reach,
)
from cogs.meetings._people import MeetingRecords
from cogs.meetings._plans import PlanCommands
from cogs.meetings._render import (
    ANSWER_BUTTONS,
    ANSWERED,
    LATER_SHOWN,
    meeting_message,
)
from cogs.meetings._schedule import (
    local_text,
    moved_until,
    next_start,
    occurrence_key,
    starts,
    upcoming,
)
from cogs.meetings._series import keeps_its_day, on_its_day
from cogs.meetings._settings import SETTINGS, SHOW_NAMES, living_key
from storage.meetings import Meeting, MeetingRepository
from storage.meetings_plans import PlanRepository

MeetingId = Annotated[int, Arg("the meeting's number", min_value=1)]
MEETINGS = ContribCommands.meeting_choices  # the autocomplete hook for a meeting's number


class Meetings(PlanCommands, ContribCommands, MeetingRecords, Cog):
    """Meetings the group holds, who comes, and the time people give."""

    group_descriptions: ClassVar[Mapping[str, str]] = {
        "meeting": N_("Meetings the group holds: times, who is coming, who came."),
        "contrib": N_("Time people give the group: log it, and a facilitator confirms it."),
    }

    feature = "meetings"
    settings = SETTINGS
    tasks: ClassVar[Mapping[str, str]] = {
        "meeting": N_("Meet: find a time, answer, say who came"),
        "contrib": N_("Log the time you give"),
    }
    task_order: ClassVar[int] = 30

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.db = services.db
        self.meetings = MeetingRepository(services.db.reader)
        self.plans = PlanRepository(services.db.reader)
        services.posting.living("meeting", self._living_message)
        services.posting.living("meeting-plan", self._plan_living_message)

    # -- lookups ------------------------------------------------------------------------

    async def _meeting(self, ctx: Context, meeting_id: int) -> Meeting:
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

    async def _next(self, meeting: Meeting, now: datetime) -> datetime | None:
        if meeting.cancelled_at:
            return None
        return next_start(meeting, now, await self.meetings.skips(meeting.id))

    async def _living(self, meeting_id: int) -> Reply:
        meeting = await self.meetings.get(meeting_id)
        assert meeting is not None
        start = await self._next(meeting, self.services.clock.now())
        rsvps = await self.meetings.rsvps(meeting_id, occurrence_key(start)) if start else []
        group = await self.services.members.group(meeting.group_id)
        names = await self._names(meeting.group_id)
        skipped = await self.meetings.skips(meeting_id)
        later = upcoming(meeting, start, skipped, LATER_SHOWN) if start and meeting.every else []
        return meeting_message(
            meeting, start, rsvps, names, named=group.settings[SHOW_NAMES], later=later
        )

    async def _living_message(self, group_id: str, key: str) -> Reply | None:
        """A meeting's message as stored now (for its redraws); None if it is not here."""
        meeting = await self.meetings.get(int(key.partition(":")[2]))
        if meeting is None or meeting.group_id != group_id:
            return None
        return await self._living(meeting.id)

    async def _plan_living_message(self, group_id: str, key: str) -> Reply | None:
        """A find-a-time plan's message as stored now; None if it is not here."""
        plan = await self.plans.get(int(key.partition(":")[2]))
        if plan is None or plan.group_id != group_id:
            return None
        return await self._plan_message(plan)

    async def _file(self, meeting: Meeting) -> File:
        skipped = await self.meetings.skips(meeting.id)
        gone = tuple(s for s in starts(meeting) if occurrence_key(s) in skipped) if skipped else ()
        data = ics(meeting, self.services.clock.now(), gone)
        return File(f"meeting-{meeting.id}.ics", data, "text/calendar")

    # -- commands -----------------------------------------------------------------------

    @command("meeting add", role=Role.FACILITATOR)
    async def add(
        self,
        ctx: Context,
        title: Annotated[str, Arg("what the meeting is", max_length=TITLE)],
        when: Annotated[str, Arg("when it starts, e.g. 'tuesday 18:00'")],
        *,
        length: Annotated[str, Arg("how long, e.g. 90m or 2h", 0, 0, "LENGTH")] = "60m",
        where: Annotated[str | None, Arg("a room or a link", 0, 0, "PLACE")] = None,
        every: Annotated[str | None, Arg("week, 2 weeks or month", 0, 0, "HOW_OFTEN")] = None,
        until: Annotated[str | None, Arg("the last day of a series", 0, 0, "DATE")] = None,
    ) -> Reply:
        """Post a meeting (or a series) people can answer Going / Maybe / Can't."""
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
            await self._arm(tx, meeting, start, now)
        await self._native(meeting, start)
        message = await self._living(meeting_id)
        return Reply(
            title=message.title, fields=message.fields, actions=message.actions,
            key=living_key(meeting_id), files=(await self._file(meeting),),
        )  # fmt: skip

    @command("meeting list")
    async def list_meetings(self, ctx: Context) -> Reply:
        """The meetings coming up, and the plans still finding a time."""
        lines = []
        for meeting in await self.meetings.in_group(ctx.group.id):
            start = await self._next(meeting, ctx.now())
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

    @command("meeting show", autocomplete={"id": MEETINGS})
    async def show(self, ctx: Context, id: MeetingId) -> Reply:
        """A meeting's next date, place and answers."""
        await self._meeting(ctx, id)
        return await self._living(id)

    @command("meeting rsvp", autocomplete={"id": MEETINGS})
    async def rsvp(
        self,
        ctx: Context,
        id: MeetingId,
        answer: Annotated[
            str,
            Arg("going, maybe or no", offered=("going", "maybe", "no"), said=ANSWER_BUTTONS),
        ],
    ) -> Reply:
        """Say whether you are coming to the next occurrence."""
        meeting = await self._meeting(ctx, id)
        chosen = read_answer(answer)
        start = await self._next(meeting, ctx.now())
        if start is None:
            raise UserError(_("Meeting {id} is cancelled or over, so it takes no answers.", id=id))
        async with self.db.transaction() as tx:
            await self.meetings.answer(
                tx, id, occurrence_key(start), ctx.user.id, chosen, ctx.now()
            )
        await self.services.posting.refresh(ctx.group.id, living_key(id))
        return Reply(_(ANSWERED[chosen], title=meeting.title, when=stamp(start)), private=True)

    @command("meeting move", role=Role.FACILITATOR, autocomplete={"id": MEETINGS})
    async def move(
        self, ctx: Context, id: MeetingId, when: Annotated[str, Arg("the new start")]
    ) -> Reply:
        """Move a meeting (a series: from its next date on); those coming are told."""
        meeting = await self._meeting(ctx, id)
        old = await self._next(meeting, ctx.now())
        if old is None:
            raise UserError(_("Meeting {id} is cancelled or over; add a new one instead.", id=id))
        typed = within_reach(parse_when(when, meeting.zone, ctx.now()), ctx.now())
        new = keeps_its_day(meeting, typed)
        until, ends = moved_until(meeting, old, new), ""
        if until and until != meeting.until_local:
            within_reach(datetime.fromisoformat(until).replace(tzinfo=UTC), ctx.now())
            ends = _(" Its last date moves with it, to {until}.", until=until[:10])
        async with self.db.transaction() as tx:
            await self._disarm(tx, meeting, old)
            await self.meetings.move(tx, id, local_text(new, meeting.zone), until)
            await self.meetings.carry(tx, id, occurrence_key(old), occurrence_key(new))
            moved = await self.meetings.get(id, tx)
            assert moved is not None
            await self._arm(tx, moved, new, ctx.now())
        await self._native(moved, new)

        async def note() -> Reply:  # in each reader's language
            return Reply(
                _("{title} has moved from {old} to {new}.", title=meeting.title, old=stamp(old),
                  new=stamp(new)),
                title=_("Meeting moved"), files=(await self._file(moved),),
            )  # fmt: skip

        await self._tell(moved, new, note, "moved")
        await self.services.posting.refresh(ctx.group.id, living_key(id))
        return Reply(
            _(
                "Meeting {id} now starts {when}; those coming have been told.{ends}",
                id=id,
                when=stamp(new),
                ends=ends,
            )
        )

    @command(
        "meeting cancel",
        role=Role.FACILITATOR,
        autocomplete={"id": MEETINGS},
    )
    async def cancel(
        self,
        ctx: Context,
        id: MeetingId,
        *,
        reason: Annotated[
            str | None, Arg("why, told to those coming", 0, 0, "TEXT", max_length=LONG)
        ] = None,
        next_only: Annotated[bool, Arg("a series: call off only its next date")] = False,
    ) -> Reply:
        """Call off a meeting, a series, or a series' next date; those coming are told."""
        meeting = await self._meeting(ctx, id)
        start = await self._next(meeting, ctx.now())
        if start is None:
            raise UserError(_("Meeting {id} is already cancelled or over.", id=id))
        following = None
        async with self.db.transaction() as tx:
            await self._disarm(tx, meeting, start)
            if next_only and meeting.every:
                await self.meetings.skip(tx, id, occurrence_key(start))
                skipped = await self.meetings.skips(id) | {occurrence_key(start)}
                following = next_start(meeting, start, skipped)
                if following:
                    await self._arm(tx, meeting, following, ctx.now())
            else:
                await self.meetings.cancel(tx, id, ctx.now())
        if next_only and meeting.every:
            await self._native(meeting, following)
        else:
            await self._native(meeting, start, cancelled=True)
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
            return Reply(told, title=_("Meeting cancelled"), files=(await self._file(changed),))

        await self._tell(meeting, start, note, "cancelled")
        await self.services.posting.refresh(ctx.group.id, living_key(id))
        if called_off:
            return Reply(
                _("Meeting {id} on {when} is called off; those coming have been told.", id=id,
                  when=stamp(start))
            )  # fmt: skip
        return Reply(
            _("Meeting {id} on {when} is cancelled; those coming have been told.", id=id,
              when=stamp(start))
        )  # fmt: skip

    @command("meeting ics", autocomplete={"id": MEETINGS})
    async def calendar(self, ctx: Context, id: MeetingId) -> Reply:
        """A calendar file for the meeting (a series repeats in your calendar)."""
        meeting = await self._meeting(ctx, id)
        return Reply(
            _("Open the file to add {title} to your calendar.", title=meeting.title),
            files=(await self._file(meeting),), private=True,
        )  # fmt: skip
