"""Finding a time: `!meeting plan`, `avail`, `pick`, and the pick at `--closes`."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.commands import matching
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _, join
from bot.core.model import Action, Field, Reply, Role, User
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.timeparse import DAY_TIME, parse_when, stamp
from cogs.meetings._calendar import MeetingCalendar
from cogs.meetings._keys import MeetingKey, PlanKey, PlanRef
from cogs.meetings._parsing import read_length, within_reach
from cogs.meetings._render import meeting_message
from cogs.meetings._schedule import local_text, occurrence_key, slot_label
from cogs.meetings._settings import PLAN_CLOSE, SHOW_NAMES
from cogs.meetings._slots import (
    CARRIED,
    SlotCount,
    best,
    count,
    read_avail,
    sides_warning,
)
from cogs.meetings._timers import MeetingTimers
from storage.meetings import MeetingRepository
from storage.meetings_plans import Plan, PlanRepository

# How each answer is said (typed as yes, maybe, no); marked here, translated where shown.
LABEL = {"yes": N_("yes"), "maybe": N_("if need be"), "no": N_("no")}


class MeetingPlans:
    """Finding a time: the plans, their answers, and the pick that makes one a meeting."""

    def __init__(
        self,
        services: Services,
        meetings: MeetingRepository,
        plans: PlanRepository,
        calendar: MeetingCalendar,
        timers: MeetingTimers,
    ) -> None:
        self.services = services
        self.db = services.db
        self.meetings = meetings
        self.plans = plans
        self.calendar = calendar
        self.timers = timers
        services.posting.living(PlanKey.PREFIX, self.living_message)

    async def living_message(self, group_id: str, key: str) -> Reply | None:
        """A find-a-time plan's message as stored now; None if it is not here."""
        plan = await self.plans.get(PlanKey.parse(key).plan_id)
        if plan is None or plan.group_id != group_id:
            return None
        return await self.message(plan)

    async def _plan(self, ctx: Context, plan_id: int) -> Plan:
        plan = await self.plans.get(plan_id)
        if plan is None or plan.group_id != ctx.group.id:
            raise UserError(_("There is no meeting plan {plan_id} here.", plan_id=plan_id))
        if plan.meeting_id is not None:
            raise UserError(
                _(
                    "Plan {plan_id} is decided: it became meeting {meeting_id}.",
                    plan_id=plan_id,
                    meeting_id=plan.meeting_id,
                )
            )
        return plan

    async def _counts(self, plan: Plan) -> list[SlotCount]:
        """Each slot's answers, with the constituencies nobody from can come."""
        names = await self.services.members.names(plan.group_id)
        sides = {
            uid: (await self.services.people.profile(plan.group_id, uid)).constituency
            for uid in names
        }
        return count(len(plan.slots), await self.plans.answers(plan.id), sides)

    async def message(self, plan: Plan) -> Reply:
        names = await self.services.members.names(plan.group_id)
        named = (await self.services.members.group(plan.group_id)).settings[SHOW_NAMES]
        counts = await self._counts(plan)
        top = best(counts)
        answered = any(c.yes or c.maybe for c in counts)  # no "best" before anyone can come
        fields = []
        for c, when in zip(counts, plan.slots, strict=True):
            people = "; ".join(
                f"{_(LABEL[a])}: "
                + ((", ".join(names.get(u, u) for u in who) if named else str(len(who))) or "-")
                for a, who in (("yes", c.yes), ("maybe", c.maybe), ("no", c.no))
            )
            reach = (
                _(" Nobody yet from: {sides}.", sides=join(c.missing_sides))
                if c.missing_sides
                else ""
            )
            mark = _(" (best so far)") if c.position == top and answered else ""
            fields.append(Field(f"{c.position}. {stamp(when)}{mark}", people + reach))
        # A button says which time it answers, so it makes sense away from the message too
        # (a screen reader reading buttons alone): "Fri 11 Dec 18:00: yes", not "1: yes".
        zone = (await self.services.members.group(plan.group_id)).settings.timezone
        actions = tuple(
            Action(f"{slot_label(when, zone)}: {_(LABEL[a])}", "meeting avail",
                   (str(plan.id), f"{p}={a}"), style="success" if a == "yes" else "secondary")
            for p, when in enumerate(plan.slots, start=1) for a in ("yes", "maybe", "no")
        )  # fmt: skip
        closes = _(" Closes {stamp}.", stamp=stamp(plan.closes_at)) if plan.closes_at else ""
        return Reply(
            _("Answer every slot: `!meeting avail {id} 1=yes 2=maybe 3=no`.{closes}", id=plan.id,
              closes=closes),
            title=_("Finding a time {id}: {title}", id=plan.id, title=plan.title),
            fields=tuple(fields),
            actions=actions, key=PlanKey(plan.id).encode(),
        )  # fmt: skip

    async def choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """This group's plans still looking for a time, newest first, matching what is typed."""
        plans = await self.plans.open_in(ctx.group.id)
        return matching(((f"{n}: {title}", str(n)) for n, title in plans), typed)

    async def plan(
        self, ctx: Context, title: str, slots: tuple[str, ...], length: str, closes: str | None
    ) -> Reply:
        """Ask the group which of several times suits them (yes / if need be / no)."""
        tz, now = ctx.settings.timezone, ctx.now()
        times = [within_reach(parse_when(s, tz, now), now) for s in slots]
        if len(set(times)) != len(times):
            raise UserError(_("Two slots are the same time; give each time once."))
        minutes = read_length(length)
        closes_at = parse_when(closes, tz, now, day_time=DAY_TIME) if closes else None
        if closes_at and closes_at > min(times):
            raise UserError(_("--closes must come before the first slot."))
        async with self.db.transaction() as tx:
            plan_id = await self.plans.create(
                tx, group_id=ctx.group.id, channel_id=ctx.channel_id, title=title.strip(),
                minutes=minutes, closes_at=closes_at, slots=times, created_by=ctx.user.id, now=now,
            )  # fmt: skip
            if closes_at:
                ref = PlanRef(plan_id).encode()
                await self.services.scheduler.add(tx, ctx.group.id, PLAN_CLOSE, ref, closes_at)
        plan = await self.plans.get(plan_id)
        assert plan is not None
        return await self.message(plan)

    async def times(self, ctx: Context, id: int) -> Reply:
        """A plan still finding a time: its times and the answers so far."""
        plan = await self._plan(ctx, id)
        return replace(await self.message(plan), key=None)  # a copy, not the living one

    async def avail(self, ctx: Context, id: int, answers: tuple[str, ...]) -> Reply:
        """Say which of a plan's times you can come to."""
        plan = await self._plan(ctx, id)
        found = read_avail(answers, len(plan.slots), id)
        async with self.db.transaction() as tx:
            await self.plans.answer(tx, id, ctx.user.id, found, ctx.now())
        await self.services.posting.refresh(ctx.group.id, PlanKey(id).encode())
        shown = ", ".join(f"{p}={LABEL[a]}" for p, a in sorted(found.items()))
        return Reply(_("Your answers for plan {id}: {shown}.", id=id, shown=shown), private=True)

    async def pick(self, ctx: Context, id: int, slot: int) -> Reply:
        """Choose a plan's time: it becomes a meeting, answers carried over as RSVPs."""
        plan = await self._plan(ctx, id)
        if not 1 <= slot <= len(plan.slots):
            raise UserError(
                _("Plan {id} has slots 1 to {n_slots}.", id=id, n_slots=len(plan.slots))
            )
        if plan.slots[slot - 1] <= ctx.now():
            raise UserError(_("Slot {slot} has already passed; pick a later one.", slot=slot))
        return await self._decide(plan, slot, ctx.now(), [ctx.user], ctx.user.id)

    async def _decide(
        self, plan: Plan, slot: int, now: datetime, warn: list[User], by: str | None = None
    ) -> Reply:
        """Make the plan's slot a meeting; tell `warn` privately if a side cannot come.

        `by`: who picked it (None: the plan closed by itself at --closes).
        """
        start = plan.slots[slot - 1]
        counts = await self._counts(plan)
        zone = (await self.services.members.group(plan.group_id)).settings.timezone
        async with self.db.transaction() as tx:
            meeting_id = await self.meetings.create(
                tx, group_id=plan.group_id, channel_id=plan.channel_id, title=plan.title,
                starts_local=local_text(start, zone), zone=zone, minutes=plan.minutes,
                place=None, every="", until_local=None, now=now, created_by=by,
            )  # fmt: skip
            if not await self.plans.picked(tx, plan.id, meeting_id):
                raise UserError(_("Plan {plan_id} is already decided.", plan_id=plan.id))
            for position, user_id, answer in await self.plans.answers(plan.id):
                if position == slot and answer in CARRIED:
                    await self.meetings.answer(tx, meeting_id, occurrence_key(start), user_id,
                                               CARRIED[answer], now)  # fmt: skip
            meeting = await self.meetings.get(meeting_id, tx)
            assert meeting is not None
            await self.timers.arm(tx, meeting, start, now)
        await self.timers.native(meeting, start)
        if sides_warning(counts, slot) and warn:
            await self.services.nudges.nudge(
                plan.group_id, warn,
                lambda: Reply(sides_warning(counts, slot) or "",
                              title=_("Plan {id}: {title}", id=plan.id, title=plan.title)),
                dedupe=PlanKey(plan.id).nudge("sides"),
            )  # fmt: skip
        rsvps = await self.meetings.rsvps(meeting_id, occurrence_key(start))
        names = await self.services.members.names(plan.group_id)
        named = (await self.services.members.group(plan.group_id)).settings[SHOW_NAMES]
        message = meeting_message(meeting, start, rsvps, names, named=named)
        return Reply(
            _("Plan {id} is decided: slot {slot}, {when}.", id=plan.id, slot=slot,
              when=stamp(start)),
            title=message.title, fields=message.fields, actions=message.actions,
            key=MeetingKey(meeting_id).encode(), files=(await self.calendar.file(meeting),),
        )  # fmt: skip

    async def close(self, due: Due) -> None:
        """At --closes the best slot is picked and announced."""
        plan = await self.plans.get(PlanRef.parse(due.row.ref).plan_id)
        if plan is None or plan.meeting_id is not None:
            return
        counts = count(len(plan.slots), await self.plans.answers(plan.id))
        staff = await self.services.members.with_role(plan.group_id, Role.FACILITATOR)
        try:
            announced = await self._decide(plan, best(counts), due.now, staff)
        except UserError:
            return  # picked by hand meanwhile
        await self.services.posting.post(plan.group_id, plan.channel_id, announced)
