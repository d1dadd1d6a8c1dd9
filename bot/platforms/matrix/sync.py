"""The bot's own /sync loop: handle a whole batch in order, then save its position.

Why not mautrix's `Client.start()`: its Syncer stores `next_batch` *before* the handlers
run, and runs handlers as concurrent tasks. The bot needs the opposite: events handled one
at a time in timeline order (a vote after the poll it votes in), and the position saved
only once the batch is done, so a crash replays the unfinished batch (and the per-event
claims in SQLite keep the replay from acting twice). It also needs its own back-off that
logs one clear line and a stop that never interrupts a half-handled event.

Gaps: when more events reached a room than the filter's timeline limit (the bot was down,
or busy), /sync marks that timeline `limited` and sends only the latest events. The loop
then pages back through /messages, from the timeline's `prev_batch` to the `since` token of
that sync, and hands the missing events to the router (under RECOVERED, oldest first) so
commands and poll answers sent meanwhile are not silently lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mautrix.errors import MatrixError, MatrixInvalidToken

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
    "m.room.encrypted",
    "org.matrix.msc3381.poll.response",
    "m.poll.response",
]
TIMELINE_LIMIT = 100  # events per room per sync; more and the timeline comes back `limited`
BACKFILL_PAGE = 100  # events per /messages request when filling a gap
BACKFILL_MAX = 1000  # events recovered per room per sync; older ones in the gap are skipped

# A joined room's key (added by the loop, not by the server) for the events its limited
# timeline left out, oldest first. They precede the room's `state` section and timeline.
RECOVERED = "coproduction.recovered"

# The same event types as the sync, for /messages while filling a gap.
GAP_FILTER: dict[str, Any] = {"types": ROOM_EVENT_TYPES}


def sync_filter(timeline_limit: int = TIMELINE_LIMIT) -> dict[str, Any]:
    """The /sync filter: only what the bot acts on, at most `timeline_limit` events a room."""
    return {
        "presence": {"not_types": ["*"]},
        "account_data": {"not_types": ["*"]},
        "room": {
            "ephemeral": {"not_types": ["*"]},
            "account_data": {"not_types": ["*"]},
            "state": {"types": ROOM_EVENT_TYPES, "lazy_load_members": False},
            "timeline": {"types": ROOM_EVENT_TYPES, "limit": timeline_limit},
        },
    }


def fresh_join_index(timeline: list[dict[str, Any]], me: str) -> int:
    """Where the timeline continues after the bot's own (new) join; 0 if it is not there.

    Events before the join are room history the bot must not act on.
    """
    start = 0
    for i, event in enumerate(timeline):
        content = event.get("content") or {}
        previous = (event.get("unsigned") or {}).get("prev_content") or {}
        if (
            event.get("type") == "m.room.member"
            and event.get("state_key") == me
            and content.get("membership") == "join"
            and previous.get("membership") != "join"
        ):
            start = i + 1
    return start


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
        timeline_limit: int = TIMELINE_LIMIT,
        backfill_page: int = BACKFILL_PAGE,
        backfill_max: int = BACKFILL_MAX,
    ) -> None:
        self.client = client
        self.db = db
        self.repo = repo
        self.clock = clock
        self.handle = handle
        self.backoff = backoff or Backoff()
        self.timeout_ms = timeout_ms
        self.timeline_limit = timeline_limit  # read when run() uploads the filter
        self.backfill_page = backfill_page
        self.backfill_max = backfill_max
        self.stopping = asyncio.Event()
        self.batches = 0  # handled since start, for status and tests
        self.backfill_requests = 0  # /messages requests made to fill gaps, for tests
        self.recovered = 0  # events recovered from gaps since start
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
                if batch is not None and since is not None:
                    # A gap that cannot be fetched now is retried with the whole batch:
                    # the position is not saved, so the next sync brings the gap back.
                    await self._recover(batch, since)
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
                return await self.client.create_filter(sync_filter(self.timeline_limit))
            except MatrixInvalidToken as e:
                raise bad_token(self.client.homeserver, self.client.user_id, e) from None
            except Exception as e:
                if not is_transient(e):
                    raise
                await self._wait_after(e)
        return None

    async def _recover(self, batch: dict[str, Any], since: str) -> None:
        """Add to each joined room with a `limited` timeline the events it left out.

        Not on the first sync (no `since`): that is history the bot never acts on.
        """
        for room_id, data in ((batch.get("rooms") or {}).get("join") or {}).items():
            timeline = data.get("timeline") or {}
            prev_batch = timeline.get("prev_batch")
            if not timeline.get("limited") or not prev_batch:
                continue
            if fresh_join_index(timeline.get("events") or [], self.client.user_id):
                continue  # the gap is all from before the bot's own join: history
            known = {str(e.get("event_id")) for e in timeline.get("events") or []}
            try:
                events, capped = await self._gap(room_id, str(prev_batch), since, known)
            except MatrixInvalidToken:
                raise
            except MatrixError as e:
                if is_transient(e):
                    raise
                log.warning(
                    "Matrix: could not fetch the events the sync left out in %s (%s)",
                    room_id,
                    describe(e),
                )
                continue
            if not events:
                continue
            data[RECOVERED] = events
            self.recovered += len(events)
            if capped:
                log.warning(
                    "Matrix: recovered the latest %d events in %s that the sync left out; "
                    "older ones were skipped (at most %d a room per sync)",
                    len(events),
                    room_id,
                    self.backfill_max,
                )
            else:
                log.info(
                    "Matrix: recovered %d events in %s that the sync left out", len(events), room_id
                )

    async def _gap(
        self, room_id: str, start: str, since: str, known: set[str]
    ) -> tuple[list[dict[str, Any]], bool]:
        """The events between `since` and `start`, oldest first, and whether some were cut.

        Pages back until the server leaves out `end` (an empty page with an `end` only means
        "keep going"). At most `backfill_max` are kept: the latest, so the bot's own join, if
        it is in the gap, is either kept or older than everything kept.
        """
        found: list[dict[str, Any]] = []  # newest first
        seen = set(known)
        token = start
        pages = -(-self.backfill_max // self.backfill_page) + 3  # a few short pages allowed
        for _ in range(pages):
            # One more than the bound allows, to tell "exactly at the bound" from "over it".
            want = max(1, min(self.backfill_page, self.backfill_max + 1 - len(found)))
            page = await self.client.messages(room_id, token, since, want, GAP_FILTER)
            self.backfill_requests += 1
            for event in page.get("chunk") or []:
                event_id = str(event.get("event_id"))
                if event_id not in seen:
                    seen.add(event_id)
                    found.append(event)
            end = page.get("end")
            if len(found) > self.backfill_max:
                return found[: self.backfill_max][::-1], True
            if not end or str(end) == token:
                return found[::-1], False
            token = str(end)
        return found[::-1], True

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
