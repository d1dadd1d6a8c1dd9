"""Attendance and the contribution log: what a group pays or credits its participants from."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from bot.core.commands import Arg, command, matching
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import Nn_, _, ngettext, show_date
from bot.core.limits import LONG
from bot.core.members import find_member
from bot.core.model import File, Reply, Role, User
from bot.core.timeparse import stamp, zone
from cogs.meetings._parsing import (
    MAX_ENTRY,
    last_month,
    midnight,
    read_day,
    read_length,
    read_occurrence,
    read_picks,
)
from cogs.meetings._reminders import MeetingReminders
from cogs.meetings._render import counted_hours, entry_text, rate_line, report_csv
from cogs.meetings._schedule import find, occurrence_key, starts
from cogs.meetings._settings import CURRENCY, RATE, SHOW_NAMES
from storage.db import Database
from storage.meetings import Meeting, MeetingRepository

SELF_MARK_WINDOW = timedelta(days=1)
EntryId = Annotated[int, Arg("the entry's number", label="entry", min_value=1)]


class ContribCommands(MeetingReminders):
    """The attendance and `!contrib` commands of the meetings cog."""

    db: Database
    meetings: MeetingRepository

    async def _meeting(self, ctx: Context, meeting_id: int) -> Meeting:
        raise NotImplementedError

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

    async def meeting_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: this group's meetings not called off, newest first."""
        meetings = reversed(await self.meetings.in_group(ctx.group.id))
        shown = ((f"{m.id}: {m.title}", str(m.id)) for m in meetings if not m.cancelled_at)
        return matching(shown, typed)

    async def entry_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: the entries waiting for a facilitator, by number, person or what."""
        names = await self.services.members.names(ctx.group.id)
        entries = await self.meetings.waiting(ctx.group.id)
        shown = (
            (f"{e.id}: {names.get(e.user_id or '', _('someone'))}, {e.what}", str(e.id))
            for e in entries
        )
        return matching(shown, typed)

    @command("meeting attended", role=Role.FACILITATOR, autocomplete={"id": meeting_choices})
    async def attended(
        self,
        ctx: Context,
        id: Annotated[int, Arg("the meeting's number", min_value=1)],
        *people: Annotated[
            str,
            Arg(
                "who came, e.g. @sam",
                1,
                50,
                "PERSON",
                label="person",
                person=True,
                noun=Nn_("{n} person", "{n} people"),
            ),
        ],
    ) -> Reply:
        """Record who came to the latest occurrence (confirmed hours for each)."""
        meeting = await self._meeting(ctx, id)
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

    @command("meeting came", role=Role.FACILITATOR, hidden=True)
    async def came(
        self,
        ctx: Context,
        id: Annotated[int, Arg("the meeting's number")],
        occurrence: Annotated[str, Arg("the date asked about, its UTC start: 2026-12-01T18:00")],
        picks: Annotated[str, Arg("who came, by their numbers on the list: 1,3")],
        *,
        of: Annotated[
            int | None, Arg("how many the list had when it was asked", min_value=1)
        ] = None,
    ) -> Reply:
        """Record who came by their numbers in "Who came?" (what its menu sends)."""
        meeting = await self._meeting(ctx, id)
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
        coming = await self._coming(id, occurrence_key(start))
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

    @command("meeting here", autocomplete={"id": meeting_choices})
    async def here(
        self, ctx: Context, id: Annotated[int, Arg("the meeting's number", min_value=1)]
    ) -> Reply:
        """Mark yourself present, during a meeting or up to a day after (a facilitator confirms)."""
        meeting = await self._meeting(ctx, id)
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

    @command("contrib log")
    async def log(
        self,
        ctx: Context,
        length: Annotated[str, Arg("how long, e.g. 2h or 45m")],
        what: Annotated[str, Arg("what you did", max_length=LONG)],
    ) -> Reply:
        """Log time you gave the group; a facilitator confirms it."""
        minutes = read_length(length, most=MAX_ENTRY, what=_("An entry"))
        if not what.strip():
            raise UserError(
                _('Say what you did in 1 to {most} characters, e.g. "prepared the survey".',
                  most=LONG)
            )  # fmt: skip
        profile = await self.services.people.profile(ctx.group.id, ctx.user.id)
        async with self.db.transaction() as tx:
            number = await self.meetings.log(
                tx, group_id=ctx.group.id, user_id=ctx.user.id, constituency=profile.constituency,
                minutes=minutes, what=what.strip(), state="pending", worked_at=ctx.now(),
            )  # fmt: skip
        said = _(
            "Entry {number}: {hours}, waiting for a facilitator.",
            number=number,
            hours=counted_hours(minutes),
        )
        return Reply(said, private=True)

    async def _judge(self, ctx: Context, number: int, state: str, reason: str | None) -> Reply:
        """Confirm or query an entry; its author is told privately, with the question."""
        entry = await self.meetings.entry(number)
        if entry is None or entry.group_id != ctx.group.id:
            raise UserError(_("There is no contribution entry {number} here.", number=number))
        if entry.user_id == ctx.user.id:
            raise UserError(_("Someone else confirms or queries your own entries."))
        async with self.db.transaction() as tx:
            await self.meetings.judge(tx, number, state, reason)
        if entry.user_id is not None:  # a forgotten person's hours have nobody to tell
            names = await self.services.members.names(ctx.group.id)

            def told() -> Reply:  # in the author's language
                what = entry_text(entry)
                return Reply(
                    _("Your entry {what} is confirmed: it counts in the group's reports.",
                      what=what)
                    if state == "confirmed"
                    else _(
                        "A facilitator asks about your entry {what}: {reason} Tell a "
                        "facilitator, and they can confirm it.",
                        what=what,
                        reason=reason,
                    ),
                    title=_("Your contribution entry"),
                )  # fmt: skip

            await self.services.nudges.nudge(
                ctx.group.id, [User(entry.user_id, names.get(entry.user_id, entry.user_id))],
                told, dedupe=f"contrib:{number}:{state}:{ctx.now().isoformat()}",
            )  # fmt: skip
        return Reply(
            _("Entry {number} is {state}; its author has been told.", number=number, state=state),
            private=True,
        )

    @command("contrib confirm", role=Role.FACILITATOR, autocomplete={"n": entry_choices})
    async def confirm(self, ctx: Context, n: EntryId) -> Reply:
        """Confirm a self-reported entry (it counts in reports)."""
        return await self._judge(ctx, n, "confirmed", None)

    @command("contrib query", role=Role.FACILITATOR, autocomplete={"n": entry_choices})
    async def query(
        self,
        ctx: Context,
        n: EntryId,
        *,
        reason: Annotated[str | None, Arg("what to check", 0, 0, "TEXT", max_length=LONG)] = None,
    ) -> Reply:
        """Ask about an entry before confirming it."""
        if not reason or not reason.strip():
            raise UserError(
                _('Say what to check: `!contrib query {n} --reason "which survey?"`.', n=n)
            )
        return await self._judge(ctx, n, "queried", reason.strip())

    @command("contrib me")
    async def mine(self, ctx: Context) -> Reply:
        """Your hours per month (confirmed, and waiting)."""
        far = datetime(1970, 1, 1, tzinfo=UTC)
        entries = await self.meetings.entries(ctx.group.id, far, ctx.now() + timedelta(days=1),
                                              ctx.user.id)  # fmt: skip
        months: dict[tuple[int, int], list[int]] = {}
        for e in entries:
            row = months.setdefault((e.worked_at.year, e.worked_at.month), [0, 0])
            row[0 if e.state == "confirmed" else 1] += e.minutes
        if not months:
            hint = _('`!contrib log 2h "what you did"` adds some.')
            return Reply(_("You have no time logged yet. {hint}", hint=hint), private=True)
        lines = [
            _(
                "{month}: {confirmed} confirmed, {waiting} waiting",
                month=show_date(date(y, m, 1), "MMMM y"),
                confirmed=counted_hours(c),
                waiting=counted_hours(w),
            )
            for (y, m), (c, w) in sorted(months.items())
        ]
        return Reply("\n".join(lines), title=_("Your time"), private=True)

    @command("contrib waiting", role=Role.FACILITATOR)
    async def waiting(self, ctx: Context) -> Reply:
        """Entries waiting for a facilitator to confirm them (or queried, and not settled)."""
        entries = await self.meetings.waiting(ctx.group.id)
        if not entries:
            return Reply(_("No contribution entries are waiting for a facilitator."), private=True)
        names = await self.services.members.names(ctx.group.id)
        lines = [
            f"**{e.id}**: {names.get(e.user_id or '', e.user_id or _('someone forgotten'))}, "
            f"{entry_text(e, numbered=False)}, {stamp(e.worked_at, 'D')}"
            + (_("; queried: {reason}", reason=e.reason) if e.state == "queried" else "")
            for e in entries
        ]
        how = _(
            "Confirm one with `!contrib confirm N`, or ask about it with "
            '`!contrib query N --reason "what to check"`.'
        )
        return Reply(
            "\n".join(lines) + "\n" + how,
            title=ngettext(
                "{n} entry waits for a facilitator",
                "{n} entries wait for a facilitator",
                len(entries),
            ),
            private=True,
        )

    @command("contrib report", role=Role.ORGANISER)
    async def report(
        self,
        ctx: Context,
        *,
        from_: Annotated[
            str | None, Arg("first day, e.g. 2026-11-01", 0, 0, "DATE", label="from")
        ] = None,
        to: Annotated[str | None, Arg("last day, e.g. 30 nov 2026", 0, 0, "DATE")] = None,
    ) -> Reply:
        """A CSV of confirmed hours per person, with a summary per constituency (last month)."""
        tz, now = ctx.settings.timezone, ctx.now()
        today = now.astimezone(zone(tz)).date()
        if from_ is None and to is None:
            first, last = last_month(today)
        elif from_ is None or to is None:
            missing = "--from" if from_ is None else "--to"
            raise UserError(
                _(
                    "{missing} is needed too: give both --from and --to, e.g. "
                    "`!contrib report --from 2026-11-01 --to 2026-11-30`, or neither "
                    "for last month.",
                    missing=missing,
                )
            )
        else:
            first = read_day(from_, "--from", tz, now, past=True)
            last = read_day(to, "--to", tz, now, past=True)
            if first > last:
                raise UserError(_("--from is after --to; give the earlier date first."))
        entries = await self.meetings.entries(
            ctx.group.id, midnight(first, tz), midnight(last + timedelta(days=1), tz)
        )
        names = await self.services.members.names(ctx.group.id)
        sides = {e.user_id or "": e.constituency for e in entries}
        rate = ctx.settings[RATE]
        data, summary = report_csv(entries, names, sides, rate)
        lines = summary or [_("No time logged in that range.")]
        if rate is not None:
            lines.append(rate_line(rate, ctx.settings[CURRENCY]))
        return Reply(
            "\n".join(lines),
            title=_("Contributions {first} to {last}", first=first, last=last),
            files=(File(f"contributions-{first}-to-{last}.csv", data, "text/csv"),),
            private=True,
        )
