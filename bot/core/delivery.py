"""Delivery: sends what the outbox owes, lane by lane, retrying through outages and restarts.

Rows of one lane (a group's channels, or one person) go in the order they were decided;
lanes go side by side, so a burst of private confirmations does not queue behind one
another. A row is marked delivered only after the platform took it; the platform call
carries an idempotency key made from the row (a Matrix transaction id, a Discord nonce), so
sending again after a crash between the two is harmless where the platform honours it.

A failure the platform calls final (`Undeliverable`: a room the bot was removed from) is
recorded and not retried; any other failure postpones the row and the rest of its lane,
waiting 1, 2, 4 ... seconds up to 5 minutes between tries, for up to a day.

A message is sent in the language it was written in (its reader's), so the platform shows
its times (Welsh day and month names) and its own words in that language too; a living
message is drawn again in its group's language.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

from bot.core.claims import Claims
from bot.core.clock import Clock
from bot.core.i18n import speaking
from bot.core.model import Reply, User
from bot.core.outbox import (
    ANSWER,
    CALENDAR,
    DM,
    POST,
    REDRAW,
    THREAD,
    AnswerTo,
    Outbox,
    calendar_from_json,
)
from bot.core.outlet import Handle, Outlet, SilentOutlet, Undeliverable
from bot.core.replies import reply_from_json
from bot.core.scheduler import stopped
from storage.claims import LANE
from storage.db import Database
from storage.outbox import OutboxRepository, Send
from storage.posts import Post, PostRepository

log = logging.getLogger(__name__)

# What a living message shows now, from what is stored: (group id, key) -> Reply, or None
# when there is nothing to show any more.
Producer = Callable[[str, str], Awaitable[Reply | None]]

LANES = 16  # lanes delivered side by side
FIRST_WAIT = timedelta(seconds=1)
LONGEST_WAIT = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(days=1)
# A redraw or thread post waits this many tries for its message to be posted first.
WAIT_FOR_MESSAGE = 6
LONGEST_SLEEP = 60.0  # seconds; the task looks again at least this often
# Several processes on one database: a process claims the lanes it is about to send for
# this long (one lane at a time keeps a person's messages in order); if it dies, another
# sends them once the claim runs out.
LEASE = timedelta(minutes=2)


class NotYet(Exception):
    """The message this row refers to is not posted yet; try again shortly."""


def calendar_key(key: str) -> str:
    """Where a native calendar event's platform ref is kept (no channel: the whole group's)."""
    return f"calendar:{key}"


class Deliverer:
    """The one task that sends outbox rows, and the platform it sends through."""

    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.repo = OutboxRepository(db.reader)
        self.claims = Claims(db, clock, LANE, LEASE)
        # The groups whose messages this process sends (all, unless processes split them).
        self.serves: Callable[[str | None], bool] = lambda _group_id: True
        self.posts = PostRepository(db.reader)
        self.outlet: Outlet = SilentOutlet()
        self.producers: dict[str, Producer] = {}
        self.salt = ""
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.outbox = outbox
        outbox.on_owed = self.kick

    def kick(self) -> None:
        """Look at the outbox again (rows were committed)."""
        self._wake.set()

    def living(self, prefix: str, produce: Producer) -> None:
        """Living messages whose keys start `prefix:` are redrawn with `produce`."""
        self.producers[prefix] = produce

    async def start(self, outlet: Outlet, *, keep_sending: bool = False) -> None:
        """Send through `outlet` what a crash left owed; with `keep_sending`, all from now on."""
        self.outlet = outlet
        self.salt = await self.repo.salt()
        if not keep_sending:
            await self.deliver_due()
        elif self._task is None:
            # The task begins with what is owed: a restart owing hundreds of messages starts
            # listening at once instead of after sending them all.
            self._task = asyncio.get_running_loop().create_task(
                self._run(), context=contextvars.Context()
            )

    async def stop(self) -> None:
        """Stop sending (what is owed stays owed); a pass under way finishes first."""
        task, self._task = self._task, None
        if task is not None:
            async with self._lock:
                task.cancel()
            await stopped(task)

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Nothing runs here until the block ends."""
        async with self._lock:
            yield

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.deliver_due()
                soonest = await self.repo.next_due()
            except Exception:
                log.exception("delivering the outbox failed; trying again shortly")
                soonest = self.clock.now() + FIRST_WAIT * 5
            wait = self.claims.longest_sleep(LONGEST_SLEEP)
            soonest = self.claims.look_again(soonest)
            if soonest is not None:
                wait = min(wait, self.clock.real_seconds(soonest))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def deliver_due(self) -> int:
        """Send every row that is due now; how many were delivered."""
        async with self._lock:
            sent = 0
            for _ in range(100):  # a redraw asked for again while it was drawn comes round
                holder = self.db.holder if self.db.shared else None
                now = self.clock.now()
                found = await self.repo.due(now, not_held_by_others_of=holder)
                rows = [r for r in found if self.serves(r.group_id)]
                if not rows:
                    break
                held = await self.claims.take({row.lane for row in rows})
                if not held:
                    break  # every lane due is another process's to send
                if self.db.shared:
                    # Read again: what another process sent before letting go is not owed.
                    again = await self.repo.due(self.clock.now(), not_held_by_others_of=holder)
                    rows = [r for r in again if r.lane in held]
                lanes: dict[str, list[Send]] = {}
                for row in rows:
                    lanes.setdefault(row.lane, []).append(row)
                room = asyncio.Semaphore(LANES)
                try:
                    done = await asyncio.gather(*(self._lane(r, room) for r in lanes.values()))
                finally:
                    await self.claims.release(held)
                sent += sum(done)
            if sent:
                async with self.db.transaction() as tx:
                    await self.repo.drop_delivered_text(tx)
            return sent

    async def _lane(self, rows: list[Send], room: asyncio.Semaphore) -> int:
        async with room:
            sent = 0
            for row in rows:
                if not await self._one(row):
                    break  # it waits, and so does the rest of its lane
                sent += 1
            return sent

    async def _one(self, send: Send) -> bool:
        """Deliver one row; False when it (and its lane) must wait."""
        now = self.clock.now()
        try:
            handle = await self._send(send)
        except Undeliverable as e:
            log.warning("gave up %s %s in %s: %s", send.kind, send.target, send.group_id, e)
            async with self.db.transaction(serial=False) as tx:
                await self.repo.give_up(tx, send.id, now, f"undeliverable: {e}")
            return True
        except Exception as e:
            waited_too_long = now - send.created_at > GIVE_UP_AFTER
            if isinstance(e, NotYet) and send.attempts + 1 >= WAIT_FOR_MESSAGE:
                waited_too_long = True
            if waited_too_long:
                log.warning("gave up %s %s in %s: %s", send.kind, send.target, send.group_id, e)
                async with self.db.transaction(serial=False) as tx:
                    await self.repo.give_up(tx, send.id, now, f"gave up: {e}")
                return True
            wait = min(FIRST_WAIT * 2**send.attempts, LONGEST_WAIT)
            if not isinstance(e, NotYet):
                log.warning(
                    "could not deliver %s to %s in %s (%s: %s); trying again in %d s",
                    send.kind,
                    send.target,
                    send.group_id or "a private chat",
                    type(e).__name__,
                    e,
                    wait.total_seconds(),
                )
            async with self.db.transaction(serial=False) as tx:
                await self.repo.postpone(tx, send, now + wait, f"{type(e).__name__}: {e}")
            return False
        # Keyed by the row and the message: it waits behind no other writer.
        async with self.db.transaction(serial=False) as tx:
            await self.repo.mark_sent(tx, send.id, self.clock.now(), send.wanted)
            if handle is not None and send.key and send.kind != REDRAW:
                post = Post(
                    send.group_id,
                    send.key,
                    handle.channel_id,
                    handle.message_ref,
                    handle.thread_ref,
                )
                await self.posts.save(tx, post)
        return True

    def idempotency_key(self, send: Send) -> str:
        """The same for every try of a row, different for every row of every database."""
        base = f"{self.salt}{send.id}"
        return f"{base}r{send.wanted}" if send.kind == REDRAW else base

    async def _handle(self, send: Send, key: str) -> Handle:
        post = await self.posts.get(send.group_id, key)
        if post is not None:
            return Handle(post.channel_id, post.message_ref, post.thread_ref)
        if await self.repo.owed_with_key(send.group_id, key):
            raise NotYet(f"{key} is not posted yet")
        raise NotYet(f"no message under {key}")

    async def _send(self, send: Send) -> Handle | None:
        idem = self.idempotency_key(send)
        if send.kind == REDRAW:
            await self._redraw(send, idem)
            return None
        if send.kind == CALENDAR:
            await self._calendar(send)
            return None
        reply = reply_from_json(send.body or "{}")
        with speaking(reply.language):
            return await self._send_reply(send, reply, idem)

    async def _send_reply(self, send: Send, reply: Reply, idem: str) -> Handle | None:
        if send.kind == POST:
            return await self.outlet.post(send.group_id, send.target, reply, idem=idem)
        if send.kind == THREAD:
            handle = await self._handle(send, send.target)
            return await self.outlet.post_in_thread(send.group_id, handle, reply, idem=idem)
        if send.kind == DM:
            user = User(send.target, send.name or send.target)
            await self.outlet.dm(send.group_id, user, reply, idem=idem)
            return None
        if send.kind == ANSWER:
            to = AnswerTo.from_json(send.answer_to or "{}")
            return await self.outlet.answer(send.group_id, to, reply, idem=idem)
        raise Undeliverable(f"unknown kind {send.kind!r}")

    async def _redraw(self, send: Send, idem: str) -> None:
        if not self.outlet.live_updates:
            return
        produce = self.producers.get(send.target.partition(":")[0])
        if produce is None:
            return
        with speaking(await self.outbox.people.language_of(send.group_id)):
            reply = await produce(send.group_id, send.target)
            if reply is None:
                return
            handle = await self._handle(send, send.target)
            await self.outlet.update(send.group_id, send.target, handle, reply, idem=idem)

    async def _calendar(self, send: Send) -> None:
        event = calendar_from_json(send.body or "null")
        record = calendar_key(send.target)
        post = await self.posts.get(send.group_id, record)
        old = post.message_ref if post else None
        if old is None and event is None:
            return
        ref = await self.outlet.calendar(send.group_id, old, event)
        if ref == old:
            return
        async with self.db.transaction() as tx:
            if ref is None:
                await self.posts.drop(tx, send.group_id, record)
            else:
                await self.posts.save(tx, Post(send.group_id, record, "", ref))
