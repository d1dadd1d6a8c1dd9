"""Posting for cogs: say something, post into a message's thread, redraw it, reach someone.

A keyed reply (`poll:12`, `idea:3`) is recorded here, once for every platform, with the
thread opened on it; a feature then posts into that thread or edits that message by key.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.core.model import Reply, User
from bot.core.outlet import CalendarEvent, Handle, Outlet, SilentOutlet
from storage.db import Database
from storage.posts import Post, PostRepository

log = logging.getLogger(__name__)
# The optional CalendarOutlet.calendar, as found on an outlet.
CalendarChange = Callable[[str, str | None, CalendarEvent | None], Awaitable[str | None]]


class Posting:
    """The platform's outlet, behind the one interface cogs use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.posts = PostRepository(db.reader)
        self.outlet: Outlet = SilentOutlet()
        # Living-message refreshes are coalesced: a burst of votes edits the message once.
        self.refresh_delay = 0.0
        self._refreshing: set[tuple[str, str]] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def attach(self, outlet: Outlet) -> None:
        """The platform that delivers from now on."""
        self.outlet = outlet

    async def post(self, group_id: str, channel_id: str, reply: Reply) -> Handle | None:
        """Say something publicly in a channel; a keyed reply is recorded under its key."""
        handle = await self.outlet.post(group_id, channel_id, reply)
        if handle is not None and reply.key:
            await self.answered(group_id, reply.key, handle)
        return handle

    async def in_thread(self, group_id: str, key: str, reply: Reply) -> Handle | None:
        """Post into the thread on the message behind `key` (or beside it, if it has none)."""
        handle = await self.handle(group_id, key)
        if handle is None:
            log.warning("no message under %s in %s to post into; not posted", key, group_id)
            return None
        posted = await self.outlet.post_in_thread(group_id, handle, reply)
        if posted is not None and reply.key:
            await self.answered(group_id, reply.key, posted)
        return posted

    async def update(self, group_id: str, key: str, reply: Reply) -> None:
        """Edit the living message posted under `key`, if there is one."""
        handle = await self.handle(group_id, key)
        if handle is not None:
            await self.outlet.update(group_id, key, handle, reply)

    async def handle(self, group_id: str, key: str) -> Handle | None:
        """Where the message under `key` went, and its thread."""
        post = await self.posts.get(group_id, key)
        return Handle(post.channel_id, post.message_ref, post.thread_ref) if post else None

    async def answered(self, group_id: str, key: str, handle: Handle) -> None:
        """Record where a keyed message went (platforms call this for command answers)."""
        post = Post(group_id, key, handle.channel_id, handle.message_ref, handle.thread_ref)
        async with self.db.transaction() as tx:
            await self.posts.save(tx, post)

    async def calendar(self, group_id: str, key: str, event: CalendarEvent | None) -> None:
        """Show, change, cancel (`event.cancelled`) or remove (None) a native calendar event.

        Only platforms whose outlet has `calendar` do anything; the platform's ref is kept
        in `posts` under "calendar:KEY" (no channel: the event belongs to the whole group).
        A platform failure is logged, never raised: the feature's own record is what counts.
        """
        change: CalendarChange | None = getattr(self.outlet, "calendar", None)
        if change is None:
            return
        record = f"calendar:{key}"
        post = await self.posts.get(group_id, record)
        old = post.message_ref if post else None
        if old is None and event is None:
            return
        try:
            ref = await change(group_id, old, event)
        except Exception:
            log.exception("could not update the calendar event %s in %s", key, group_id)
            return
        if ref == old:
            return
        async with self.db.transaction() as tx:
            if ref is None:
                await self.posts.drop(tx, group_id, record)
            else:
                await self.posts.save(tx, Post(group_id, record, "", ref))

    async def dm(self, group_id: str, user: User, reply: Reply) -> None:
        """Reach one person privately."""
        await self.outlet.dm(group_id, user, reply)

    def refresh(self, group_id: str, key: str, produce: Callable[[], Awaitable[Reply]]) -> None:
        """Redraw a living message soon, once for a burst of changes."""
        if not getattr(self.outlet, "live_updates", True) or (group_id, key) in self._refreshing:
            return
        self._refreshing.add((group_id, key))
        task = asyncio.create_task(self._refresh(group_id, key, produce))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh(
        self, group_id: str, key: str, produce: Callable[[], Awaitable[Reply]]
    ) -> None:
        await asyncio.sleep(self.refresh_delay)
        # Cleared before producing, so a change made from here on asks for another redraw.
        self._refreshing.discard((group_id, key))
        try:
            await self.update(group_id, key, await produce())
        except Exception:
            log.exception("could not refresh %s in %s", key, group_id)

    async def settle(self) -> None:
        """Wait for pending living-message refreshes (tests, shutdown, a close's results)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
