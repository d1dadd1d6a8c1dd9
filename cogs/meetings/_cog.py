"""The chat side of meetings: add, RSVP, move, cancel, calendar files, reminders, attendance."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any, ClassVar

import aiosqlite

from bot.core.cog import Cog
from bot.core.commands import Arg, command, job
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.limits import LONG, TITLE
from bot.core.model import File, Reply, Role, User
from bot.core.registry import Activity, DigestSection, Forgotten
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.timeparse import parse_when, stamp
from cogs.meetings._contrib import ContribCommands
from cogs.meetings._ics import ics
from cogs.meetings._parsing import (
    lead_label,
    read_answer,
    read_day,
    read_every,
    read_leads,
    read_length,
)
from cogs.meetings._plans import PlanCommands
from cogs.meetings._render import digest_lines, meeting_message, native_event, who_came
from cogs.meetings._schedule import find, local_text, next_start, occurrence_key, starts
from cogs.meetings._series import keeps_its_day, on_its_day
from cogs.meetings._settings import ENDED, REMIND, REMINDERS, SETTINGS, SHOW_NAMES, living_key
from storage.meetings import Meeting, MeetingRepository
from storage.meetings_plans import PlanRepository

MeetingId = Annotated[int, Arg("the meeting's number")]


class Meetings(PlanCommands, ContribCommands, Cog):
    """Meetings the group holds, who comes, and the time people give."""

    feature = "meetings"
    settings = SETTINGS
    tasks: ClassVar[Mapping[str, str]] = {
        "meeting": "Meet: find a time, answer, say who came",
        "contrib": "Log the time you give",
    }
    task_order: ClassVar[int] = 30

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.db = services.db
        self.meetings = MeetingRepository(services.db.reader)
        self.plans = PlanRepository(services.db.reader)

    # -- lookups ------------------------------------------------------------------------

    async def _meeting(self, ctx: Context, meeting_id: int) -> Meeting:
        meeting = await self.meetings.get(meeting_id)
        if meeting is None or meeting.group_id != ctx.group.id:
            raise UserError(f"There is no meeting {meeting_id} here. Type `!meeting list`.")
        return meeting

    async def _next(self, meeting: Meeting, now: datetime) -> datetime | None:
        if meeting.cancelled_at:
            return None
        return next_start(meeting, now, await self.meetings.skips(meeting.id))

    async def _names(self, group_id: str) -> dict[str, str]:
        return await self.services.members.names(group_id)

    async def _living(self, meeting_id: int) -> Reply:
        meeting = await self.meetings.get(meeting_id)
        assert meeting is not None
        start = await self._next(meeting, self.services.clock.now())
        rsvps = await self.meetings.rsvps(meeting_id, occurrence_key(start)) if start else []
        group = await self.services.members.group(meeting.group_id)
        names = await self._names(meeting.group_id)
        return meeting_message(meeting, start, rsvps, names, named=group.settings[SHOW_NAMES])

    async def _file(self, meeting: Meeting) -> File:
        skipped = await self.meetings.skips(meeting.id)
        gone = tuple(s for s in starts(meeting) if occurrence_key(s) in skipped) if skipped else ()
        data = ics(meeting, self.services.clock.now(), gone)
        return File(f"meeting-{meeting.id}.ics", data, "text/calendar")

    async def _arm(
        self, tx: aiosqlite.Connection, meeting: Meeting, start: datetime, now: datetime
    ) -> None:
        """Schedule one occurrence's reminders (those still ahead)."""
        group = await self.services.members.group(meeting.group_id)
        for lead in read_leads(group.settings[REMINDERS]):
            due = start - lead
            if due > now:
                ref = f"meeting:{meeting.id}:{occurrence_key(start)}:{lead_label(lead)}"
                await self.services.scheduler.add(tx, meeting.group_id, REMIND, ref, due, start)
        end = start + timedelta(minutes=meeting.minutes)
        ref = f"meeting:{meeting.id}:{occurrence_key(start)}"
        await self.services.scheduler.add(tx, meeting.group_id, ENDED, ref, end)

    async def _disarm(self, tx: aiosqlite.Connection, meeting: Meeting, start: datetime) -> None:
        group = await self.services.members.group(meeting.group_id)
        now = self.services.clock.now()
        for lead in read_leads(group.settings[REMINDERS]):
            ref = f"meeting:{meeting.id}:{occurrence_key(start)}:{lead_label(lead)}"
            await self.services.scheduler.cancel(tx, REMIND, ref, now)
        await self.services.scheduler.cancel(
            tx, ENDED, f"meeting:{meeting.id}:{occurrence_key(start)}", now
        )

    async def _native(
        self, meeting: Meeting, start: datetime | None, cancelled: bool = False
    ) -> None:
        """Keep the platform's own event (Discord's Events) on the next date; None: it is over."""
        event = native_event(meeting, start, cancelled=cancelled) if start else None
        await self.services.posting.calendar(meeting.group_id, living_key(meeting.id), event)

    async def _tell(self, meeting: Meeting, start: datetime, reply: Reply, why: str) -> None:
        """Privately tell everyone who said going or maybe."""
        rsvps = await self.meetings.rsvps(meeting.id, occurrence_key(start))
        names = await self._names(meeting.group_id)
        users = [
            User(r.user_id, names.get(r.user_id, r.user_id)) for r in rsvps if r.answer != "no"
        ]
        if users:
            dedupe = f"meeting:{meeting.id}:{occurrence_key(start)}:{why}:{meeting.sequence}"
            await self.services.nudges.nudge(meeting.group_id, users, reply, dedupe=dedupe)

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
        start = parse_when(when, tz, now)
        minutes = read_length(length)
        repeat, by_day = read_every(every) if every else ("", None)
        start = on_its_day(start, by_day, tz)  # a weekday-of-the-month series: its first day
        until_local = None
        if until:
            if not repeat:
                raise UserError("--until is for a series; add e.g. `--every week`.")
            last = read_day(until, "--until", tz, now).isoformat()
            if last < local_text(start, tz)[:10]:
                raise UserError("--until is before the first meeting; give a later date.")
            until_local = last + "T23:59"
        if not title.strip():
            raise UserError(f"A meeting's title is 1 to {TITLE} characters.")
        async with self.db.transaction() as tx:
            meeting_id = await self.meetings.create(
                tx, group_id=ctx.group.id, channel_id=ctx.channel_id, title=title.strip(),
                starts_local=local_text(start, tz), zone=tz, minutes=minutes,
                place=(where or "").strip() or None, every=repeat, until_local=until_local, now=now,
                by_day=by_day,
            )  # fmt: skip
            meeting = await self.meetings.get(meeting_id, tx)
            assert meeting is not None
            await self._arm(tx, meeting, start, now)
        await self._native(meeting, start)
        message = meeting_message(meeting, start, [], {})
        return Reply(
            title=message.title, fields=message.fields, actions=message.actions,
            key=living_key(meeting_id), files=(await self._file(meeting),),
        )  # fmt: skip

    @command("meeting list")
    async def list_meetings(self, ctx: Context) -> Reply:
        """The meetings coming up."""
        lines = []
        for meeting in await self.meetings.in_group(ctx.group.id):
            start = await self._next(meeting, ctx.now())
            if start:
                rsvps = await self.meetings.rsvps(meeting.id, occurrence_key(start))
                going = sum(r.answer == "going" for r in rsvps)
                lines.append(f"**{meeting.id}**: {meeting.title}, {stamp(start)} ({going} going)")
        if not lines:
            return Reply("No meetings are coming up. A facilitator adds one with `!meeting add`.")
        return Reply("\n".join(lines), title="Coming up")

    @command("meeting show")
    async def show(self, ctx: Context, id: MeetingId) -> Reply:
        """A meeting's next date, place and answers."""
        await self._meeting(ctx, id)
        return await self._living(id)

    @command("meeting rsvp")
    async def rsvp(
        self, ctx: Context, id: MeetingId, answer: Annotated[str, Arg("going, maybe or no")]
    ) -> Reply:
        """Say whether you are coming to the next occurrence."""
        meeting = await self._meeting(ctx, id)
        chosen = read_answer(answer)
        start = await self._next(meeting, ctx.now())
        if start is None:
            raise UserError(f"Meeting {id} is cancelled or over, so it takes no answers.")
        async with self.db.transaction() as tx:
            await self.meetings.answer(
                tx, id, occurrence_key(start), ctx.user.id, chosen, ctx.now()
            )
        self.services.posting.refresh(ctx.group.id, living_key(id), lambda: self._living(id))
        return Reply(f"You are {chosen} for {meeting.title} on {stamp(start)}.", private=True)

    @command("meeting move", role=Role.FACILITATOR)
    async def move(
        self, ctx: Context, id: MeetingId, when: Annotated[str, Arg("the new start")]
    ) -> Reply:
        """Move a meeting (a series: from its next date on); those coming are told."""
        meeting = await self._meeting(ctx, id)
        old = await self._next(meeting, ctx.now())
        if old is None:
            raise UserError(f"Meeting {id} is cancelled or over; add a new one instead.")
        new = keeps_its_day(meeting, parse_when(when, meeting.zone, ctx.now()))
        async with self.db.transaction() as tx:
            await self._disarm(tx, meeting, old)
            await self.meetings.move(tx, id, local_text(new, meeting.zone))
            await self.meetings.carry(tx, id, occurrence_key(old), occurrence_key(new))
            moved = await self.meetings.get(id, tx)
            assert moved is not None
            await self._arm(tx, moved, new, ctx.now())
        await self._native(moved, new)
        note = Reply(
            f"{meeting.title} has moved from {stamp(old)} to {stamp(new)}.",
            title="Meeting moved", files=(await self._file(moved),),
        )  # fmt: skip
        await self._tell(moved, new, note, "moved")
        self.services.posting.refresh(ctx.group.id, living_key(id), lambda: self._living(id))
        return Reply(f"Meeting {id} now starts {stamp(new)}; those coming have been told.")

    @command("meeting cancel", role=Role.FACILITATOR)
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
            raise UserError(f"Meeting {id} is already cancelled or over.")
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
        why = f" Reason: {reason.strip()}" if reason and reason.strip() else ""
        what = "is called off" if next_only and meeting.every else "is cancelled"
        await self._tell(meeting, start, Reply(f"{meeting.title} on {stamp(start)} {what}.{why}",
                                               title="Meeting cancelled"), "cancelled")  # fmt: skip
        self.services.posting.refresh(ctx.group.id, living_key(id), lambda: self._living(id))
        return Reply(f"Meeting {id} on {stamp(start)} {what}; those coming have been told.")

    @command("meeting ics")
    async def calendar(self, ctx: Context, id: MeetingId) -> Reply:
        """A calendar file for the meeting (a series repeats in your calendar)."""
        meeting = await self._meeting(ctx, id)
        return Reply(
            f"Open the file to add {meeting.title} to your calendar.",
            files=(await self._file(meeting),), private=True,
        )  # fmt: skip

    # -- reminders ----------------------------------------------------------------------

    @job(REMIND)
    async def remind(self, due: Due) -> None:
        """Remind those going or maybe; the last lead arms the series' next occurrence."""
        head = due.row.ref.rsplit(":", 1)[0]  # the occurrence itself holds a colon
        _, raw_id, key = head.split(":", 2)
        meeting = await self.meetings.get(int(raw_id))
        start = find(meeting, key) if meeting and not meeting.cancelled_at else None
        skipped = await self.meetings.skips(int(raw_id)) if meeting else set()
        async with self.db.transaction() as tx:
            if not await due.finish(tx):
                return
        if meeting is None or start is None or key in skipped:
            return  # moved, cancelled or called off since: say nothing
        reply = Reply(
            f"Reminder: {meeting.title} starts {stamp(start)} ({stamp(start, 'R')}), "
            f"{meeting.place or 'place to be confirmed'}.",
            title="Meeting reminder",
        )
        rsvps = await self.meetings.rsvps(meeting.id, key)
        names = await self._names(meeting.group_id)
        users = [
            User(r.user_id, names.get(r.user_id, r.user_id)) for r in rsvps if r.answer != "no"
        ]
        leads = read_leads(due.group.settings[REMINDERS])
        last = bool(leads) and due.row.ref.endswith(":" + lead_label(leads[-1]))
        if users:  # the last reminder is not held past a meeting inside someone's quiet hours
            await self.services.nudges.nudge(
                meeting.group_id, users, reply, dedupe=due.row.ref,
                quiet_too_at=start if last else None,
            )  # fmt: skip

    @job(ENDED)
    async def ended(self, due: Due) -> None:
        """Ask "Who came?" with those going or maybe to pick from; arm the series' next date."""
        _, raw_id, key = due.row.ref.split(":", 2)
        meeting = await self.meetings.get(int(raw_id))
        start = find(meeting, key) if meeting and not meeting.cancelled_at else None
        following = None
        async with self.db.transaction() as tx:
            if not await due.finish(tx):
                return
            if meeting and start:
                following = next_start(meeting, start, await self.meetings.skips(meeting.id))
                if following:
                    await self._arm(tx, meeting, following, due.now)
        if meeting and start:
            await self._native(meeting, following)
        if meeting is None or start is None or key in await self.meetings.skips(meeting.id):
            return
        names = await self._names(meeting.group_id)
        coming = [User(u, names.get(u, u)) for u in await self._coming(meeting.id, key)]
        await self.services.posting.post(
            meeting.group_id, meeting.channel_id, who_came(meeting, start, coming)
        )

    # -- what the feature contributes about people ---------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """Someone's answers and contribution entries."""
        answers = await self.meetings.rsvps_of(group_id, user_id)
        far = datetime(1970, 1, 1).astimezone()
        entries = await self.meetings.entries(
            group_id, far, far + timedelta(days=365 * 200), user_id
        )
        if not answers and not entries:
            return None
        return {
            "rsvps": [{"meeting": m, "occurrence": r.occurrence, "answer": r.answer}
                      for m, r in answers],
            "contributions": [{"number": e.id, "minutes": e.minutes, "what": e.what,
                               "state": e.state, "worked_at": e.worked_at.isoformat()}
                              for e in entries],
        }  # fmt: skip

    async def forget_person(
        self, tx: aiosqlite.Connection, group_id: str, user_id: str
    ) -> Forgotten | None:
        """Answers and unconfirmed entries go; confirmed hours stay, unnamed, in totals."""
        answers, dropped, kept = await self.meetings.forget(tx, group_id, user_id)
        answers += await self.plans.forget(tx, group_id, user_id)
        if not (answers or dropped or kept):
            return None
        return Forgotten(
            "meetings",
            erased=(f"{answers} meeting answers", f"{dropped} unconfirmed contribution entries"),
            kept=(f"{kept} confirmed contribution entries, as unnamed hours in the group's totals",)
            if kept else (),
        )  # fmt: skip

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Upcoming meetings with RSVP counts, and entries waiting for a facilitator."""
        lines = []
        for meeting in await self.meetings.in_group(group_id):
            start = await self._next(meeting, until)
            if start and start < until + timedelta(days=7):
                rsvps = await self.meetings.rsvps(meeting.id, occurrence_key(start))
                counts = {a: sum(r.answer == a for r in rsvps) for a in ("going", "maybe", "no")}
                lines.append(f"{meeting.title}, {stamp(start)}: {counts['going']} going, "
                             f"{counts['maybe']} maybe, {counts['no']} can't")  # fmt: skip
        entries = await self.meetings.entries(group_id, since, until)
        lines += digest_lines(entries, len(await self.meetings.pending(group_id)))
        return [DigestSection("Meetings", tuple(lines), order=40)] if lines else []

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Who answered a meeting, came to one, or logged time for the group, and when."""
        found = await self.meetings.answered_since(group_id, since, until)
        worked = await self.meetings.worked_since(group_id, since, until)
        return [Activity(user_id, at, "answered a meeting") for user_id, at in found] + [
            Activity(user_id, at, "came to a meeting" if came else "logged time")
            for user_id, at, came in worked
        ]
