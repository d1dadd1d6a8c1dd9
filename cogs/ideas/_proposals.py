"""Proposing and backing ideas: add, support, edit and withdraw your own."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _
from bot.core.model import Action, Reply, Role
from bot.core.services import Services
from cogs.ideas._board import IdeaBoard
from cogs.ideas._keys import IdeaKey, IdeaRef
from cogs.ideas._parsing import checked_text
from cogs.ideas._render import similar_message, status_word
from cogs.ideas._settings import IDEA_CREATORS, IDEA_STALE_DAYS, STALE
from cogs.ideas._similar import most_similar
from storage.ideas import Idea

# Why someone may not change an idea: not theirs, or no longer open.
EDIT_REFUSALS = (
    N_("Only the person who proposed idea {id} can edit it."),
    N_("Idea {id} is {status}; it can be edited only while proposed or under discussion."),
)
WITHDRAW_REFUSALS = (
    N_("Only the person who proposed idea {id} can withdraw it."),
    N_("Idea {id} is {status}; it can be withdrawn only while proposed or under discussion."),
)


class IdeaProposals:
    """What participants do with ideas: propose, support, and change or withdraw their own."""

    def __init__(self, services: Services, board: IdeaBoard) -> None:
        self.services = services
        self.board = board
        self.ideas = board.ideas

    # -- proposing --------------------------------------------------------------------------

    async def add(self, ctx: Context, text: str, *, anonymous: bool, anyway: bool) -> Reply:
        """Post an idea with its thread, or first show a close open one."""
        if ctx.settings[IDEA_CREATORS] != "everyone":
            ctx.require(Role.FACILITATOR, _("propose ideas in this group"))
        cleaned = checked_text(text)
        similar = (
            None if anyway else most_similar(cleaned, await self.ideas.open_texts(ctx.group.id))
        )
        if similar is not None:
            return await self._similar(ctx, similar[0], cleaned, anonymous)
        async with self.services.db.transaction() as tx:
            idea_id = await self.ideas.add(
                tx,
                group_id=ctx.group.id,
                channel_id=ctx.channel_id,
                author_id=ctx.user.id,
                anonymous=anonymous,
                text=cleaned,
                now=ctx.now(),
            )
            stale = ctx.now() + timedelta(days=ctx.settings[IDEA_STALE_DAYS])
            await self.services.scheduler.add(
                tx, ctx.group.id, STALE, IdeaRef(idea_id).encode(), stale
            )
        message = await self.board.living(ctx.group.id, idea_id)
        title = _("Idea {idea_id}: {cleaned}", idea_id=idea_id, cleaned=cleaned)
        await ctx.post(dataclasses.replace(message, thread=title[:90]))
        return Reply(
            _("Idea {idea_id} is posted, with a thread for discussing it.", idea_id=idea_id)
            + (_(" It shows no name, to anyone.") if anonymous else ""),
            private=True,
        )

    async def _similar(self, ctx: Context, other_id: int, text: str, anonymous: bool) -> Reply:
        """Show the close open idea first: support it instead, or post anyway."""
        other = await self.board.idea(ctx.group.id, other_id)
        args = (text, "--anonymous", "--anyway") if anonymous else (text, "--anyway")
        anyway = Action(_("Post anyway"), "idea add", args, "secondary")
        supported = ctx.user.id in await self.ideas.supporters(other.id)
        return similar_message(
            other, anyway, mine=other.author_id == ctx.user.id, supported=supported
        )

    # -- support ----------------------------------------------------------------------------

    async def _open(self, ctx: Context, idea_id: int) -> Idea:
        idea = await self.board.idea(ctx.group.id, idea_id)
        if idea.status not in ("proposed", "discussing"):
            raise UserError(
                _(
                    "Idea {idea_id} is {status}; it takes no support now.",
                    idea_id=idea_id,
                    status=status_word(idea.status),
                )
            )
        return idea

    async def support(self, ctx: Context, id: int) -> Reply:
        """Support an open idea (not one's own)."""
        idea = await self._open(ctx, id)
        if idea.author_id == ctx.user.id:
            raise UserError(_("You proposed this idea, so you cannot support it too."))
        async with self.services.db.transaction() as tx:
            added = await self.ideas.support(tx, id, ctx.user.id, ctx.now())
        if not added:
            raise UserError(
                _(
                    "You are already supporting idea {id}. `!idea unsupport {id}` takes it back.",
                    id=id,
                )
            )
        await self.board.redraw(ctx.group.id, id)
        return Reply(_("You support idea {id}.", id=id), private=True)

    async def unsupport(self, ctx: Context, id: int) -> Reply:
        """Take back one's support of an open idea."""
        await self._open(ctx, id)
        async with self.services.db.transaction() as tx:
            removed = await self.ideas.unsupport(tx, id, ctx.user.id)
        if not removed:
            raise UserError(_("You are not supporting idea {id}.", id=id))
        await self.board.redraw(ctx.group.id, id)
        return Reply(_("You no longer support idea {id}.", id=id), private=True)

    async def toggle(self, ctx: Context, id: int) -> Reply:
        """Support, or take back one's support (the Support button)."""
        if ctx.user.id in await self.ideas.supporters(id):
            return await self.unsupport(ctx, id)
        return await self.support(ctx, id)

    # -- the author's own -------------------------------------------------------------------

    async def _authors(self, ctx: Context, id: int, refusals: tuple[str, str]) -> Idea:
        """The idea, if it is the asker's and still open; `refusals` say why not (N_ marked)."""
        idea = await self.board.idea(ctx.group.id, id)
        if idea.author_id != ctx.user.id:
            raise UserError(_(refusals[0], id=id))
        if idea.status not in ("proposed", "discussing"):
            raise UserError(_(refusals[1], id=id, status=status_word(idea.status)))
        return idea

    async def edit(self, ctx: Context, id: int, text: str) -> Reply:
        """Change one's idea's text; its thread and supporters are told."""
        idea = await self._authors(ctx, id, EDIT_REFUSALS)
        cleaned = checked_text(text)
        if cleaned == idea.text:
            raise UserError(
                _("That is idea {id}'s text already; type the new text in quotes.", id=id)
            )
        if idea.poll_id is not None and not idea.poll_done:
            # People are voting on the text as it was; changing it under them would change
            # what their ballots mean.
            raise UserError(
                _(
                    "Poll {poll_id} on idea {id} is open on its text as it is; it can be edited "
                    "once that poll has closed.",
                    poll_id=idea.poll_id,
                    id=id,
                )
            )
        async with self.services.db.transaction() as tx:
            if not await self.ideas.edit(tx, id, cleaned, ctx.now()):
                raise UserError(_("Idea {id} changed just now; `!idea show {id}` shows it.", id=id))
        await self.board.redraw(ctx.group.id, id)
        await self.board.in_thread(
            ctx.group.id, id, _("The idea was edited: “{cleaned}”", cleaned=cleaned)
        )
        await self.board.tell(
            idea,
            lambda: Reply(
                _("Idea {id}, which you support, was edited: “{cleaned}”", id=id, cleaned=cleaned),
                private=True,
            ),
            IdeaKey(id).nudge("edit", int(ctx.now().timestamp())),
            author=False,
        )
        return Reply(_("Idea {id} is edited; its supporters are told.", id=id), private=True)

    async def withdraw(self, ctx: Context, id: int) -> Reply:
        """Withdraw one's idea; its thread and supporters are told."""
        idea = await self._authors(ctx, id, WITHDRAW_REFUSALS)
        async with self.services.db.transaction() as tx:
            if not await self.ideas.set_status(
                tx,
                id,
                idea.status,
                "withdrawn",
                _("withdrawn by its author"),
                ctx.now(),
                ctx.user.id,
            ):
                raise UserError(_("Idea {id} changed just now; `!idea show {id}` shows it.", id=id))
            await self.services.scheduler.cancel(tx, STALE, IdeaRef(id).encode(), ctx.now())
        await self.board.redraw(ctx.group.id, id)
        await self.board.in_thread(ctx.group.id, id, _("The idea was withdrawn by its author."))
        await self.board.tell(
            idea,
            lambda: Reply(
                _("Idea {id}, which you supported, was withdrawn by its author.", id=id),
                private=True,
            ),
            IdeaKey(id).nudge("withdrawn"),
            author=False,
        )
        return Reply(_("Idea {id} is withdrawn.", id=id), private=True)
