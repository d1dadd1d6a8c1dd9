"""Posting for cogs: say something, post into a message's thread, redraw it, reach someone.

Everything here is written to the outbox inside the caller's transaction (or one of its
own), and sent once that commits. A keyed reply (`poll:12`, `idea:3`) is recorded where it
lands, once for every platform, with the thread opened on it; a feature then posts into
that thread, or has the message redrawn from what is stored (`refresh`), by key.
"""

from __future__ import annotations

from bot.core.delivery import Deliverer, Producer
from bot.core.model import Reply, User
from bot.core.outbox import Outbox
from bot.core.outlet import CalendarEvent, Handle, Outlet
from storage.db import Database
from storage.posts import Post, PostRepository


class Posting:
    """The one interface cogs use to speak outside a command's own answer."""

    def __init__(self, db: Database, outbox: Outbox, deliverer: Deliverer) -> None:
        self.db = db
        self.outbox = outbox
        self.deliverer = deliverer
        self.posts = PostRepository(db.reader)

    @property
    def outlet(self) -> Outlet:
        """The platform that delivers."""
        return self.deliverer.outlet

    async def post(self, group_id: str, channel_id: str, reply: Reply) -> None:
        """Say something publicly in a channel; a keyed reply is recorded under its key."""
        await self.outbox.post(group_id, channel_id, reply)

    async def in_thread(self, group_id: str, key: str, reply: Reply) -> None:
        """Post into the thread on the message behind `key` (or beside it, if it has none)."""
        await self.outbox.in_thread(group_id, key, reply)

    def living(self, prefix: str, produce: Producer) -> None:
        """How living messages keyed `prefix:...` are drawn from what is stored."""
        self.deliverer.living(prefix, produce)

    async def refresh(self, group_id: str, key: str) -> None:
        """Redraw the living message under `key` soon, once for a burst of changes."""
        await self.outbox.redraw(group_id, key)

    async def dm(self, group_id: str, user: User, reply: Reply) -> None:
        """Reach one person privately."""
        await self.outbox.dm(group_id, user, reply)

    async def calendar(self, group_id: str, key: str, event: CalendarEvent | None) -> None:
        """Show, change, cancel (`event.cancelled`) or remove (None) a native calendar event.

        Only platforms whose outlet has `calendar` do anything; a platform failure is
        retried, never raised to the feature: its own record is what counts.
        """
        await self.outbox.calendar(group_id, key, event)

    async def handle(self, group_id: str, key: str) -> Handle | None:
        """Where the message under `key` went, and its thread."""
        post = await self.posts.get(group_id, key)
        return Handle(post.channel_id, post.message_ref, post.thread_ref) if post else None

    async def answered(self, group_id: str, key: str, handle: Handle) -> None:
        """Record where a keyed message went (platforms call this for command answers)."""
        post = Post(group_id, key, handle.channel_id, handle.message_ref, handle.thread_ref)
        async with self.db.transaction() as tx:
            await self.posts.save(tx, post)
