"""Mentoring concerns: a private note to the group's organisers, and their follow-up."""

from __future__ import annotations

from typing import Annotated

from bot.core.commands import Arg, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.model import Reply, Role
from bot.core.timeparse import stamp
from cogs.mentoring._jobs import RoundJobs
from cogs.mentoring._parsing import MAX_CONCERN
from storage.mentoring import MentoringRepository


class Concerns(RoundJobs):
    """Raising a concern, and the organisers reading and following them up."""

    @command("mentor concern")
    async def concern(
        self,
        ctx: Context,
        text: Annotated[str, Arg("what worries you", metavar="TEXT", max_length=MAX_CONCERN)],
    ) -> Reply:
        """Send a private note to the group's organisers (and nobody else)."""
        note = " ".join(text.split())
        if not note:
            raise UserError('Say what worries you, e.g. `!mentor concern "We never meet"`.')
        if len(note) > MAX_CONCERN:
            raise UserError(f"A note is at most {MAX_CONCERN} characters; yours is {len(note)}.")
        async with self.db.transaction() as tx:
            number = await MentoringRepository(tx).raise_concern(
                tx, ctx.group.id, ctx.user.id, note, ctx.now()
            )
        organisers = await self.services.members.with_role(ctx.group.id, Role.ORGANISER)
        reached = 0
        if organisers:
            # Not a reminder: an organiser who turned reminders off still gets it (after
            # their quiet hours).
            reached = await self.services.nudges.nudge(
                ctx.group.id,
                organisers,
                Reply(
                    f"{ctx.user.name} raised a mentoring concern (number {number}): {note}\n"
                    f"Follow it up with them, then type `!mentor followed-up {number}`.",
                    title="A mentoring concern",
                    private=True,
                    confidential=True,  # who raised what: never shown in a channel instead
                ),
                dedupe=f"mentor-concern:{number}",
                reminder=False,
            )
        if reached:
            where = "is with the organisers and nobody else. They will follow up with you."
        else:
            where = (
                "is kept for the organisers and nobody else; none has used the bot here yet, "
                "so they will find it with `!mentor concerns`."
            )
        return Reply(f"Your note (concern {number}) {where}", private=True)

    @command("mentor concerns", role=Role.ORGANISER)
    async def concerns(self, ctx: Context) -> Reply:
        """Read the mentoring concerns people have raised (organisers)."""
        names = await self.names(ctx.group.id)
        lines = [
            f"- **{c.id}** from {names.get(c.user_id, c.user_id)}, {stamp(c.raised_at, 'D')}"
            f"{' (followed up)' if c.followed_up_at else ''}: {c.text}"
            for c in await self.opt_ins.concerns(ctx.group.id)
        ]
        return Reply(
            "\n".join(lines) + "\n\n`!mentor followed-up ID` once you have followed one up."
            if lines
            else "No concerns have been raised.",
            title="Mentoring concerns",
            private=True,
        )

    @command("mentor followed-up", role=Role.ORGANISER)
    async def followed_up(
        self, ctx: Context, id: Annotated[int, Arg("the concern's number", min_value=1)]
    ) -> Reply:
        """Mark a concern followed up, so the digest stops counting it as waiting."""
        async with self.db.transaction() as tx:
            done = await MentoringRepository(tx).follow_up(tx, ctx.group.id, id, ctx.now())
        if not done:
            raise UserError(f"There is no concern {id} waiting. `!mentor concerns` lists them.")
        return Reply(f"Concern {id} is marked followed up.", private=True)
