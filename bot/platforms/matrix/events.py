"""Turns a sync batch into bot work: invites, members, commands and poll answers.

Delivery rule for commands and poll answers: exactly once. An event's id is claimed in the
same transaction as the command's effect and the answer it owes (an outbox row), so a
crash before that commits leaves nothing behind and the replayed sync runs it again, and
after it commits the claim stops the replay from acting twice.

Events are handled side by side across people, each person's in the order they were
sent; room state (joins, power levels, encryption) is applied in order, after everything
before it in the batch. An encrypted event is decrypted in its place in that order and then
handled exactly like a plain one.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
from mautrix.errors import DecryptionError, MatrixError, SessionNotFound

from bot.config import MatrixConfig
from bot.core.bot import Bot
from bot.platforms.matrix.client import MatrixClient, describe
from bot.platforms.matrix.commands import Commands
from bot.platforms.matrix.crypto import ENCRYPTED, Encryption
from bot.platforms.matrix.handler import Event, group_id_of
from bot.platforms.matrix.membership import Membership, inviter_allowed
from bot.platforms.matrix.outlet import MatrixOutlet
from bot.platforms.matrix.rooms import RoomDirectory
from bot.platforms.matrix.sync import RECOVERED, fresh_join_index
from storage.matrix import MatrixRepository

log = logging.getLogger(__name__)

__all__ = ["EventRouter", "fresh_join_index", "group_id_of", "inviter_allowed"]

SENDERS_AT_ONCE = 16  # people whose messages are handled side by side
KEY_WAIT = 60.0  # seconds an encrypted message waits for its room key, beside the sync


class EventRouter(Membership, Commands):
    """Handles each sync batch: state in order, messages side by side across senders.

    Rooms and members are handled as `Membership` says, commands and poll answers as
    `Commands` says; this class decides the order.
    """

    def __init__(
        self,
        bot: Bot,
        client: MatrixClient,
        repo: MatrixRepository,
        outlet: MatrixOutlet,
        rooms: RoomDirectory,
        config: MatrixConfig,
        encryption: Encryption | None = None,
    ) -> None:
        super().__init__(bot, client, repo, outlet, rooms, config, encryption)
        self._last: dict[str, asyncio.Task[None]] = {}  # each sender's latest event's work
        self._working: set[asyncio.Task[None]] = set()
        self._room = asyncio.Semaphore(SENDERS_AT_ONCE)
        self.key_wait = KEY_WAIT

    async def handle_batch(self, batch: dict[str, Any], initial: bool) -> None:
        """Invites first, then each joined room's new events, then rooms the bot left.

        On the very first sync (no saved position) nothing in the timelines is acted on:
        it is history from before the bot ran.
        """
        rooms = batch.get("rooms") or {}
        for room_id, data in (rooms.get("invite") or {}).items():
            await self._guard(room_id, self.on_invite(room_id, data))
        for room_id, data in (rooms.get("join") or {}).items():
            if initial:
                if not self.outlet.is_dm_room(room_id):
                    await self._guard(room_id, self.setup_room(room_id))
                continue
            await self.on_joined(room_id, data)
        await self.settle()
        self.outlet.caught_up.set()
        for room_id in rooms.get("leave") or {}:
            await self._guard(room_id, self.on_left(room_id))

    def _submit(self, sender: str, room_id: str, event: Event) -> None:
        """Handle a message after the sender's previous one, beside other senders'."""
        before = self._last.get(sender)

        async def work() -> None:
            if before is not None:
                await asyncio.wait({before})
            async with self._room:
                await self._guard(room_id, self.on_message(room_id, event))

        task = asyncio.get_running_loop().create_task(work(), context=contextvars.Context())
        self._last[sender] = task
        self._working.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._working.discard(task)
        self._last = {s: t for s, t in self._last.items() if t is not task}

    async def settle(self) -> None:
        """Wait until every message handed out so far is handled (committed)."""
        while self._working:
            await asyncio.wait(set(self._working))

    async def _guard(self, room_id: str, work: Awaitable[None]) -> None:
        """Run one event's work; a failure is logged and never stops the sync."""
        try:
            await work
        except (MatrixError, aiohttp.ClientError, TimeoutError) as e:
            log.warning("Matrix: an event in %s was not handled (%s)", room_id, describe(e))
        except Exception:
            log.exception("Matrix: an event in %s was not handled", room_id)

    async def on_joined(self, room_id: str, data: dict[str, Any]) -> None:
        """A joined room's new events, in order.

        First the events a `limited` timeline left out (which the sync loop recovered, oldest
        first), then the `state` section (the room's state where the timeline starts, so
        after those), then the timeline. Recovered events go exactly the way timeline events
        do: claimed one by one, and history if they come before the bot's own join.
        """
        recovered: list[Event] = data.get(RECOVERED) or []
        timeline: list[Event] = (data.get("timeline") or {}).get("events") or []
        start = fresh_join_index([*recovered, *timeline], self.me)
        await self._in_order(room_id, recovered, start)
        state = (data.get("state") or {}).get("events") or []
        if state:
            await self.settle()
        for event in state:
            await self._guard(room_id, self.on_state(room_id, event, live=False))
        await self._in_order(room_id, timeline, start - len(recovered))

    async def _in_order(self, room_id: str, events: list[Event], start: int) -> None:
        """Handle events one by one; those before index `start` are history."""
        for i, event in enumerate(events):
            event.setdefault("room_id", room_id)
            if "state_key" in event:
                await self.settle()  # what came before it sees the room as it was
                await self._guard(room_id, self.on_state(room_id, event, live=i >= start))
            elif i < start or event.get("sender") == self.me:
                continue
            elif event.get("type") == ENCRYPTED:
                await self._guard(room_id, self._decrypt_and_submit(room_id, event))
            else:
                self._submit(str(event.get("sender")), room_id, event)

    async def _decrypt_and_submit(self, room_id: str, event: Event) -> None:
        """Decrypt in place and hand on; a key still on its way is waited for aside."""
        if self.encryption is None:
            return
        try:
            clear = await self.encryption.decrypt(room_id, event)
        except SessionNotFound:
            self.outlet.in_background(self._when_key_comes(room_id, event))
            return
        except DecryptionError as e:
            log.warning(
                "Matrix: could not decrypt %s in %s (%s)", event.get("event_id"), room_id, e
            )
            await self.on_unreadable(room_id, event)
            return
        self._submit(str(event.get("sender")), room_id, clear)

    async def _when_key_comes(self, room_id: str, event: Event) -> None:
        """Wait (beside the sync) for the room key an event needs, then handle it."""
        assert self.encryption is not None
        if not await self.encryption.wait_for_key(room_id, event, self.key_wait):
            log.warning(
                "Matrix: no key came for %s in %s within %g s",
                event.get("event_id"),
                room_id,
                self.key_wait,
            )
            await self._guard(room_id, self.on_unreadable(room_id, event))
            return
        await self._guard(room_id, self._decrypt_and_submit(room_id, event))
