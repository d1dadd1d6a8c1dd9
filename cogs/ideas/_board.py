"""The ideas board: finding an idea, redrawing it, its thread, telling people, moving it on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.core.errors import UserError
from bot.core.i18n import _
from bot.core.model import Reply
from bot.core.outbox import Compose
from bot.core.services import Services
from cogs.ideas._keys import IdeaKey, IdeaRef
from cogs.ideas._render import idea_message, sentence, status_word
from cogs.ideas._settings import IDEA_STALE_DAYS, IDEA_SUPPORTS, REVIEW, STALE
from storage.engine import Tx
from storage.ideas import Idea, IdeaRepository


class IdeaBoard:
    """What every ideas command and job does with an idea beyond its own rows."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.ideas = IdeaRepository(services.db.reader)
        services.posting.living(IdeaKey.PREFIX, self.living_message)

    async def idea(self, group_id: str, idea_id: int) -> Idea:
        idea = await self.ideas.get(group_id, idea_id)
        if idea is None:
            raise UserError(
                _("There is no idea {idea_id} here. `!idea list` shows them.", idea_id=idea_id)
            )
        return idea

    async def names(self, group_id: str) -> dict[str, str]:
        return await self.services.members.names(group_id)

    async def living(self, group_id: str, idea_id: int) -> Reply:
        """The idea's message as it stands now."""
        idea = await self.idea(group_id, idea_id)
        group = await self.services.members.group(group_id)
        return idea_message(
            idea,
            await self.ideas.supporters(idea.id),
            await self.names(group_id),
            group.settings[IDEA_SUPPORTS] == "named",
        )

    async def living_message(self, group_id: str, key: str) -> Reply | None:
        """An idea's message as stored now (for its redraws), None if it is gone."""
        idea_id = IdeaKey.parse(key).idea_id
        if await self.ideas.get(group_id, idea_id) is None:
            return None
        return await self.living(group_id, idea_id)

    async def redraw(self, group_id: str, idea_id: int) -> None:
        await self.services.posting.refresh(group_id, IdeaKey(idea_id).encode())

    async def in_thread(self, group_id: str, idea_id: int, text: str) -> None:
        await self.services.posting.in_thread(group_id, IdeaKey(idea_id).encode(), Reply(text))

    async def tell(
        self,
        idea: Idea,
        reply: Compose,
        dedupe: str,
        *,
        author: bool = True,
        supporters: bool = True,
    ) -> None:
        """Nudge the author (whom only the bot knows, if anonymous) and the supporters.

        `reply` composes the message: it is called in each reader's language.
        """
        ids = list(await self.ideas.supporters(idea.id)) if supporters else []
        if author and idea.author_id:
            ids.append(idea.author_id)
        await self.services.nudges.nudge_ids(idea.group_id, ids, reply, dedupe=dedupe)

    async def rearm_stale(self, tx: Tx, idea: Idea, since: datetime) -> None:
        """Look again whether the idea is waiting `idea_stale_days` after `since` (one row only)."""
        group = await self.services.members.group(idea.group_id)
        due = since + timedelta(days=group.settings[IDEA_STALE_DAYS])
        now = self.services.clock.now()
        ref = IdeaRef(idea.id).encode()
        await self.services.scheduler.cancel(tx, STALE, ref, now)
        await self.services.scheduler.add(tx, idea.group_id, STALE, ref, max(due, now))

    async def move(
        self,
        idea: Idea,
        status: str,
        reason: str | None,
        by_id: str | None,
        review_at: datetime | None = None,
        *,
        poll_id: int | None = None,
        also: Callable[[Tx], Awaitable[None]] | None = None,
    ) -> bool:
        """Change the status, tell the thread, the author and the supporters, schedule a review.

        With `poll_id`, the move is that poll's outcome: it is marked applied in the same
        transaction, so a repeated poll_closed moves nothing and a crash loses nothing.
        False if that poll's outcome was already applied. `also` writes the command's other
        rows in the same transaction.
        """
        now = self.services.clock.now()
        async with self.services.db.transaction() as tx:
            if poll_id is not None and not await self.ideas.poll_applied(tx, idea.id, poll_id):
                return False
            if not await self.ideas.set_status(
                tx, idea.id, idea.status, status, reason, now, by_id, review_at
            ):
                raise UserError(
                    _(
                        "Idea {idea_id} changed while you were answering; "
                        "`!idea show {idea_id}` shows where it is now.",
                        idea_id=idea.id,
                    )
                )
            if also is not None:
                await also(tx)
            if review_at is not None:
                ref = IdeaRef(idea.id).encode()
                await self.services.scheduler.add(tx, idea.group_id, REVIEW, ref, review_at)
            await self.rearm_stale(tx, idea, now)
        await self.redraw(idea.group_id, idea.id)

        def said() -> str:  # in the group's language in its thread, each reader's privately
            return _("Status: {status}", status=status_word(status)) + (
                f". {sentence(reason)}" if reason else ""
            )

        await self.in_thread(idea.group_id, idea.id, said())
        changes = len(await self.ideas.history(idea.id))
        await self.tell(
            idea,
            lambda: Reply(
                _(
                    "Idea {idea_id} (“{text}”): {line}",
                    idea_id=idea.id,
                    text=idea.text[:80],
                    line=said(),
                ),
                private=True,
            ),
            IdeaKey(idea.id).nudge("status", changes),
            # Talk has only begun: the thread says so; supporters hear of an answer.
            supporters=status != "discussing",
        )
        return True
