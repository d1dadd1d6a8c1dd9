"""The outbox: every fan-out (reminders, announcements, digests) delivered once per recipient.

A cog hands the core one Reply for many people under a dedupe key. Each recipient gets a row;
the row is marked sent, in its own committed transaction, just before the message goes to
the platform. So a crash in the middle resumes with those not yet reached, and nobody gets
the same message twice (the delivery rule is at most once per recipient: a kill between the
mark and the platform call loses that one message rather than repeating it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.clock import Clock
from bot.core.model import Reply, User
from bot.core.people import People
from bot.core.posting import Posting
from bot.core.replies import reply_from_json, reply_to_json
from bot.core.scheduler import Due, Scheduler
from storage.db import Database
from storage.outbox import Delivery, OutboxRepository

log = logging.getLogger(__name__)

# Scheduled work of the core itself: deliver what was held back (quiet hours).
DELIVER = "outbox_deliver"
# Channel posts are owed to "#<channel id>"; people are owed to their user id.
CHANNEL = "#"
# How long a dedupe key is remembered: a fan-out repeated later than this is sent again.
KEPT = timedelta(days=60)


class Outbox:
    """Delivers one Reply to many people (or a channel), each exactly once under a key."""

    def __init__(
        self, db: Database, people: People, posting: Posting, clock: Clock, scheduler: Scheduler
    ) -> None:
        self.db = db
        self.people = people
        self.posting = posting
        self.clock = clock
        self.scheduler = scheduler
        self.repo = OutboxRepository(db.reader)
        scheduler.register(DELIVER, self._deliver_due)

    async def reach_at(self, group_id: str, user: User, now: datetime) -> datetime | None:
        """When this person may be reached (None: never). The one place this is decided."""
        return (await self.people.reach(group_id, user.id, now)).at

    async def nudge(
        self,
        group_id: str,
        users: Sequence[User],
        reply: Reply,
        *,
        dedupe: str,
        quiet_too_at: datetime | None = None,
    ) -> None:
        """Reach each person privately; `dedupe` names this nudge, so nobody gets it twice.

        `quiet_too_at`: the time the nudge is about (a meeting's start). Someone whose quiet
        hours cover both now and that time gets it now: held, it would arrive too late.
        """
        now = self.clock.now()
        owed = []
        for user in users:
            at = await self.reach_at(group_id, user, now)
            if at is not None and at > now and quiet_too_at is not None:
                then = await self.reach_at(group_id, user, quiet_too_at)
                if then is not None and then > quiet_too_at:
                    at = now
            if at is not None:
                owed.append((user.id, user.name, max(at, now)))
        await self._enqueue(group_id, dedupe, reply, owed, now)

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, dedupe: str) -> None:
        """Post in a channel once under `dedupe`, even if the job asking is run again."""
        now = self.clock.now()
        await self._enqueue(group_id, dedupe, reply, [(CHANNEL + channel_id, "", now)], now)

    async def _enqueue(
        self,
        group_id: str,
        dedupe: str,
        reply: Reply,
        owed: Sequence[tuple[str, str, datetime]],
        now: datetime,
    ) -> None:
        later = [at for _, _, at in owed if at > now]
        async with self.db.transaction() as tx:
            await self.repo.enqueue(tx, group_id, dedupe, reply_to_json(reply), owed, now)
            if later:
                await self.scheduler.add(tx, group_id, DELIVER, dedupe, min(later))
        await self.deliver(group_id, dedupe)

    async def deliver(self, group_id: str | None = None, dedupe: str | None = None) -> int:
        """Send every row that is due (of one fan-out, or all); how many were sent."""
        sent = 0
        replies: dict[tuple[str, str], Reply] = {}
        while batch := await self.repo.due(self.clock.now(), group_id, dedupe):
            for row in batch:
                key = (row.group_id, row.reply)
                if key not in replies:
                    replies[key] = reply_from_json(row.reply)
                if await self._send(row, replies[key]):
                    sent += 1
        if sent:
            async with self.db.transaction() as tx:
                await self.repo.drop_delivered_text(tx)
        return sent

    async def _send(self, row: Delivery, reply: Reply) -> bool:
        async with self.db.transaction() as tx:
            if not await self.repo.mark_sent(tx, row.id, self.clock.now()):
                return False
        try:
            if row.recipient.startswith(CHANNEL):
                await self.posting.post(row.group_id, row.recipient[len(CHANNEL) :], reply)
            else:
                await self.posting.dm(row.group_id, User(row.recipient, row.name), reply)
        except Exception:  # one unreachable person must not cost the others their message
            log.exception("could not deliver %s to %s", row.dedupe, row.recipient)
        return True

    async def _deliver_due(self, due: Due) -> None:
        """Held-back rows (quiet hours) whose time has come; re-armed for any still later."""
        group_id, dedupe = due.row.group_id, due.row.ref
        await self.deliver(group_id, dedupe)
        later = await self.repo.next_due(group_id, dedupe)
        async with self.db.transaction() as tx:
            await due.finish(tx)
            if later is not None and later > due.now:
                await self.scheduler.add(tx, group_id, DELIVER, dedupe, later)

    async def resume(self) -> int:
        """At start: send what a crash left owed, and forget fan-outs older than KEPT."""
        async with self.db.transaction() as tx:
            await self.repo.prune(tx, self.clock.now() - KEPT)
        return await self.deliver()
