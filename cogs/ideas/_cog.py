"""The chat side of ideas: what people type and what runs on the clock, each handed on.

Proposing and backing is `IdeaProposals`, answering and deciding `IdeaAnswers`, ideas
waiting too long `WaitingIdeas`; all of them find, redraw and tell through `IdeaBoard`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any, ClassVar, Literal

from bot.core.cog import Cog
from bot.core.commands import Arg, command, job, listener, matching
from bot.core.context import Context
from bot.core.events import ThreadMessage
from bot.core.i18n import N_, Nn_
from bot.core.limits import LONG
from bot.core.model import Reply, Role
from bot.core.parts import Activity, DigestSection, Forgotten
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.settings import SettingChanged
from cogs.ideas._answers import REVIEW_BUTTONS, IdeaAnswers
from cogs.ideas._board import IdeaBoard
from cogs.ideas._digest import activity, sections
from cogs.ideas._keys import redraw_idea
from cogs.ideas._people import exported, forgotten
from cogs.ideas._proposals import IdeaProposals
from cogs.ideas._render import history_lines, list_message
from cogs.ideas._settings import IDEA_STALE_DAYS, MAX_TEXT, REDRAW, REVIEW, SETTINGS, STALE
from cogs.ideas._waiting import WaitingIdeas
from cogs.polls import PollClosed
from storage.engine import Tx
from storage.ideas_records import IdeaRecords

IdeaId = Annotated[int, Arg("the idea's number", min_value=1)]
IdeaText = Annotated[str, Arg("the idea", metavar="TEXT", max_length=MAX_TEXT)]
Status = Literal["discussing", "adopted", "declined", "parked", "done"]
AnyStatus = Literal["proposed", "discussing", "adopted", "declined", "parked", "done", "withdrawn"]
Sort = Literal["support", "new", "active"]
Kind = Literal["consent", "single", "multi", "ranked"]
ACTIVE_DAYS = 14


class Ideas(Cog):
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
        self.proposals = IdeaProposals(services, self.board)
        self.answers = IdeaAnswers(services, self.board)
        self.waiting = WaitingIdeas(services, self.board, self.records)

    # -- hooks ------------------------------------------------------------------------------

    async def idea_group(self, idea_id: int) -> str | None:
        """The group an idea belongs to, so its own commands also work in a private chat.

        An anonymous idea's author can then edit, withdraw or review it where nobody sees
        them type the command.
        """
        return await self.ideas.group_of(idea_id)

    async def idea_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: this group's ideas, newest first, by number, text or status."""
        ideas = reversed(await self.ideas.in_group(ctx.group.id))
        return matching(((f"{i.id} ({i.status}): {i.text}", str(i.id)) for i in ideas), typed)

    # -- proposing and backing --------------------------------------------------------------

    @command("idea add")
    async def add(
        self,
        ctx: Context,
        text: IdeaText,
        *,
        anonymous: Annotated[bool, Arg("shown without your name, to everyone")] = False,
        anyway: Annotated[bool, Arg("post even if a similar idea is open")] = False,
    ) -> Reply:
        """Propose an idea: it gets its own thread and a Support button."""
        return await self.proposals.add(ctx, text, anonymous=anonymous, anyway=anyway)

    @command("idea support", autocomplete={"id": idea_choices}, locate=("id", idea_group))
    async def support(self, ctx: Context, id: IdeaId) -> Reply:
        """Support an open idea."""
        return await self.proposals.support(ctx, id)

    @command("idea unsupport", autocomplete={"id": idea_choices}, locate=("id", idea_group))
    async def unsupport(self, ctx: Context, id: IdeaId) -> Reply:
        """Take back your support."""
        return await self.proposals.unsupport(ctx, id)

    @command("idea toggle", locate=("id", idea_group), hidden=True)
    async def toggle(self, ctx: Context, id: IdeaId) -> Reply:
        """Support, or take back your support (the Support button)."""
        return await self.proposals.toggle(ctx, id)

    @command("idea edit", autocomplete={"id": idea_choices}, locate=("id", idea_group))
    async def edit(
        self,
        ctx: Context,
        id: IdeaId,
        text: Annotated[str, Arg("the new text", metavar="TEXT", max_length=MAX_TEXT)],
    ) -> Reply:
        """Change your idea's text (shown as edited; supporters are told)."""
        return await self.proposals.edit(ctx, id, text)

    @command("idea withdraw", autocomplete={"id": idea_choices}, locate=("id", idea_group))
    async def withdraw(self, ctx: Context, id: IdeaId) -> Reply:
        """Withdraw your idea."""
        return await self.proposals.withdraw(ctx, id)

    # -- reading ----------------------------------------------------------------------------

    @command("idea show", autocomplete={"id": idea_choices}, locate=("id", idea_group))
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
        status: Annotated[AnyStatus | None, Arg("only ideas with this status")] = None,
        sort: Annotated[Sort, Arg("most support, newest, or busiest thread")] = "support",
    ) -> Reply:
        """List ideas by support, newest or most active."""
        since = ctx.now() - timedelta(days=ACTIVE_DAYS)
        return list_message(
            await self.ideas.listed(ctx.group.id, status, sort, since), sort, status
        )

    # -- answering and deciding -------------------------------------------------------------

    @command("idea status", role=Role.FACILITATOR, autocomplete={"id": idea_choices})
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
        return await self.answers.status(ctx, id, status, reason, review)

    @command("idea poll", role=Role.FACILITATOR, autocomplete={"id": idea_choices})
    async def poll(
        self,
        ctx: Context,
        id: IdeaId,
        *options: Annotated[
            str,
            Arg(
                "options (none: a consent decision)",
                min_count=0,
                max_count=20,
                metavar="OPTION",
                noun=Nn_("{n} option", "{n} options"),
            ),
        ],
        kind: Annotated[Kind, Arg("how people answer")] = "consent",
        closes: Annotated[str | None, Arg("when it closes", metavar="WHEN")] = None,
        review: Annotated[
            str | None, Arg("consent: if adopted, when to ask if it works", metavar="WHEN")
        ] = None,
    ) -> Reply:
        """Open a poll on an idea, in its thread; its result moves the idea."""
        return await self.answers.poll(ctx, id, options, kind, closes, review)

    @listener(PollClosed)
    async def poll_closed(self, outcome: PollClosed) -> None:
        """A decision on an idea ended: move the idea (once, however often this is heard)."""
        await self.answers.poll_closed(outcome)

    @command("idea review", autocomplete={"id": idea_choices}, locate=("id", idea_group))
    async def review(
        self,
        ctx: Context,
        id: IdeaId,
        outcome: Annotated[
            Literal["keep", "change", "drop"],
            Arg("what the review decided", said=REVIEW_BUTTONS),  # "Keep" in any language
        ],
    ) -> Reply:
        """Record an adopted idea's review: keep it, change it, or drop it."""
        return await self.answers.review(ctx, id, outcome)

    @job(REVIEW)
    async def review_due(self, due: Due) -> None:
        """An adopted idea's review date: ask its facilitators and author whether it works."""
        await self.answers.review_due(due)

    # -- ideas waiting too long -------------------------------------------------------------

    @job(STALE)
    async def stale_due(self, due: Due) -> None:
        """No news of an idea for a while: tell its author it has not been forgotten."""
        await self.waiting.look(due)

    @listener(SettingChanged)
    async def setting_changed(self, event: SettingChanged) -> None:
        """A new idea_stale_days counts at once for every open idea, not after the next look."""
        if event.name == IDEA_STALE_DAYS.name:
            await self.waiting.rearm_all(event.group_id)

    @listener(ThreadMessage)
    async def thread_message(self, event: ThreadMessage) -> None:
        """Count a message in an idea's thread (never its text)."""
        await self.waiting.talked(event.group_id, event.key, event.at)

    # -- what ideas contribute --------------------------------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """The ideas someone proposed and supports."""
        return exported(*await self.records.of_person(group_id, user_id))

    async def forget_person(self, tx: Tx, group_id: str, user_id: str) -> Forgotten | None:
        """Ideas stay, unnamed; the person's supports go (the counts drop with them)."""
        mine, supported = await self.records.forget(tx, group_id, user_id)
        # Their name is on those ideas' messages: redrawn from what is stored once committed.
        for idea_id in sorted({*mine, *supported}):
            await self.board.redraw(group_id, idea_id)
        return forgotten(len(mine), len(supported))

    @job(REDRAW)
    async def redraw_due(self, due: Due) -> None:
        """Redraw an idea's message (rows scheduled by the last release after a forget)."""
        await self.board.redraw(due.group.id, redraw_idea(due.row.ref))

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Ideas that changed status (with the reason), new ones, those waiting (stale flagged)."""
        return await sections(self.services, self.ideas, self.records, group_id, since, until)

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Proposing (a named idea), supporting and moving ideas on count as taking part."""
        return await activity(self.records, group_id, since, until)
