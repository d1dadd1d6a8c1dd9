"""The chat side of ideas: propose, support, discuss in a thread, and answer with a reason."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import timedelta
from typing import Annotated, ClassVar, Literal

from bot.core.cog import Cog
from bot.core.commands import Arg, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _, either, ngettext
from bot.core.limits import LONG
from bot.core.model import Action, Reply, Role
from bot.core.services import Services
from bot.core.timeparse import DAY_TIME, describe, parse_when
from cogs.ideas._board import IdeaBoard
from cogs.ideas._flow import IdeaFlow, IdeaId
from cogs.ideas._render import history_lines, list_message, similar_message, status_word
from cogs.ideas._settings import (
    IDEA_CREATORS,
    IDEA_STALE_DAYS,
    MAX_TEXT,
    NEXT,
    SETTINGS,
    STALE,
)
from cogs.ideas._similar import most_similar
from storage.ideas import Idea
from storage.ideas_records import IdeaRecords

Status = Literal["discussing", "adopted", "declined", "parked", "done"]
Sort = Literal["support", "new", "active"]
ACTIVE_DAYS = 14
# Why someone may not change an idea: not theirs, or no longer open.
EDIT_REFUSALS = (
    N_("Only the person who proposed idea {id} can edit it."),
    N_("Idea {id} is {status}; it can be edited only while proposed or under discussion."),
)
WITHDRAW_REFUSALS = (
    N_("Only the person who proposed idea {id} can withdraw it."),
    N_("Idea {id} is {status}; it can be withdrawn only while proposed or under discussion."),
)


def checked_text(text: str) -> str:
    """An idea's text, or a UserError saying what is wrong with it."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UserError(
            _('Say what the idea is, e.g. `!idea add "Open the drop-in on Saturdays"`.')
        )
    if len(cleaned) > MAX_TEXT:
        raise UserError(
            ngettext(
                "An idea is at most {n} character; yours is {length}.",
                "An idea is at most {n} characters; yours is {length}.",
                MAX_TEXT,
                length=len(cleaned),
            )
        )
    return cleaned


class Ideas(IdeaFlow, Cog):
    """Ideas anyone can propose, discussed in their own thread and answered with a reason."""

    feature = "ideas"
    settings = SETTINGS
    tasks: ClassVar[Mapping[str, str]] = {"idea": N_("Propose and back ideas")}
    task_order: ClassVar[int] = 20

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.board = IdeaBoard(services)
        self.ideas = self.board.ideas
        self.records = IdeaRecords(services.db.reader)

    # -- proposing --------------------------------------------------------------------------

    @command("idea add")
    async def add(
        self,
        ctx: Context,
        text: Annotated[str, Arg("the idea", metavar="TEXT", max_length=MAX_TEXT)],
        *,
        anonymous: Annotated[bool, Arg("shown without your name, to everyone")] = False,
        anyway: Annotated[bool, Arg("post even if a similar idea is open")] = False,
    ) -> Reply:
        """Propose an idea: it gets its own thread and a Support button."""
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
            await self.services.scheduler.add(tx, ctx.group.id, STALE, str(idea_id), stale)
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

    @command(
        "idea support",
        autocomplete={"id": IdeaFlow.idea_choices},
        locate=("id", IdeaFlow.idea_group),
    )
    async def support(self, ctx: Context, id: IdeaId) -> Reply:
        """Support an open idea."""
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

    @command(
        "idea unsupport",
        autocomplete={"id": IdeaFlow.idea_choices},
        locate=("id", IdeaFlow.idea_group),
    )
    async def unsupport(self, ctx: Context, id: IdeaId) -> Reply:
        """Take back your support."""
        await self._open(ctx, id)
        async with self.services.db.transaction() as tx:
            removed = await self.ideas.unsupport(tx, id, ctx.user.id)
        if not removed:
            raise UserError(_("You are not supporting idea {id}.", id=id))
        await self.board.redraw(ctx.group.id, id)
        return Reply(_("You no longer support idea {id}.", id=id), private=True)

    @command("idea toggle", locate=("id", IdeaFlow.idea_group), hidden=True)
    async def toggle(self, ctx: Context, id: IdeaId) -> Reply:
        """Support, or take back your support (the Support button)."""
        if ctx.user.id in await self.ideas.supporters(id):
            reply = await self.unsupport(ctx, id)
        else:
            reply = await self.support(ctx, id)
        assert reply is not None  # both always answer
        return reply

    # -- reading ----------------------------------------------------------------------------

    @command(
        "idea show",
        autocomplete={"id": IdeaFlow.idea_choices},
        locate=("id", IdeaFlow.idea_group),
    )
    async def show(self, ctx: Context, id: IdeaId) -> Reply:
        """An idea with its status, supporters and history."""
        idea = await self.board.idea(ctx.group.id, id)
        message = await self.board.living(ctx.group.id, id)
        anonymous = idea.author_id if idea.anonymous else None
        history = history_lines(
            await self.ideas.history(id), await self.board.names(ctx.group.id), anonymous
        )
        return Reply(
            message.body + "\n\n**History**\n" + history, title=message.title, fields=message.fields
        )

    @command("idea list")
    async def list_ideas(
        self,
        ctx: Context,
        *,
        status: Annotated[
            Literal["proposed", "discussing", "adopted", "declined", "parked", "done", "withdrawn"]
            | None,
            Arg("only ideas with this status"),
        ] = None,
        sort: Annotated[Sort, Arg("most support, newest, or busiest thread")] = "support",
    ) -> Reply:
        """List ideas by support, newest or most active."""
        since = ctx.now() - timedelta(days=ACTIVE_DAYS)
        return list_message(
            await self.ideas.listed(ctx.group.id, status, sort, since), sort, status
        )

    # -- the author's own -------------------------------------------------------------------

    async def _authors(self, ctx: Context, id: int, refusals: tuple[str, str]) -> Idea:
        """The idea, if it is the asker's and still open; `refusals` say why not (N_ marked)."""
        idea = await self.board.idea(ctx.group.id, id)
        if idea.author_id != ctx.user.id:
            raise UserError(_(refusals[0], id=id))
        if idea.status not in ("proposed", "discussing"):
            raise UserError(_(refusals[1], id=id, status=status_word(idea.status)))
        return idea

    @command(
        "idea edit",
        autocomplete={"id": IdeaFlow.idea_choices},
        locate=("id", IdeaFlow.idea_group),
    )
    async def edit(
        self,
        ctx: Context,
        id: IdeaId,
        text: Annotated[str, Arg("the new text", metavar="TEXT", max_length=MAX_TEXT)],
    ) -> Reply:
        """Change your idea's text (shown as edited; supporters are told)."""
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
            f"idea:{id}:edit:{int(ctx.now().timestamp())}",
            author=False,
        )
        return Reply(_("Idea {id} is edited; its supporters are told.", id=id), private=True)

    @command(
        "idea withdraw",
        autocomplete={"id": IdeaFlow.idea_choices},
        locate=("id", IdeaFlow.idea_group),
    )
    async def withdraw(self, ctx: Context, id: IdeaId) -> Reply:
        """Withdraw your idea."""
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
            await self.services.scheduler.cancel(tx, STALE, str(id), ctx.now())
        await self.board.redraw(ctx.group.id, id)
        await self.board.in_thread(ctx.group.id, id, _("The idea was withdrawn by its author."))
        await self.board.tell(
            idea,
            lambda: Reply(
                _("Idea {id}, which you supported, was withdrawn by its author.", id=id),
                private=True,
            ),
            f"idea:{id}:withdrawn",
            author=False,
        )
        return Reply(_("Idea {id} is withdrawn.", id=id), private=True)

    # -- answering it -----------------------------------------------------------------------

    @command("idea status", role=Role.FACILITATOR, autocomplete={"id": IdeaFlow.idea_choices})
    async def status(
        self,
        ctx: Context,
        id: IdeaId,
        status: Annotated[Status, Arg("where the idea goes next")],
        *,
        reason: Annotated[
            str | None, Arg("why (needed for all but discussing)", metavar="TEXT", max_length=LONG)
        ] = None,
        review: Annotated[
            str | None, Arg("adopted: when to ask if it works", metavar="WHEN")
        ] = None,
    ) -> Reply:
        """Move an idea on, with the reason the group and its author will see."""
        idea = await self.board.idea(ctx.group.id, id)
        allowed = NEXT[idea.status]
        if status not in allowed:
            could = either(allowed) or _("nowhere: it is settled")
            raise UserError(
                _(
                    "Idea {id} is {status}; from there it can go to {could}.",
                    id=id,
                    status=status_word(idea.status),
                    could=could,
                )
            )
        why = " ".join((reason or "").split()) or None
        if status != "discussing" and not why:
            raise UserError(
                _(
                    'Give the reason, e.g. `!idea status {id} {status} --reason "We can fund it '
                    'from April"`.',
                    id=id,
                    status=status,
                )
            )
        if review and status != "adopted":
            raise UserError(_("A review date goes with adopted only."))
        tz = ctx.settings.timezone
        review_at = parse_when(review, tz, ctx.now(), day_time=DAY_TIME) if review else None
        await self.board.move(idea, status, why, ctx.user.id, review_at)
        said = (
            _(" Its review is {describe}.", describe=describe(review_at, tz)) if review_at else ""
        )
        return Reply(
            _("Idea {id} is now {status}.{said}", id=id, status=status_word(status), said=said),
            private=True,
        )
