"""Ideas waiting too long for an answer: when one is, and telling its author it is not forgotten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from bot.core.model import User
from bot.core.scheduler import Due
from bot.core.services import Services
from cogs.digest import DIGEST_ON, DIGEST_TO
from cogs.ideas._board import IdeaBoard
from cogs.ideas._keys import IdeaKey, IdeaRef
from cogs.ideas._render import stale_note
from cogs.ideas._settings import IDEA_STALE_DAYS
from storage.ideas import Idea
from storage.ideas_records import IdeaRecords


def quiet_since(idea: Idea, last_message_day: str | None) -> datetime:
    """Since when nothing has happened to an idea: its last change, or the day after talk."""
    if last_message_day is None:
        return idea.changed_at
    after_talk = datetime.fromisoformat(last_message_day).replace(tzinfo=UTC) + timedelta(days=1)
    return max(idea.changed_at, after_talk)


def is_stale(idea: Idea, last_message_day: str | None, now: datetime, days: int) -> bool:
    """Open, and nothing happened to it (no status change, no thread message) for `days`."""
    if idea.status not in ("proposed", "discussing"):
        return False
    quiet_since = now - timedelta(days=days)
    talked = last_message_day is not None and last_message_day >= quiet_since.date().isoformat()
    return idea.changed_at <= quiet_since and not talked


class WaitingIdeas:
    """Watching open ideas for `idea_stale_days` without news, and the talk that is news."""

    def __init__(self, services: Services, board: IdeaBoard, records: IdeaRecords) -> None:
        self.services = services
        self.board = board
        self.ideas = board.ideas
        self.records = records

    async def look(self, due: Due) -> None:
        """No news of an idea for a while: tell its author it has not been forgotten.

        Talk in its thread or an edit since the row was added puts the look off until the
        idea has been quiet for the whole period; a told author is told again only after
        another quiet period.
        """
        idea = await self.ideas.get(due.group.id, IdeaRef.parse(due.row.ref).idea_id)
        if idea is None or idea.status not in ("proposed", "discussing"):
            return
        days = due.group.settings[IDEA_STALE_DAYS]
        last = await self.ideas.last_message_day(idea.id)
        since = quiet_since(idea, last)
        stale = is_stale(idea, last, due.now, days)
        names = await self.board.names(idea.group_id)
        if stale and idea.author_id in names:
            settings = due.group.settings
            note = partial(stale_note, idea.id, days, settings[DIGEST_TO], settings[DIGEST_ON])
            user = User(idea.author_id, names[idea.author_id])
            # Owed before the row is finished, under the row's own key: a re-run after a
            # crash finds it owed already (at least once, nobody twice).
            await self.services.nudges.nudge(
                idea.group_id, [user], note, dedupe=IdeaKey(idea.id).nudge("stale", due.row.id)
            )
        async with self.services.db.transaction() as tx:
            if await due.finish(tx):
                await self.board.rearm_stale(tx, idea, due.now if stale else since)

    async def rearm_all(self, group_id: str) -> None:
        """A new idea_stale_days counts at once for every open idea, not after the next look."""
        ideas = await self.ideas.in_group(group_id)
        last = await self.records.last_message_days(group_id)
        async with self.services.db.transaction() as tx:
            for idea in ideas:
                if idea.status in ("proposed", "discussing"):
                    await self.board.rearm_stale(tx, idea, quiet_since(idea, last.get(idea.id)))

    async def talked(self, group_id: str, key: str, at: datetime) -> None:
        """Count a message in an idea's thread (never its text); another thread is not ours."""
        try:
            idea_id = IdeaKey.parse(key).idea_id
        except ValueError:
            return  # another feature's thread
        if await self.ideas.get(group_id, idea_id) is None:
            return
        async with self.services.db.transaction() as tx:
            await self.ideas.thread_message(tx, idea_id, at.date().isoformat())
