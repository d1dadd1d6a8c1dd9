"""Nudges: the one way a feature reaches people privately on its own initiative.

A cog never DMs people itself: it asks here, and the person's choices (nudges off, quiet
hours) apply without the feature knowing. Answers to someone's own command are not nudges.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.core.clock import Clock
from bot.core.model import Reply, User
from bot.core.people import People
from bot.core.posting import Posting

log = logging.getLogger(__name__)


class Nudges:
    """Delivers a private Reply to people, respecting each one's choices."""

    def __init__(self, people: People, posting: Posting, clock: Clock) -> None:
        self.people = people
        self.posting = posting
        self.clock = clock

    async def nudge(
        self, group_id: str, users: Sequence[User], reply: Reply, *, dedupe: str
    ) -> None:
        """Reach each person privately; `dedupe` names this nudge, so nobody gets it twice."""
        now = self.clock.now()
        for user in users:
            reach = await self.people.reach(group_id, user.id, now)
            if reach.at is None:
                continue
            try:
                await self.posting.dm(group_id, user, reply)
            except Exception:  # one unreachable person must not cost the others their nudge
                log.exception("could not nudge %s (%s)", user.id, dedupe)
