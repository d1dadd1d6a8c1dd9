"""Mentoring concerns: a private note to the group's organisers, and their follow-up."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import _, ngettext
from bot.core.model import Reply, Role
from bot.core.services import Services
from bot.core.timeparse import stamp
from cogs.mentoring._jobs import RoundJobs
from cogs.mentoring._keys import concern_key
from cogs.mentoring._parsing import MAX_CONCERN
from storage.mentoring import MentoringRepository


class Concerns:
    """Raising a concern, and the organisers reading and following them up."""

    def __init__(self, services: Services, rounds: RoundJobs) -> None:
        self.services = services
        self.db = services.db
        self.rounds = rounds
        self.opt_ins = rounds.opt_ins

    async def concern(self, ctx: Context, text: str) -> Reply:
        """Send a private note to the group's organisers (and nobody else)."""
        note = " ".join(text.split())
        if not note:
            raise UserError(_('Say what worries you, e.g. `!mentor concern "We never meet"`.'))
        if len(note) > MAX_CONCERN:
            raise UserError(
                ngettext(
                    "A note is at most {n} character; yours is {length}.",
                    "A note is at most {n} characters; yours is {length}.",
                    MAX_CONCERN,
                    length=len(note),
                )
            )
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
                lambda: Reply(  # in each organiser's language
                    _(
                        "{name} raised a mentoring concern (number {number}): "
                        "{note}\nFollow it up with them, then type `!mentor followed-up "
                        "{number}`.",
                        name=ctx.user.name,
                        number=number,
                        note=note,
                    ),
                    title=_("A mentoring concern"),
                    private=True,
                    confidential=True,  # who raised what: never shown in a channel instead
                ),
                dedupe=concern_key(number),
                reminder=False,
            )
        if reached:
            said = _(
                "Your note (concern {number}) is with the organisers and nobody else. They will "
                "follow up with you.",
                number=number,
            )
        else:
            said = _(
                "Your note (concern {number}) is kept for the organisers and nobody else; none "
                "has used the bot here yet, so they will find it with `!mentor concerns`.",
                number=number,
            )
        return Reply(said, private=True)

    async def concerns(self, ctx: Context) -> Reply:
        """Read the mentoring concerns people have raised (organisers)."""
        names = await self.rounds.names(ctx.group.id)
        lines = [
            _(
                "- **{id}** from {name}, {day}{followed}: {text}",
                id=c.id,
                name=names.get(c.user_id, c.user_id),
                day=stamp(c.raised_at, "D"),
                followed=_(" (followed up)") if c.followed_up_at else "",
                text=c.text,
            )
            for c in await self.opt_ins.concerns(ctx.group.id)
        ]
        return Reply(
            "\n".join(lines) + "\n\n" + _("`!mentor followed-up ID` once you have followed one up.")
            if lines
            else _("No concerns have been raised."),
            title=_("Mentoring concerns"),
            private=True,
        )

    async def followed_up(self, ctx: Context, id: int) -> Reply:
        """Mark a concern followed up, so the digest stops counting it as waiting."""
        async with self.db.transaction() as tx:
            done = await MentoringRepository(tx).follow_up(tx, ctx.group.id, id, ctx.now())
        if not done:
            raise UserError(
                _("There is no concern {id} waiting. `!mentor concerns` lists them.", id=id)
            )
        return Reply(_("Concern {id} is marked followed up.", id=id), private=True)
