"""The chat side of mentoring: opting in, avoid lists, rounds, answers, ending, concerns."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Annotated, Any, ClassVar, Literal

import aiosqlite

from bot.core.commands import Arg, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _
from bot.core.limits import LONG
from bot.core.members import find_member
from bot.core.model import Reply, Role
from bot.core.registry import Activity, DigestSection, Figure, Forgotten
from bot.core.timeparse import stamp
from cogs.mentoring import _render as render
from cogs.mentoring._concerns import Concerns
from cogs.mentoring._parsing import read_pause, read_topics, read_weeks
from cogs.mentoring._people import exported, forgotten
from cogs.mentoring._rounds import gather, plan_round
from cogs.mentoring._settings import (
    ASK_AGAIN,
    ASK_AGAIN_DAYS,
    CHECKIN,
    CHECKIN_DAYS,
    INTRO,
    MENTORING_EVERY,
)
from storage.mentoring import MentoringRepository, OptIn
from storage.mentoring_pairings import Pairing, PairingRepository

EVER, END = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
PairingId = Annotated[int, Arg("the pairing's number", min_value=1)]
PAIRINGS = Concerns.pairing_choices  # the autocomplete hook for a pairing's number
RoleName = Literal["mentor", "mentee", "peer"]
CheckinAnswer = Literal["met", "not-yet", "no"]


class Mentoring(Concerns):
    """Mentoring pairs across the provider / user line, asked first, with a way out."""

    tasks: ClassVar[Mapping[str, str]] = {"mentor": N_("Pair up for mentoring")}
    task_order: ClassVar[int] = 40

    async def pairing_group(self, pairing_id: int) -> str | None:
        """The group a pairing belongs to (so its buttons work in a private chat)."""
        pairing = await self.pairings.get(pairing_id)
        return pairing.group_id if pairing else None

    async def _mine(self, ctx: Context, pairing_id: int) -> Pairing:
        pairing = await self.pairings.get(pairing_id)
        if pairing is None or pairing.group_id != ctx.group.id or not pairing.has(ctx.user.id):
            raise UserError(
                _(
                    "You have no pairing {pairing_id}. `!mentor status` lists your pairings.",
                    pairing_id=pairing_id,
                )
            )
        return pairing

    # -- opting in ------------------------------------------------------------------------

    @command("mentor join")
    async def join(
        self,
        ctx: Context,
        role: Annotated[RoleName, Arg("how you take part: mentor, mentee or peer")],
        *,
        topics: Annotated[
            str | None,
            Arg(
                'what you would pair for, e.g. "benefits, housing"', 0, 0, "TOPICS", max_length=LONG
            ),
        ] = None,
        every: Annotated[
            str | None, Arg("how often you would like a pairing: 2 or 4 weeks", 0, 0, "HOW_OFTEN")
        ] = None,
    ) -> Reply:
        """Opt in to pairing rounds, or change how you are in."""
        before = await self.opt_ins.get(ctx.group.id, ctx.user.id)
        chosen = read_topics(topics) if topics is not None else (before.topics if before else ())
        pace = read_weeks(every, (2, 4), "--every") if every else (before.every if before else None)
        if before is not None:
            after = dataclasses.replace(before, role=role, topics=chosen, every=pace)
            changes = render.changes(before, after)
            if not changes:
                raise UserError(
                    _(
                        "You are already in as a {role}, with the same topics and pace; "
                        "nothing changed. `!mentor status` shows how you are in.",
                        role=render.role_word(role),
                    )
                )
        else:
            after = OptIn(ctx.group.id, ctx.user.id, role, chosen, pace, None, False, ctx.now())
        async with self.db.transaction() as tx:
            await MentoringRepository(tx).save(tx, after)
        if ctx.settings[MENTORING_EVERY] != "off" and not await self.opt_ins.next_round(
            ctx.group.id
        ):
            await self.rearm(ctx.group)
        if before is not None:
            return Reply(_("Changed: {changes}.", changes="; ".join(changes)), private=True)
        shown = ", ".join(chosen) or _("none yet (add some with --topics)")
        return Reply(
            _(
                "You are in the pairing rounds as a {role}. Topics: {shown}. Each "
                "proposal asks you first; `!mentor pause 4w` or `!mentor leave` "
                "whenever you like.",
                role=render.role_word(role),
                shown=shown,
            ),
            private=True,
        )

    @command("mentor leave")
    async def leave(self, ctx: Context) -> Reply:
        """Opt out of pairing rounds (a pairing under way goes on until you end it)."""
        async with self.db.transaction() as tx:
            left = await MentoringRepository(tx).leave(tx, ctx.group.id, ctx.user.id)
        if not left:
            raise UserError(_("You are not in the pairing rounds, so there is nothing to leave."))
        return Reply(
            _(
                "You are out of the pairing rounds. A pairing under way goes on "
                "until you `!mentor end` it."
            ),
            private=True,
        )

    @command("mentor pause")
    async def pause(
        self, ctx: Context, length: Annotated[str, Arg("how long, e.g. 4w or 10d")]
    ) -> Reply:
        """Skip pairing rounds for a while."""
        me = await self._opted_in(ctx)
        until = ctx.now() + read_pause(length)
        async with self.db.transaction() as tx:
            await MentoringRepository(tx).save(tx, dataclasses.replace(me, paused_until=until))
        return Reply(
            _("Paused: no pairings for you until {stamp}.", stamp=stamp(until)), private=True
        )

    async def _opted_in(self, ctx: Context) -> OptIn:
        me = await self.opt_ins.get(ctx.group.id, ctx.user.id)
        if me is None:
            raise UserError(
                _("You are not in the pairing rounds. `!mentor join mentor|mentee|peer` joins.")
            )
        return me

    @command("mentor status")
    async def status(self, ctx: Context) -> Reply:
        """Your opt-in, your pairings past and current, and the next round's date."""
        me = await self.opt_ins.get(ctx.group.id, ctx.user.id)
        pairings = await self.pairings.of_person(ctx.group.id, ctx.user.id)
        next_at = await self.opt_ins.next_round(ctx.group.id)
        names = await self.names(ctx.group.id)
        shown = stamp(next_at) if next_at else None
        return render.status(me, pairings[:10], names, ctx.user.id, shown)

    @command("mentor avoid")
    async def avoid(
        self, ctx: Context, person: Annotated[str, Arg("@someone", metavar="@NAME", person=True)]
    ) -> Reply:
        """Never be paired with someone (private: never shown, never given as a reason)."""
        return await self._avoid(ctx, person, on=True)

    @command("mentor unavoid")
    async def unavoid(
        self, ctx: Context, person: Annotated[str, Arg("@someone", metavar="@NAME", person=True)]
    ) -> Reply:
        """Take someone off your private avoid list."""
        return await self._avoid(ctx, person, on=False)

    async def _avoid(self, ctx: Context, typed: str, *, on: bool) -> Reply:
        other = find_member(typed, await self.services.members.list(ctx.group.id))
        if other is None:
            raise UserError(
                _(
                    "Nobody called {strip!r} is in this group. Use their name as the "
                    "bot knows it, e.g. `!mentor avoid @sam`.",
                    strip=typed.strip(),
                )
            )
        if other.user_id == ctx.user.id:
            raise UserError(_("You are never paired with yourself, so there is no need to avoid."))
        async with self.db.transaction() as tx:
            changed = await MentoringRepository(tx).avoid(
                tx, ctx.group.id, ctx.user.id, other.user_id, on
            )
        name = other.display_name
        if on:
            if changed:
                said = _("{name} is now on your avoid list. Nobody is ever told.", name=name)
            else:
                said = _("{name} was already on your avoid list. Nobody is ever told.", name=name)
            return Reply(said, private=True)
        if not changed:
            raise UserError(_("{name} is not on your avoid list, so nothing changed.", name=name))
        return Reply(_("{name} is off your avoid list.", name=name), private=True)

    # -- rounds ---------------------------------------------------------------------------

    @command("mentor round", role=Role.FACILITATOR)
    async def round(
        self,
        ctx: Context,
        *,
        dry_run: Annotated[bool, Arg("show the pairs and scores; change nothing")] = False,
    ) -> Reply:
        """Run a pairing round now (or just show what it would do)."""
        found = await gather(self.services, ctx.group, ctx.now())
        if len(found.people) < 2:
            ready = _("only 1 is") if found.people else _("nobody is")
            raise UserError(
                _(
                    "A round needs at least two people ready to pair; {ready}. People opt in "
                    "with `!mentor join mentor|mentee|peer`.",
                    ready=ready,
                )
            )
        names = await self.names(ctx.group.id)
        if dry_run:
            roles = Counter(p.role for p in found.people)
            return render.dry_run(plan_round(ctx.group, found), names, roles)
        made, left = await self.run_round(ctx.group, ctx.now(), found=found, ran_by=ctx.user.id)
        return Reply(render.round_run(made, len(found.people), left), private=True)

    @command("mentor accept", autocomplete={"id": PAIRINGS}, locate=("id", pairing_group))
    async def accept(self, ctx: Context, id: PairingId) -> Reply:
        """Say yes to a proposed pairing."""
        pairing = await self._mine(ctx, id)
        now = ctx.now()
        async with self.db.transaction() as tx:
            repo = PairingRepository(tx)
            if not await repo.answer(tx, id, ctx.user.id, "accept", now):
                raise UserError(
                    _(
                        "Pairing {id} is {state}; it no longer takes answers.",
                        id=id,
                        state=render.state_word(pairing.state),
                    )
                )
            started = await repo.start_if_all_accepted(tx, id, now)
            if started:
                await self.scheduler.add(tx, ctx.group.id, INTRO, f"{id}:{ctx.user.id}", now)
                due = now + timedelta(days=ctx.settings[CHECKIN_DAYS])
                await self.scheduler.add(tx, ctx.group.id, CHECKIN, str(id), due)
        if started:  # this answer is their intro; the others get theirs privately
            return await self.intro_for(pairing, ctx.user.id)
        return Reply(
            _("Thank you: pairing {id} starts when everyone has said yes.", id=id), private=True
        )

    @command("mentor skip", autocomplete={"id": PAIRINGS}, locate=("id", pairing_group))
    async def skip(self, ctx: Context, id: PairingId) -> Reply:
        """Skip a proposed pairing this round (nobody is told it was you)."""
        pairing = await self._mine(ctx, id)
        async with self.db.transaction() as tx:
            if not await PairingRepository(tx).answer(tx, id, ctx.user.id, "skip", ctx.now()):
                raise UserError(
                    _(
                        "Pairing {id} is {state}; it no longer takes answers.",
                        id=id,
                        state=render.state_word(pairing.state),
                    )
                )
        after = await self.next_round_note(ctx.group.id, ctx.user.id)
        return Reply(
            _("Skipped for this round. Nobody is told who skipped. {after}", after=after),
            private=True,
        )

    @command("mentor checkin", autocomplete={"id": PAIRINGS}, locate=("id", pairing_group))
    async def checkin(
        self,
        ctx: Context,
        id: PairingId,
        answer: Annotated[CheckinAnswer, Arg("did you meet?", said=render.CHECKIN_BUTTONS)],
    ) -> Reply:
        """Answer "did you two meet?": met, not-yet or no."""
        pairing = await self._mine(ctx, id)
        if pairing.state not in ("active", "done", "ended"):
            raise UserError(
                _("Pairing {id} has not started, so there is no meeting to check.", id=id)
            )
        me = next(p for p in pairing.people if p.user_id == ctx.user.id)
        said = render.CHECKIN_ANSWERS[answer]
        async with self.db.transaction() as tx:
            await PairingRepository(tx).check_in(tx, me.id, said, ctx.now())
            if said == "not yet" and me.checkin is None and pairing.state == "active":
                later = ctx.now() + timedelta(days=ASK_AGAIN_DAYS)
                await self.scheduler.add(tx, ctx.group.id, ASK_AGAIN, str(me.id), later)
        return Reply(_("Thank you; only totals are ever shown."), private=True)

    @command("mentor end")
    async def end(self, ctx: Context) -> Reply:
        """End your current pairing at once, privately."""
        current = [
            p
            for p in await self.pairings.of_person(ctx.group.id, ctx.user.id)
            if p.state == "active"
        ]
        if not current:
            raise UserError(
                _("You have no pairing under way to end. `!mentor status` shows your pairings.")
            )
        pairing = current[0]
        now = ctx.now()
        async with self.db.transaction() as tx:
            await PairingRepository(tx).move(tx, pairing.id, "active", "ended", now, early=True)
            await self.scheduler.cancel(tx, CHECKIN, str(pairing.id), now)
            for person in pairing.people:
                await self.scheduler.cancel(tx, ASK_AGAIN, str(person.id), now)
        # After the commit; at most once. They hear only that it ended, never why or by whom.

        async def ended(user_id: str) -> Reply:  # in their language
            return render.ended(await self.next_round_note(ctx.group.id, user_id))

        for other in pairing.others(ctx.user.id):
            await self.tell(ctx.group.id, [other], partial(ended, other), f"ended:{pairing.id}")
        after = await self.next_round_note(ctx.group.id, ctx.user.id)
        return Reply(
            _(
                "Pairing {pairing_id} has ended. The others are told only that it ended. {after}",
                pairing_id=pairing.id,
                after=after,
            ),
            private=True,
        )

    # -- people and the digest --------------------------------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """The opt-in, one's own avoid list, pairings and check-ins, notes (not who avoids you)."""
        me = await self.opt_ins.get(group_id, user_id)
        pairings = await self.pairings.of_person(group_id, user_id)
        avoids = await self.opt_ins.avoided_by(group_id, user_id)
        notes = await self.opt_ins.concerns(group_id, user_id)
        ran = [at for _, at in await self.pairings.rounds_run(group_id, EVER, END, user_id)]
        if me is None and not pairings and not avoids and not notes and not ran:
            return None
        names = await self.names(group_id)
        return {
            **exported(me, pairings, avoids, notes, names, user_id),
            "rounds_run": [at.isoformat() for at in ran],
        }

    async def forget_person(
        self, tx: aiosqlite.Connection, group_id: str, user_id: str
    ) -> Forgotten | None:
        """Erase opt-in, avoid lists, notes; pairings stay as counts without the person."""
        opt_in, avoids, notes = await MentoringRepository(tx).forget(tx, group_id, user_id)
        pairings = await PairingRepository(tx).forget(
            tx, group_id, user_id, self.services.clock.now()
        )
        if not (opt_in or avoids or notes or pairings):
            return None
        return forgotten(opt_in, avoids, notes, pairings)

    async def digest(self, group_id: str, since: Any, until: Any) -> list[DigestSection]:
        """Pairs made, started, met and ended early; concerns waiting. Totals only."""
        counts = await self.pairings.counts(group_id, since, until)
        waiting = sum(1 for c in await self.opt_ins.concerns(group_id) if c.followed_up_at is None)
        if not (counts.made or waiting):
            return []
        figures = (
            Figure(_("pairings proposed"), counts.made),
            Figure(_("accepted by both"), counts.started),
            Figure(_("met"), counts.met),
            Figure(_("ended early"), counts.ended_early),
        )
        lines = tuple(f"{f.label}: {f.value:g}" for f in figures)
        if waiting:
            lines += (
                _(
                    "concerns waiting for an organiser: {waiting} (`!mentor concerns`)",
                    waiting=waiting,
                ),
            )
        return [DigestSection(_("Mentoring (counts only)"), lines, figures, order=30)]

    async def activity(self, group_id: str, since: Any, until: Any) -> list[Activity]:
        """Joining mentoring, running a round, answers to proposals and check-ins."""
        joined = await self.opt_ins.joined_between(group_id, since, until)
        ran = await self.pairings.rounds_run(group_id, since, until)
        return (
            [Activity(u, at, "joined mentoring") for u, at in joined]
            + [Activity(u, at, "ran a pairing round") for u, at in ran]
            + [
                Activity(u, at, what)
                for u, at, what in await self.pairings.activity(group_id, since, until)
            ]
        )
