"""The bot's own /sync loop: handle a whole batch in order, then save its position.

Why not mautrix's `Client.start()`: its Syncer stores `next_batch` *before* the handlers
run, and runs handlers as concurrent tasks. The bot needs the opposite: events handled one
at a time in timeline order (a vote after the poll it votes in), and the position saved
only once the batch is done, so a crash replays the unfinished batch (and the per-event
claims in SQLite keep the replay from acting twice). It also needs its own back-off that
logs one clear line and a stop that never interrupts a half-handled event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mautrix.errors import MatrixInvalidToken

from bot.core.clock import Clock
from bot.platforms.matrix.client import (
    Backoff,
    MatrixClient,
    bad_token,
    describe,
    is_transient,
    wait_or_stop,
)
from storage.db import Database
from storage.matrix import MatrixRepository

log = logging.getLogger(__name__)

BatchHandler = Callable[[dict[str, Any], bool], Awaitable[None]]

# Only what the bot acts on; typing, receipts, presence and account data are left out.
ROOM_EVENT_TYPES = [
    "m.room.message",
    "m.room.member",
    "m.room.create",
    "m.room.name",
    "m.room.power_levels",
    "m.room.encryption",
    "org.matrix.msc3381.poll.response",
    "m.poll.response",
]
SYNC_FILTER: dict[str, Any] = {
    "presence": {"not_types": ["*"]},
    "account_data": {"not_types": ["*"]},
    "room": {
        "ephemeral": {"not_types": ["*"]},
        "account_data": {"not_types": ["*"]},
        "state": {"types": ROOM_EVENT_TYPES, "lazy_load_members": False},
        "timeline": {"types": ROOM_EVENT_TYPES, "limit": 100},
    },
}


class SyncLoop:
    """Long-polls /sync, hands each batch to the platform, and persists the position."""

    def __init__(
        self,
        client: MatrixClient,
        db: Database,
        repo: MatrixRepository,
        clock: Clock,
        handle: BatchHandler,
        *,
        backoff: Backoff | None = None,
        timeout_ms: int = 30_000,
    ) -> None:
        self.client = client
        self.db = db
        self.repo = repo
        self.clock = clock
        self.handle = handle
        self.backoff = backoff or Backoff()
        self.timeout_ms = timeout_ms
        self.stopping = asyncio.Event()
        self.batches = 0  # handled since start, for status and tests
        self.caught_up = asyncio.Event()  # set once the first batch is handled

    def stop(self) -> None:
        """Ask the loop to end after the batch in hand (an open long poll is dropped)."""
        self.stopping.set()

    async def run(self) -> None:
        """Sync until stopped; unreachable servers are retried, refused tokens raise."""
        filter_id = await self._filter()
        if filter_id is None:
            return
        since = await self.repo.sync_token(self.client.user_id)
        while not self.stopping.is_set():
            try:
                batch = await self._poll(since, filter_id)
            except MatrixInvalidToken as e:
                raise bad_token(self.client.homeserver, self.client.user_id, e) from None
            except Exception as e:
                if not is_transient(e):
                    raise
                await self._wait_after(e)
                continue
            if batch is None:
                return
            if self.backoff.failures:
                log.warning("Matrix: %s is reachable again", self.client.homeserver)
            self.backoff.reset()
            await self.handle(batch, since is None)
            since = str(batch["next_batch"])
            async with self.db.transaction() as tx:
                await self.repo.save_sync_token(tx, self.client.user_id, since, self.clock.now())
            self.batches += 1
            self.caught_up.set()

    async def _filter(self) -> str | None:
        while not self.stopping.is_set():
            try:
                return await self.client.create_filter(SYNC_FILTER)
            except MatrixInvalidToken as e:
                raise bad_token(self.client.homeserver, self.client.user_id, e) from None
            except Exception as e:
                if not is_transient(e):
                    raise
                await self._wait_after(e)
        return None

    async def _wait_after(self, error: BaseException) -> None:
        wait = self.backoff.next()
        log.warning(
            "Matrix: cannot reach %s (%s); trying again in %g s",
            self.client.homeserver,
            describe(error),
            wait,
        )
        await wait_or_stop(self.stopping, wait)

    async def _poll(self, since: str | None, filter_id: str) -> dict[str, Any] | None:
        """One long poll, or None if asked to stop while it was open."""
        # The first sync of a fresh account returns at once, whatever the timeout.
        request = asyncio.ensure_future(self.client.sync(since, self.timeout_ms, filter_id))
        stopping = asyncio.ensure_future(self.stopping.wait())
        try:
            await asyncio.wait({request, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (request, stopping):
                if not task.done():
                    task.cancel()
            await asyncio.gather(request, stopping, return_exceptions=True)
        if request.cancelled():
            return None
        return request.result()
