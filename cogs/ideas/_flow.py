"""Ideas on the way to a decision: polls on them, reviews, staleness, their contributions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import aiosqlite

from bot.core.commands import Arg, command, job, listener
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.events import THREAD_MESSAGE
from bot.core.model import Action, Reply, Role, User
from bot.core.registry import Activity, DigestSection, Forgotten
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.timeparse import parse_when, stamp
from cogs.ideas._board import IdeaBoard
from cogs.ideas._people import digest_sections, exported, is_stale, told
from cogs.ideas._render import LABELS
from cogs.ideas._settings import IDEA_STALE_DAYS, REVIEW, STALE, idea_key
from cogs.polls import POLL_CLOSED, PollOutcome, start_poll
from storage.ideas import IdeaRepository

IdeaId = Annotated[int, Arg("the idea's number")]
Kind = Literal["consent", "single", "multi", "ranked"]


class IdeaFlow:
    """The Ideas cog's decision, review and contribution half (mixed into the cog)."""

    services: Services
    board: IdeaBoard
    ideas: IdeaRepository

    @command("idea poll", role=Role.FACILITATOR)
    async def poll(
        self,
        ctx: Context,
        id: IdeaId,
        *options: Annotated[str, Arg("options (none: a consent decision)", 0, 20, "OPTION")],
        kind: Annotated[Kind, Arg("how people answer")] = "consent",
        closes: Annotated[str | None, Arg("when it closes", metavar="WHEN")] = None,
    ) -> Reply:
        """Open a poll on an idea, in its thread; its result moves the idea."""
        idea = await self.board.idea(ctx.group.id, id)
        if idea.status not in ("proposed", "discussing", "parked"):
            raise UserError(
                f"Idea {id} is {LABELS[idea.status].lower()}; a poll is for an idea still "
                "under discussion."
            )
        if kind == "consent" and options:
            raise UserError("A consent decision has its own options; give none, or --kind single.")
        question = f"Adopt idea {id}: {idea.text}" if kind == "consent" else idea.text
        closes_at = parse_when(closes, ctx.settings.timezone, ctx.now()) if closes else None
        poll_id, message = await start_poll(
            self.services,
            group_id=ctx.group.id,
            channel_id=idea.channel_id,
            author_id=ctx.user.id,
            question=question[:300],
            options=options,
            kind=kind,
            closes_at=closes_at,
        )
        async with self.services.db.transaction() as tx:
            await self.ideas.link_poll(tx, id, poll_id)
        if idea.status != "discussing":
            await self.board.move(
                idea, "discussing", f"a decision is open: poll {poll_id}", ctx.user.id
            )
        await self.services.posting.in_thread(ctx.group.id, idea_key(id), message)
        self.board.redraw(ctx.group.id, id)
        return Reply(f"Poll {poll_id} is open in idea {id}'s thread.", private=True)

    @listener(POLL_CLOSED)
    async def poll_closed(self, outcome: PollOutcome) -> None:
        """A decision on an idea ended: move the idea (once, however often this is heard)."""
        idea = await self.ideas.by_poll(outcome.poll_id)
        if idea is None:
            return
        async with self.services.db.transaction() as tx:
            if not await self.ideas.poll_applied(tx, idea.id):
                return
        n = outcome.poll_id
        if outcome.kind == "consent" and outcome.consent == "passed":
            await self.board.move(idea, "adopted", f"the consent decision passed (poll {n})", None)
        elif outcome.kind == "consent" and outcome.consent == "blocked":
            reasons = "; ".join(outcome.block_reasons) or "no reason given"
            if idea.status != "discussing":
                await self.board.move(idea, "discussing", f"blocked in poll {n}", None)
            await self.board.in_thread(idea.group_id, idea.id, f"Poll {n} was blocked: {reasons}")
        elif outcome.winners:
            chose = " and ".join(outcome.winners)
            await self.board.in_thread(idea.group_id, idea.id, f"Poll {n} chose: {chose}")
            async with self.services.db.transaction() as tx:
                await self.ideas.record(
                    tx,
                    idea.id,
                    self.services.clock.now(),
                    None,
                    idea.status,
                    f"poll {n} chose {chose}",
                )
        else:
            await self.board.in_thread(idea.group_id, idea.id, f"Poll {n} closed with no votes.")

    @job(REVIEW)
    async def review_due(self, due: Due) -> None:
        """An adopted idea's review date: ask its facilitators and author whether it works."""
        idea = await self.ideas.get(due.group.id, int(due.row.ref))
        if idea is None or idea.status != "adopted":
            return
        adopted = next(
            (c.at for c in reversed(await self.ideas.history(idea.id)) if c.status == "adopted"),
            idea.changed_at,
        )
        people = await self.services.members.with_role(idea.group_id, Role.FACILITATOR)
        names = await self.board.names(idea.group_id)
        if idea.author_id in names:
            people.append(User(idea.author_id, names[idea.author_id]))
        ask = Reply(
            f"Idea {idea.id} was adopted on {stamp(adopted, 'D')}: “{idea.text[:120]}”. "
            "Is it working?",
            title="Time to review an idea",
            actions=tuple(
                Action(label, "idea review", (str(idea.id), word))
                for label, word in (("Keep", "keep"), ("Change", "change"), ("Drop", "drop"))
            ),
            private=True,
        )
        unique = list({p.id: p for p in people}.values())
        await self.services.nudges.nudge(
            idea.group_id, unique, ask, dedupe=f"idea:{idea.id}:review"
        )

    @command("idea review")
    async def review(
        self,
        ctx: Context,
        id: IdeaId,
        outcome: Annotated[Literal["keep", "change", "drop"], Arg("what the review decided")],
    ) -> Reply:
        """Record an adopted idea's review: keep it, change it, or drop it."""
        idea = await self.board.idea(ctx.group.id, id)
        if idea.author_id != ctx.user.id:
            ctx.require(Role.FACILITATOR, "review someone else's idea")
        if idea.status != "adopted":
            raise UserError(
                f"Idea {id} is {LABELS[idea.status].lower()}; only adopted ideas are reviewed."
            )
        async with self.services.db.transaction() as tx:
            await self.ideas.review(tx, id, outcome)
            await self.ideas.record(
                tx, id, ctx.now(), ctx.user.id, "adopted", f"reviewed: {outcome}"
            )
        await self.board.in_thread(ctx.group.id, id, f"Reviewed: {outcome}.")
        return Reply(f"Idea {id}'s review is recorded: {outcome}.", private=True)

    @job(STALE)
    async def stale_due(self, due: Due) -> None:
        """No news of an idea for a while: tell its author it has not been forgotten."""
        idea = await self.ideas.get(due.group.id, int(due.row.ref))
        if idea is None:
            return
        days = due.group.settings[IDEA_STALE_DAYS]
        last = await self.ideas.last_message_day(idea.id)
        if not is_stale(idea, last, due.now, days):
            return
        names = await self.board.names(idea.group_id)
        if idea.author_id in names:
            note = Reply(
                f"Idea {idea.id} has had no news for {days} days. It has not been forgotten: "
                "it is listed for the facilitators in the weekly digest.",
                private=True,
            )
            user = User(idea.author_id, names[idea.author_id])
            await self.services.nudges.nudge(
                idea.group_id, [user], note, dedupe=f"idea:{idea.id}:stale:{idea.changed_at:%Y%m%d}"
            )

    @listener(THREAD_MESSAGE)
    async def thread_message(self, group_id: str, key: str, user_id: str, at: datetime) -> None:
        """Count a message in an idea's thread (never its text)."""
        if not key.startswith("idea:") or not key[5:].isdigit():
            return
        if await self.ideas.get(group_id, int(key[5:])) is None:
            return
        async with self.services.db.transaction() as tx:
            await self.ideas.thread_message(tx, int(key[5:]), at.date().isoformat())

    # -- what ideas contribute ------------------------------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """The ideas someone proposed and supports."""
        return exported(*await self.ideas.of_person(group_id, user_id))

    async def forget_person(
        self, tx: aiosqlite.Connection, group_id: str, user_id: str
    ) -> Forgotten | None:
        """Ideas stay, unnamed; the person's supports go (the counts drop with them)."""
        return told(*await self.ideas.forget(tx, group_id, user_id))

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Ideas that changed status (with the reason), new ones, those waiting (stale flagged)."""
        ideas = await self.ideas.in_group(group_id)
        group = await self.services.members.group(group_id)
        days = group.settings[IDEA_STALE_DAYS]
        changes = {i.id: await self.ideas.history(i.id) for i in ideas}
        stale = {
            i.id for i in ideas if is_stale(i, await self.ideas.last_message_day(i.id), until, days)
        }
        return digest_sections(ideas, changes, stale, since, until)

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Proposing and supporting ideas count as taking part."""
        found = []
        for idea in await self.ideas.in_group(group_id):
            if since <= idea.created_at <= until and idea.author_id != "forgotten":
                found.append(Activity(idea.author_id, idea.created_at, "proposed an idea"))
        for user_id, at in await self.ideas.supports_between(group_id, since, until):
            found.append(Activity(user_id, at, "supported an idea"))
        return found
