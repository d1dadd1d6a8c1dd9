"""The contribution log: time people give the group, confirmed by a facilitator, and reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.core.commands import matching
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import _, ngettext, show_date
from bot.core.limits import LONG
from bot.core.model import File, Reply, User
from bot.core.services import Services
from bot.core.timeparse import stamp, zone
from cogs.meetings._keys import judged_key
from cogs.meetings._parsing import MAX_ENTRY, last_month, midnight, read_day, read_length
from cogs.meetings._render import counted_hours, entry_text, rate_line, report_csv
from cogs.meetings._settings import CURRENCY, RATE
from storage.meetings import MeetingRepository


class ContribLog:
    """Logging time, a facilitator confirming or querying it, and the hours it adds up to."""

    def __init__(self, services: Services, meetings: MeetingRepository) -> None:
        self.services = services
        self.db = services.db
        self.meetings = meetings

    async def choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """The entries waiting for a facilitator, by number, person or what."""
        names = await self.services.members.names(ctx.group.id)
        entries = await self.meetings.waiting(ctx.group.id)
        shown = (
            (f"{e.id}: {names.get(e.user_id or '', _('someone'))}, {e.what}", str(e.id))
            for e in entries
        )
        return matching(shown, typed)

    async def log(self, ctx: Context, length: str, what: str) -> Reply:
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
                told, dedupe=judged_key(number, state, ctx.now()),
            )  # fmt: skip
        return Reply(
            _("Entry {number} is {state}; its author has been told.", number=number, state=state),
            private=True,
        )

    async def confirm(self, ctx: Context, n: int) -> Reply:
        """Confirm a self-reported entry (it counts in reports)."""
        return await self._judge(ctx, n, "confirmed", None)

    async def query(self, ctx: Context, n: int, reason: str | None) -> Reply:
        """Ask about an entry before confirming it."""
        if not reason or not reason.strip():
            raise UserError(
                _('Say what to check: `!contrib query {n} --reason "which survey?"`.', n=n)
            )
        return await self._judge(ctx, n, "queried", reason.strip())

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

    async def report(self, ctx: Context, from_: str | None, to: str | None) -> Reply:
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
