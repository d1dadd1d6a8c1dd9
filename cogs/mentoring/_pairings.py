"""A pairing's life as its people answer: a round run by hand, accept, skip, check in, end."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from functools import partial

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import _
from bot.core.model import Reply
from bot.core.services import Services
from cogs.mentoring import _render as render
from cogs.mentoring._jobs import RoundJobs
from cogs.mentoring._keys import IntroRef, PairingRef, PersonRef
from cogs.mentoring._rounds import gather, plan_round
from cogs.mentoring._settings import ASK_AGAIN, ASK_AGAIN_DAYS, CHECKIN, CHECKIN_DAYS, INTRO
from storage.mentoring_pairings import Pairing, PairingRepository


class PairingAnswers:
    """Running a round now, and each person's answers to the pairings it proposes."""

    def __init__(self, services: Services, rounds: RoundJobs) -> None:
        self.services = services
        self.db = services.db
        self.scheduler = services.scheduler
        self.rounds = rounds
        self.pairings = rounds.pairings

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

    async def run_now(self, ctx: Context, dry_run: bool) -> Reply:
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
        names = await self.rounds.names(ctx.group.id)
        if dry_run:
            roles = Counter(p.role for p in found.people)
            return render.dry_run(plan_round(ctx.group, found), names, roles)
        made, left = await self.rounds.run_round(
            ctx.group, ctx.now(), found=found, ran_by=ctx.user.id
        )
        return Reply(render.round_run(made, len(found.people), left), private=True)

    async def accept(self, ctx: Context, id: int) -> Reply:
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
                intro = IntroRef(id, ctx.user.id).encode()
                await self.scheduler.add(tx, ctx.group.id, INTRO, intro, now)
                due = now + timedelta(days=ctx.settings[CHECKIN_DAYS])
                await self.scheduler.add(tx, ctx.group.id, CHECKIN, PairingRef(id).encode(), due)
        if started:  # this answer is their intro; the others get theirs privately
            return await self.rounds.intro_for(pairing, ctx.user.id)
        return Reply(
            _("Thank you: pairing {id} starts when everyone has said yes.", id=id), private=True
        )

    async def skip(self, ctx: Context, id: int) -> Reply:
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
        after = await self.rounds.next_round_note(ctx.group.id, ctx.user.id)
        return Reply(
            _("Skipped for this round. Nobody is told who skipped. {after}", after=after),
            private=True,
        )

    async def checkin(self, ctx: Context, id: int, answer: str) -> Reply:
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
                await self.scheduler.add(
                    tx, ctx.group.id, ASK_AGAIN, PersonRef(me.id).encode(), later
                )
        return Reply(_("Thank you; only totals are ever shown."), private=True)

    async def _ended(self, group_id: str, user_id: str) -> Reply:
        """What someone is told when their pairing is ended, in their language."""
        return render.ended(await self.rounds.next_round_note(group_id, user_id))

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
            await self.scheduler.cancel(tx, CHECKIN, PairingRef(pairing.id).encode(), now)
            for person in pairing.people:
                await self.scheduler.cancel(tx, ASK_AGAIN, PersonRef(person.id).encode(), now)
        # After the commit; at most once. They hear only that it ended, never why or by whom.
        for other in pairing.others(ctx.user.id):
            await self.rounds.tell(
                ctx.group.id, [other], partial(self._ended, ctx.group.id, other),
                PairingRef(pairing.id).nudge("ended"),
            )  # fmt: skip
        after = await self.rounds.next_round_note(ctx.group.id, ctx.user.id)
        return Reply(
            _(
                "Pairing {pairing_id} has ended. The others are told only that it ended. {after}",
                pairing_id=pairing.id,
                after=after,
            ),
            private=True,
        )
