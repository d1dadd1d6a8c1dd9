"""The chat side of the digest: the weekly run, `!digest now`, preview, settings, off."""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import ClassVar

from bot.core.cog import Cog
from bot.core.commands import command, job, listener
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.events import GroupCreated
from bot.core.i18n import N_, _, show_date, weekday_name
from bot.core.members import Group
from bot.core.model import Field, File, Reply, Role, User
from bot.core.scheduler import Due, Scheduled
from bot.core.services import Services
from bot.core.settings import TIMEZONE, SettingChanged
from bot.core.timeparse import stamp, zone
from cogs.digest._chart import weekly_chart
from cogs.digest._compose import balance, digest_reply, side_name, weekly_series
from cogs.digest._keys import digest_key, no_organisers_key, week_of, weekly_ref
from cogs.digest._settings import (
    DAYS,
    DIGEST_DAY,
    DIGEST_ON,
    DIGEST_TIME,
    DIGEST_TO,
    LATE,
    SETTINGS,
    WEEKLY,
)
from storage.digests import DigestRepository

WEEK = timedelta(days=7)
# The settings that move the next digest when they change.
TIMING = {DIGEST_DAY.name, DIGEST_TIME.name, TIMEZONE.name}


def next_run(group: Group, after: datetime) -> datetime:
    """The next digest_day at digest_time in the group's zone, after `after` (UTC)."""
    tz = zone(group.settings.timezone)
    local = after.astimezone(tz)
    at = time.fromisoformat(group.settings[DIGEST_TIME])
    days = (DAYS.index(group.settings[DIGEST_DAY]) - local.weekday()) % 7
    for extra in (days, days + 7):
        when = datetime.combine(local.date() + timedelta(days=extra), at, tzinfo=tz)
        if when > local:
            return when.astimezone(after.tzinfo)
    raise AssertionError("unreachable: a week ahead is always later")


class Digest(Cog):
    """A weekly digest for organisers: what was decided, what is open, who is left out."""

    feature = "digest"
    settings = SETTINGS
    tasks: ClassVar[Mapping[str, str]] = {"digest": N_("The weekly digest")}
    task_order: ClassVar[int] = 80

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.digests = DigestRepository(services.db.reader)

    # -- the schedule ---------------------------------------------------------------------

    async def start(self) -> None:
        """Every group known has its next digest armed (one read of the pending digests)."""
        armed = {r.group_id for r in await self.services.scheduler.pending(WEEKLY)}
        for group_id in await self.services.members.group_ids():
            if group_id not in armed:
                await self._arm(group_id, again=True)

    async def _arm(self, group_id: str, *, again: bool = False) -> None:
        """Schedule the next run unless one is pending (`again`: replace a pending one)."""
        if not again and await self._pending(group_id):
            return
        group = await self.services.members.group(group_id)
        now = self.services.clock.now()
        async with self.services.db.transaction() as tx:
            ref = weekly_ref(group_id)
            await self.services.scheduler.cancel(tx, WEEKLY, ref, now)
            await self.services.scheduler.add(tx, group_id, WEEKLY, ref, next_run(group, now))

    async def _pending(self, group_id: str) -> list[Scheduled]:
        return await self.services.scheduler.pending(WEEKLY, weekly_ref(group_id))

    @listener(GroupCreated)
    async def group_created(self, event: GroupCreated) -> None:
        """A new group gets its first digest armed."""
        await self._arm(event.group_id)

    @listener(SettingChanged)
    async def setting_changed(self, event: SettingChanged) -> None:
        """A new day, time or zone moves the next digest."""
        if event.name in TIMING:
            await self._arm(event.group_id, again=True)

    # -- composing ------------------------------------------------------------------------

    async def compose(self, group: Group, until: datetime, note: str = "") -> Reply:
        """The digest of the 7 days before `until`, with its chart."""
        c = self.services.features
        sections, quarter, roster = await asyncio.gather(  # read together
            c.digest(group.id, until - WEEK, until),
            c.activity(group.id, until - 12 * WEEK, until),
            self.services.people.roster(group.id),
        )
        members = {m.user_id: m.name for m in roster}
        sides = {m.user_id: m.constituency for m in roster if m.constituency}
        hidden = {m.user_id for m in roster if not m.nudges}
        new = {m.user_id for m in roster if m.joined_at and m.joined_at >= until - 3 * WEEK}
        ats = [a.at for a in quarter]  # in time order: each period is a tail of the quarter
        b = balance(
            members,
            sides,
            quarter[bisect_left(ats, until - 4 * WEEK) :],
            quarter[bisect_left(ats, until - 3 * WEEK) :],
            quarter[bisect_left(ats, until - WEEK) :],
            hidden,
            new,
        )
        reply = digest_reply(group.name, sections, b, note)
        weeks = [(until - (12 - i) * WEEK) for i in range(12)]
        series = {
            side_name(side): counts
            for side, counts in weekly_series(quarter, members, sides, b.members, weeks[0]).items()
        }
        labels = [show_date(w, "dd MMM") for w in weeks]
        alt = _(
            "the attached picture shows actions per week by constituency over "
            "the last 12 weeks, oldest first: the same figures as below. Each "
            "side's line has its own pattern and point shape, and its name at "
            "its end."
        )
        picture = File(
            "digest.png",
            weekly_chart(labels, series),
            "image/png",
            alt=_(
                "Chart of actions per week by constituency, {labels} to {labels2}; "
                "the figures are in the message text under Actions per week.",
                labels=labels[0],
                labels2=labels[-1],
            ),
        )
        table = "\n".join(f"{side}: {', '.join(map(str, n))}" for side, n in sorted(series.items()))
        return Reply(
            reply.body,
            title=reply.title,
            fields=(*reply.fields, Field(_("Chart"), alt), Field(_("Actions per week"), table)),
            files=(*reply.files, picture),
            private=True,
            confidential=True,  # it names quiet members: never shown in a channel instead
        )

    async def _readers(self, group: Group) -> list[User]:
        least = Role.FACILITATOR if group.settings[DIGEST_TO] == "facilitators" else Role.ORGANISER
        return await self.services.members.with_role(group.id, least)

    # -- the weekly run -------------------------------------------------------------------

    @job(WEEKLY)
    async def weekly(self, due: Due) -> None:
        """Send this week's digest to every organiser, once; too late: skip and say so."""
        group = due.group
        week = week_of(due.row.due_at)
        late = due.now - due.row.due_at > timedelta(hours=LATE)
        if group.settings[DIGEST_ON] and not late:
            await self._send(group, week, due.now)
        elif late:
            async with self.services.db.transaction() as tx:
                await self.digests.skipped(tx, group.id, week)
        async with self.services.db.transaction() as tx:
            await due.finish(tx)
            await self.services.scheduler.add(
                tx, group.id, WEEKLY, weekly_ref(group.id), next_run(group, due.now)
            )

    async def _send(self, group: Group, week: str, now: datetime) -> None:
        readers = await self._readers(group)
        if readers:
            _sent, skipped = await self.digests.state(group.id)
            async with self.services.db.transaction() as tx:
                first = await self.digests.sent(tx, group.id, week)
            if not first:
                return

            async def digest() -> Reply:  # composed in each reader's language
                note = (
                    _(
                        "Last digest (week of {skipped}) was skipped: the bot was down.",
                        skipped=skipped,
                    )
                    if skipped
                    else ""
                )
                return await self.compose(group, now, note)

            # Not a reminder: an organiser who turned reminders off still gets it (after
            # their quiet hours).
            reached = await self.services.nudges.nudge(
                group.id, readers, digest, dedupe=digest_key(group.id, week), reminder=False
            )
            if reached:
                return
        # Nobody to read it: the facilitators hear so once (a notice, not a reminder).
        staff = await self.services.members.with_role(group.id, Role.FACILITATOR)

        def tell() -> Reply:  # in each reader's language
            return Reply(
                _(
                    "This group has no organiser the bot knows of, so nobody gets the "
                    "weekly digest. An organiser only needs to use any command here "
                    "once."
                ),
                private=True,
            )

        await self.services.nudges.nudge(
            group.id, staff, tell, dedupe=no_organisers_key(group.id), reminder=False
        )

    # -- commands -------------------------------------------------------------------------

    @command("digest now", role=Role.ORGANISER)
    async def now(self, ctx: Context) -> Reply:
        """The digest of the last 7 days, privately, at once."""
        return await self.compose(ctx.group, ctx.now())

    @command("digest preview", role=Role.FACILITATOR)
    async def preview(self, ctx: Context) -> Reply:
        """Show a facilitator the digest, if the group sends it to facilitators."""
        if ctx.role < Role.ORGANISER and ctx.settings[DIGEST_TO] != "facilitators":
            raise UserError(
                _(
                    "This group sends the digest to organisers only. An organiser can "
                    "change that with `!settings set digest_to facilitators`."
                )
            )
        return await self.compose(ctx.group, ctx.now())

    @command("digest settings", menu_role=Role.FACILITATOR)
    async def show_settings(self, ctx: Context) -> Reply:
        """When the digest goes out, and to whom."""
        s = ctx.settings
        pending = await self._pending(ctx.group.id)
        on: bool = s[DIGEST_ON]
        when = stamp(pending[0].due_at) if pending and on else _("not scheduled (off)")
        day = weekday_name(DAYS.index(s[DIGEST_DAY]))
        readers = _("organisers") if s[DIGEST_TO] == "organisers" else _("facilitators")
        return Reply(
            _(
                "Every {day} at {time} ({zone}) to the {readers}{off}. Next: {when}. Change it "
                "with `!settings set digest_day|digest_time|digest_to VALUE`.",
                day=day,
                time=s[DIGEST_TIME],
                zone=s.timezone,
                readers=readers,
                off="" if on else _(" (now off)"),
                when=when,
            ),
            private=True,
        )

    @command("digest off", role=Role.ORGANISER)
    async def off(self, ctx: Context) -> Reply:
        """Stop the weekly digest (`!settings set digest_on on` starts it again)."""
        await self.services.members.change(ctx.group.id, DIGEST_ON, "off")
        return Reply(_("The weekly digest is off. `!settings set digest_on on` turns it on."))
