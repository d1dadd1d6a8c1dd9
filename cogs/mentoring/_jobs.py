"""Mentoring's scheduled work: rounds on a schedule, asks, deadlines, intros, check-ins."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.core.commands import matching
from bot.core.context import Context
from bot.core.i18n import _, join
from bot.core.members import Group
from bot.core.model import Reply
from bot.core.outbox import Compose
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.settings import TIMEZONE
from cogs.mentoring import _render as render
from cogs.mentoring._keys import IntroRef, PairingRef, PersonRef, left_out_key, round_ref
from cogs.mentoring._left_out import why_left_out
from cogs.mentoring._rounds import RoundInput, gather, plan_round, propose, ready_from
from cogs.mentoring._schedule import next_round, round_after
from cogs.mentoring._settings import (
    MENTORING_DAY,
    MENTORING_EVERY,
    MENTORING_TIME,
    ROUND,
)
from storage.mentoring import MentoringRepository, OptIn
from storage.mentoring_pairings import Pairing, PairingRepository

# The settings that move the next scheduled round when they change.
SCHEDULE = {MENTORING_EVERY.name, MENTORING_DAY.name, MENTORING_TIME.name, TIMEZONE.name}


class RoundJobs:
    """The part of mentoring that runs by itself, on the clock, and what it shares."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.db = services.db
        self.scheduler = services.scheduler
        self.opt_ins = MentoringRepository(services.db.reader)
        self.pairings = PairingRepository(services.db.reader)

    # -- helpers shared with the commands -------------------------------------------------

    async def names(self, group_id: str) -> dict[str, str]:
        """user id -> the name the group knows them by."""
        return await self.services.members.names(group_id)

    async def pairing_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Your proposed and current pairings, by number or name, matching what is typed."""
        names = await self.names(ctx.group.id)
        mine = await self.pairings.open_pairings(ctx.group.id, ctx.user.id)
        shown = (
            (
                _(
                    "{id}: with {who}",
                    id=p.id,
                    who=join(names.get(o, o) for o in p.others(ctx.user.id)),
                ),
                str(p.id),
            )
            for p in mine
        )
        return matching(shown, typed)

    async def tell(
        self,
        group_id: str,
        user_ids: list[str],
        reply: Compose,
        dedupe: str,
    ) -> None:
        """Reach people privately, through nudges (their quiet hours and opt-out apply).

        `reply` composes the message: it is called in each person's language.
        """
        await self.services.nudges.nudge_ids(group_id, user_ids, reply, dedupe=dedupe)

    async def next_round_note(self, group_id: str, user_id: str) -> str:
        """Whether someone will be in the next round, or from when they can be paired again."""
        me = await self.opt_ins.get(group_id, user_id)
        mine = await self.pairings.of_person(group_id, user_id)
        free_from = ready_from(me, mine) if me else None
        next_at = await self.opt_ins.next_round(group_id)
        return render.next_round(me, free_from, next_at, self.services.clock.now())

    async def opt_ins_of(self, pairing: Pairing) -> dict[str, OptIn]:
        """The opt-ins of a pairing's people (someone who left since has none)."""
        found = {}
        for person in pairing.people:
            m = await self.opt_ins.get(pairing.group_id, person.user_id)
            if m is not None:
                found[person.user_id] = m
        return found

    # -- rounds on a schedule -------------------------------------------------------------

    async def start(self) -> None:
        """Groups whose config turns scheduled rounds on get their first one armed."""
        for group_id in await self.opt_ins.groups_with_opt_ins():
            group = await self.services.members.group(group_id)
            if group.settings[MENTORING_EVERY] != "off" and not await self.opt_ins.next_round(
                group_id
            ):
                await self.rearm(group)

    async def rearm(self, group: Group) -> None:
        """Cancel the pending scheduled round and arm the next from the settings now."""
        now = self.services.clock.now()
        every = group.settings[MENTORING_EVERY]
        async with self.db.transaction() as tx:
            await self.scheduler.cancel(tx, ROUND, round_ref(group.id), now)
            when = None
            if every != "off":
                when = next_round(
                    now, group.settings[MENTORING_DAY], group.settings[MENTORING_TIME],
                    group.settings.timezone,
                )  # fmt: skip
                await self.scheduler.add(tx, group.id, ROUND, round_ref(group.id), when)
            await MentoringRepository(tx).set_next_round(tx, group.id, when)

    async def setting_changed(self, group_id: str, name: str) -> None:
        """A change to when rounds run takes effect at once."""
        if name in SCHEDULE:
            await self.rearm(await self.services.members.group(group_id))

    async def run_round(
        self,
        group: Group,
        now: datetime,
        due: Due | None = None,
        found: RoundInput | None = None,
        ran_by: str | None = None,
    ) -> tuple[int, int]:
        """Propose a round's pairs (and, when scheduled, arm the next): (pairs, left out)."""
        found = found or await gather(self.services, group, now)
        plan = plan_round(group, found)
        async with self.db.transaction() as tx:
            if len(found.people) >= 2:
                await propose(tx, self.scheduler, group.id, plan, now, ran_by)
            if due is not None:
                await due.finish(tx)
                every = group.settings[MENTORING_EVERY]
                if every != "off":
                    day, at = group.settings[MENTORING_DAY], group.settings[MENTORING_TIME]
                    zone = group.settings.timezone
                    when = round_after(due.row.due_at, every, day, at, zone)
                    if when <= now:  # the bot was down for a while: on from today, no catch-up
                        when = next_round(now, day, at, zone)
                    await self.scheduler.add(tx, group.id, ROUND, round_ref(group.id), when)
                    await MentoringRepository(tx).set_next_round(tx, group.id, when)
        if len(found.people) >= 2:
            role = {p.user_id: p.role for p in found.people}
            for user_id, why in why_left_out(plan, found.people).items():
                reply = partial(render.left_out, why, role[user_id])  # in their language
                await self.tell(group.id, [user_id], reply, left_out_key(now))
        if len(found.people) < 2:
            return 0, 0
        return len(plan.pairs), len(plan.left_out)

    async def scheduled_round(self, due: Due) -> None:
        """A scheduled round's time has come."""
        await self.run_round(due.group, due.now, due)

    # -- a pairing's life -----------------------------------------------------------------

    async def ask(self, due: Due) -> None:
        """Ask each person proposed, privately: Accept or Skip this round."""
        ref = PairingRef.parse(due.row.ref)
        pairing = await self.pairings.get(ref.pairing_id)
        if pairing is None or pairing.state != "proposed":
            return
        names = await self.names(pairing.group_id)
        opt_ins = await self.opt_ins_of(pairing)
        for person in pairing.people:
            others = [opt_ins[u] for u in pairing.others(person.user_id) if u in opt_ins]
            await self.tell(
                pairing.group_id,
                [person.user_id],
                partial(render.proposal, pairing.id, others, names),  # in their language
                ref.nudge("mentoring-ask"),
            )

    async def lapse(self, due: Due) -> None:
        """No answer from everyone in time: the pairing is skipped this round."""
        ref = PairingRef.parse(due.row.ref)
        async with self.db.transaction() as tx:
            await due.finish(tx)
            lapsed = await PairingRepository(tx).move(
                tx, ref.pairing_id, "proposed", "skipped", due.now
            )
        pairing = await self.pairings.get(ref.pairing_id)
        if not lapsed or pairing is None:
            return
        names = await self.names(pairing.group_id)

        async def told(user_id: str) -> Reply:  # in their language
            after = await self.next_round_note(pairing.group_id, user_id)
            return render.lapsed(pairing.others(user_id), names, after)

        for person in pairing.people:
            if person.answer != "skip":  # who skipped is never said; they know it themselves
                reply = partial(told, person.user_id)
                await self.tell(pairing.group_id, [person.user_id], reply, ref.nudge("lapsed"))

    async def intro_for(
        self, pairing: Pairing, user_id: str, names: dict[str, str] | None = None
    ) -> Reply:
        """One person's intro to the others of a pairing that started."""
        names = names if names is not None else await self.names(pairing.group_id)
        opt_ins = await self.opt_ins_of(pairing)
        others = [opt_ins[u] for u in pairing.others(user_id) if u in opt_ins]
        return render.intro(pairing.id, opt_ins.get(user_id), others, names)

    async def intro(self, due: Due) -> None:
        """Everyone accepted: introduce them to each other, each privately, once.

        The ref is "PAIRING:WHO" where WHO's Accept started it: their intro was the answer to
        that Accept, so a second message would only repeat it. (A bare "PAIRING", from an
        older release, introduces everyone.)
        """
        ref = IntroRef.parse(due.row.ref)
        pairing = await self.pairings.get(ref.pairing_id)
        if pairing is None or pairing.state != "active":
            return
        names = await self.names(pairing.group_id)
        for person in pairing.people:
            if person.user_id != ref.answered:
                reply = partial(self.intro_for, pairing, person.user_id, names)
                await self.tell(
                    pairing.group_id,
                    [person.user_id],
                    reply,
                    PairingRef(pairing.id).nudge("intro"),
                )

    async def check_in(self, due: Due) -> None:
        """Ask each person of a pairing that started: did you meet?"""
        ref = PairingRef.parse(due.row.ref)
        pairing = await self.pairings.get(ref.pairing_id)
        if pairing is None or pairing.state not in ("active", "done"):
            return
        names = await self.names(pairing.group_id)
        for person in pairing.people:
            if person.checkin is None:
                reply = partial(render.checkin, pairing.id, pairing.others(person.user_id), names)
                await self.tell(pairing.group_id, [person.user_id], reply, ref.nudge("met?"))

    async def ask_again(self, due: Due) -> None:
        """Someone said "not yet": ask them once more."""
        ref = PersonRef.parse(due.row.ref)
        found = await self.pairings.person(ref.person_id)
        if found is None or found[1].checkin != "not yet":
            return
        pairing = await self.pairings.get(found[0])
        if pairing is None or pairing.state not in ("active", "done"):
            return
        who = found[1].user_id
        names = await self.names(pairing.group_id)
        reply = partial(render.checkin, pairing.id, pairing.others(who), names)
        await self.tell(pairing.group_id, [who], reply, ref.nudge("met-again"))
