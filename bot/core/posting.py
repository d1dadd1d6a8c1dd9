"""Posting for cogs: say something in a channel, redraw a living message, reach someone."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.core.model import Reply, User
from bot.core.outlet import Outlet, SilentOutlet

log = logging.getLogger(__name__)


class Posting:
    """The platform's outlet, behind the one interface cogs use."""

    def __init__(self) -> None:
        self.outlet: Outlet = SilentOutlet()
        # Living-message refreshes are coalesced: a burst of votes edits the message once.
        self.refresh_delay = 0.0
        self._refreshing: set[tuple[str, str]] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def attach(self, outlet: Outlet) -> None:
        """The platform that delivers from now on."""
        self.outlet = outlet

    async def post(self, group_id: str, channel_id: str, reply: Reply) -> None:
        """Say something publicly in a channel; a keyed reply becomes a living message."""
        await self.outlet.post(group_id, channel_id, reply)

    async def update(self, group_id: str, key: str, reply: Reply) -> None:
        """Edit the living message posted under `key`, if the platform shows one."""
        await self.outlet.update(group_id, key, reply)

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
            await self.outlet.update(group_id, key, await produce())
        except Exception:
            log.exception("could not refresh %s in %s", key, group_id)

    async def settle(self) -> None:
        """Wait for pending living-message refreshes (tests, shutdown, a close's results)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
