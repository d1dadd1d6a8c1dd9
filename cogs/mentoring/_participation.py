"""How someone is in the pairing rounds: joining, leaving, pausing, avoiding, their status."""

from __future__ import annotations

import dataclasses

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import _
from bot.core.members import find_member
from bot.core.model import Reply
from bot.core.services import Services
from bot.core.timeparse import stamp
from cogs.mentoring import _render as render
from cogs.mentoring._jobs import RoundJobs
from cogs.mentoring._parsing import read_pause, read_topics, read_weeks
from cogs.mentoring._settings import MENTORING_EVERY
from storage.mentoring import MentoringRepository, OptIn


class Participation:
    """Opting in and out of pairing rounds, and who one is never paired with."""

    def __init__(self, services: Services, rounds: RoundJobs) -> None:
        self.services = services
        self.db = services.db
        self.rounds = rounds
        self.opt_ins = rounds.opt_ins
        self.pairings = rounds.pairings

    async def join(self, ctx: Context, role: str, topics: str | None, every: str | None) -> Reply:
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
            await self.rounds.rearm(ctx.group)
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

    async def pause(self, ctx: Context, length: str) -> Reply:
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

    async def status(self, ctx: Context) -> Reply:
        """Your opt-in, your pairings past and current, and the next round's date."""
        me = await self.opt_ins.get(ctx.group.id, ctx.user.id)
        pairings = await self.pairings.of_person(ctx.group.id, ctx.user.id)
        next_at = await self.opt_ins.next_round(ctx.group.id)
        names = await self.rounds.names(ctx.group.id)
        shown = stamp(next_at) if next_at else None
        return render.status(me, pairings[:10], names, ctx.user.id, shown)

    async def avoid(self, ctx: Context, typed: str, *, on: bool) -> Reply:
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
