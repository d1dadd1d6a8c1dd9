"""Turns a sync batch into bot work: invites, members, encryption, commands and poll answers.

Delivery rule for commands and poll answers: exactly once. An event's id is claimed in the
same transaction as the command's effect and the answer it owes (an outbox row), so a
crash before that commits leaves nothing behind and the replayed sync runs it again, and
after it commits the claim stops the replay from acting twice.

Events are handled side by side across people, each person's in the order they were
sent; room state (joins, power levels, encryption) is applied in order, after everything
before it in the batch.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any

import aiohttp
from mautrix.errors import MatrixError

from bot.config import MatrixConfig
from bot.core.bot import Bot
from bot.core.context import Invocation
from bot.core.events import THREAD_MESSAGE
from bot.core.model import Reply, Role, User
from bot.core.outlet import AnswerTo
from bot.platforms.matrix import polls
from bot.platforms.matrix.client import MatrixClient, describe
from bot.platforms.matrix.outlet import MatrixOutlet
from bot.platforms.matrix.render import command_text, plain_notice, relation_of, reply_relation
from bot.platforms.matrix.rooms import RoomDirectory, display_name
from bot.platforms.matrix.sync import RECOVERED, fresh_join_index
from storage.matrix import MatrixRepository

log = logging.getLogger(__name__)

Event = dict[str, Any]

ENCRYPTED_INVITE = (
    "This room is end-to-end encrypted and I can't read encrypted messages, so I won't work "
    "here. Invite me to an unencrypted room instead."
)
ENCRYPTION_TURNED_ON = (
    "Encryption was turned on in this room and I can't read encrypted messages, so I'm "
    "leaving. Invite me to an unencrypted room to keep using me."
)
DM_ROOM_HINT = (
    "This is our private room: I send you confirmations and reminders here, and you can "
    "vote here (`!poll vote ID CHOICE`) so nobody in the group sees your choice."
)
SENDERS_AT_ONCE = 16  # people whose messages are handled side by side
FAILED = "Something went wrong on my side with that command; it has been logged. Try again later."


def group_id_of(room_id: str) -> str:
    """Each room the bot is in is one group."""
    return "matrix:" + room_id


def inviter_allowed(inviter: str, allowlist: tuple[str, ...], own_server: str) -> bool:
    """Whether an invite's sender is a listed user or on a listed server.

    An empty allowlist admits only people on the bot's own homeserver.
    """
    server = inviter.split(":", 1)[1] if ":" in inviter else ""
    entries = allowlist or (own_server,)
    return inviter in entries or (bool(server) and server in entries)


class EventRouter:
    """Handles each sync batch: state in order, messages side by side across senders."""

    def __init__(
        self,
        bot: Bot,
        client: MatrixClient,
        repo: MatrixRepository,
        outlet: MatrixOutlet,
        rooms: RoomDirectory,
        config: MatrixConfig,
    ) -> None:
        self.bot = bot
        self.client = client
        self.repo = repo
        self.outlet = outlet
        self.rooms = rooms
        self.config = config
        self.declined: set[str] = set()
        self._last: dict[str, asyncio.Task[None]] = {}  # each sender's latest event's work
        self._working: set[asyncio.Task[None]] = set()
        self._room = asyncio.Semaphore(SENDERS_AT_ONCE)

    @property
    def me(self) -> str:
        """The bot's own user id."""
        return self.client.user_id

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

    # -- rooms and members --------------------------------------------------------------

    async def on_invite(self, room_id: str, data: dict[str, Any]) -> None:
        """Join if an allowed person invited the bot; decline encrypted rooms in one line."""
        state = (data.get("invite_state") or {}).get("events") or []
        inviter = next(
            (
                str(e.get("sender"))
                for e in state
                if e.get("type") == "m.room.member"
                and e.get("state_key") == self.me
                and (e.get("content") or {}).get("membership") == "invite"
            ),
            "",
        )
        own_server = self.me.split(":", 1)[1]
        if not inviter_allowed(inviter, self.config.invite_allowlist, own_server):
            log.info("Matrix: refused an invite to %s from %s (not allowed)", room_id, inviter)
            await self.client.leave(room_id, reason="Only invites from allowed people are taken.")
            return
        await self.client.join(room_id)
        log.info("Matrix: joined %s, invited by %s", room_id, inviter)
        self.declined.discard(room_id)  # invited back: explain again if need be
        if any(e.get("type") == "m.room.encryption" for e in state):
            await self.decline(room_id, ENCRYPTED_INVITE)
            return
        await self.setup_room(room_id)

    async def setup_room(self, room_id: str) -> None:
        """A room the bot is in: register it as a group and everyone in it as members."""
        info = await self.rooms.load(room_id)
        if info.encrypted:
            await self.decline(room_id, ENCRYPTED_INVITE)
            return
        if self.outlet.is_dm_room(room_id):
            return
        group_id = group_id_of(room_id)
        await self.bot.group(group_id, info.name or room_id)
        power = self.config.facilitator_power, self.config.organiser_power
        for user_id, name in list(info.members.items()):
            if user_id != self.me:  # with their role, so a new group's organisers are known
                await self.bot.member_seen(
                    group_id, User(user_id, name), info.role_of(user_id, *power)
                )

    async def decline(self, room_id: str, line: str) -> None:
        """Say why in one plain line, then leave: the bot does nothing in encrypted rooms."""
        if room_id in self.declined:
            return
        self.declined.add(room_id)
        try:
            await self.client.send(room_id, "m.room.message", plain_notice(line))
        except MatrixError as e:
            log.warning("Matrix: could not explain leaving %s (%s)", room_id, describe(e))
        await self.client.leave(room_id, reason="End-to-end encryption is not supported.")
        self.rooms.forget(room_id)
        if self.outlet.is_dm_room(room_id):
            await self.outlet.forget_dm_room(room_id)
        log.info("Matrix: left %s because it is encrypted", room_id)

    async def on_left(self, room_id: str) -> None:
        """The bot is out of a room (it left, was kicked, or rejected an invite)."""
        self.rooms.forget(room_id)
        if room_id in self.outlet.dm_by_user.values():
            await self.outlet.forget_dm_room(room_id)

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
        declined = room_id in self.declined
        await self._in_order(room_id, recovered, start)
        if room_id in self.declined and not declined:
            return  # it turned out encrypted on the way: the bot has left
        state = (data.get("state") or {}).get("events") or []
        if state:
            await self.settle()
        for event in state:
            await self._guard(room_id, self.on_state(room_id, event, live=False))
        await self._in_order(room_id, timeline, start - len(recovered))

    async def _in_order(self, room_id: str, events: list[Event], start: int) -> None:
        """Handle events one by one; those before index `start` are history."""
        for i, event in enumerate(events):
            if room_id in self.declined:
                return
            event.setdefault("room_id", room_id)
            if "state_key" in event:
                await self.settle()  # what came before it sees the room as it was
                await self._guard(room_id, self.on_state(room_id, event, live=i >= start))
            elif i >= start and event.get("sender") != self.me:
                self._submit(str(event.get("sender")), room_id, event)

    async def on_state(self, room_id: str, event: Event, *, live: bool) -> None:
        """Keep room state current; members join, encryption turns on, the bot is removed.

        Only `live` events (after the bot's own join) announce a member as newly joined;
        the others just record who is there.
        """
        self.rooms.apply(room_id, event)
        kind, content = event.get("type"), event.get("content") or {}
        if kind == "m.room.encryption" and content.get("algorithm"):
            await self.decline(room_id, ENCRYPTION_TURNED_ON)
            return
        is_dm = self.outlet.is_dm_room(room_id)
        power = self.config.facilitator_power, self.config.organiser_power
        if kind == "m.room.power_levels" and not is_dm:
            # Someone raised or lowered: everyone's role as the new levels give it.
            info = await self.rooms.get(room_id)
            if not info.encrypted:
                group_id = group_id_of(room_id)
                await self.bot.group(group_id, info.name or room_id)
                for user_id, name in list(info.members.items()):
                    if user_id != self.me:
                        role = info.role_of(user_id, *power)
                        await self.bot.member_seen(group_id, User(user_id, name), role)
            return
        if kind != "m.room.member":
            return
        user_id, membership = str(event.get("state_key")), content.get("membership")
        if user_id == self.me:
            if membership in ("leave", "ban"):
                self.rooms.forget(room_id)
        elif membership == "join" and not is_dm:
            info = await self.rooms.get(room_id)
            if info.encrypted:
                return
            group_id, group_name = group_id_of(room_id), info.name or room_id
            user = User(user_id, display_name(user_id, content.get("displayname")))
            role = info.role_of(user_id, *power)
            previous = ((event.get("unsigned") or {}).get("prev_content") or {}).get("membership")
            if live and previous != "join" and "event_id" in event:
                async with self.bot.db.transaction():
                    if await self._claim(event):
                        await self.bot.member_joined(group_id, group_name, user)
                        await self.bot.member_seen(group_id, user, role)
            else:  # history, or a new display name: remember, announce nothing
                await self.bot.group(group_id, group_name)
                await self.bot.member_seen(group_id, user, role)
        elif membership in ("leave", "ban") and not is_dm:
            # Gone from the group: no longer counted, and nothing more kept about them.
            await self.bot.member_left(group_id_of(room_id), user_id)
        elif membership in ("leave", "ban") and self.outlet.dm_by_user.get(user_id) == room_id:
            await self.outlet.forget_dm_room(room_id)
            await self.client.leave(room_id)

    # -- commands and poll answers ------------------------------------------------------

    async def on_message(self, room_id: str, event: Event) -> None:
        """A text command, or an answer to one of the bot's native polls."""
        kind, content = event.get("type"), event.get("content") or {}
        if kind == "m.room.message":
            text = command_text(content)
            if text:
                await self.on_command(room_id, event, text)
            else:
                await self.on_thread_message(room_id, event, content)
        elif kind in polls.RESPONSE_TYPES:
            await self.on_poll_response(room_id, event, content)

    async def on_thread_message(self, room_id: str, event: Event, content: Event) -> None:
        """Someone wrote in the thread on a keyed message (an idea's): say so to features.

        Once per event, and only that it happened: never what was said.
        """
        relates = relation_of(content)
        sender = str(event.get("sender"))
        if relates.get("rel_type") != "m.thread" or sender == self.client.user_id:
            return
        post = await self.bot.posts.by_thread(str(relates.get("event_id")))
        if post is None or post.channel_id != room_id:
            return
        sent = datetime.fromtimestamp(int(event.get("origin_server_ts") or 0) / 1000, UTC)
        async with self.bot.db.transaction():
            if await self._claim(event):
                await self.bot.emit(THREAD_MESSAGE, post.group_id, post.key, sender, sent)

    async def _claim(self, event: Event) -> bool:
        async with self.bot.db.transaction() as tx:
            return await self.repo.claim_event(
                tx, event["event_id"], event["room_id"], self.bot.clock.now()
            )

    async def _invocation(self, room_id: str, group_id: str, sender: str) -> Invocation | None:
        info = await self.rooms.get(room_id)
        if info.encrypted:
            return None
        role = info.role_of(sender, self.config.facilitator_power, self.config.organiser_power)
        user = User(sender, info.name_of(sender))
        return Invocation(group_id, info.name or room_id, room_id, user, role)

    async def _run(self, text: str, inv: Invocation) -> Reply:
        try:
            return await self.bot.handle_text(text, inv)
        except Exception:
            log.exception("Matrix: %r from %s failed", text, inv.user.id)
            return Reply.refusal(FAILED)

    def _answer_to(self, room_id: str, event: Event, user: User, *, private: bool) -> AnswerTo:
        relation = json.dumps(reply_relation(event), separators=(",", ":"))
        return AnswerTo(room_id, user, relation, private_chat=private)

    async def on_command(self, room_id: str, event: Event, text: str) -> None:
        """`!poll vote 3 2`: run it once, answer as a reply (or privately)."""
        if self.outlet.is_dm_room(room_id):
            await self.on_private_command(room_id, event, text)
            return
        group_id = group_id_of(room_id)
        inv = await self._invocation(room_id, group_id, str(event["sender"]))
        if inv is None:
            return
        # The claim, the command's writes and the answer it owes commit together.
        async with self.bot.db.transaction():
            if not await self._claim(event):
                return
            reply = await self._run(text, inv)
            to = self._answer_to(room_id, event, inv.user, private=False)
            await self.bot.outbox.answer(group_id, to, reply)

    async def on_private_command(self, room_id: str, event: Event, text: str) -> None:
        """A command in our DM room: votes run in the poll's group, so nobody sees them."""
        sender = str(event["sender"])

        async def role_in(group_id: str) -> Role:
            info = await self.rooms.get(group_id.removeprefix("matrix:"))
            return info.role_of(sender, self.config.facilitator_power, self.config.organiser_power)

        async with self.bot.db.transaction():
            if not await self._claim(event):
                return
            try:
                group_id, reply = await self.bot.handle_private_text(
                    text, User(sender, sender), room_id, "matrix", role_in
                )
            except Exception:
                log.exception("Matrix: private %r from %s failed", text, sender)
                group_id, reply = None, Reply.refusal(FAILED)
            if reply.error and group_id is None:
                reply = Reply.refusal(f"{reply.body}\n\n{DM_ROOM_HINT}")
            to = self._answer_to(room_id, event, User(sender, sender), private=True)
            await self.bot.outbox.answer(group_id or "", to, reply)

    async def on_poll_response(self, room_id: str, event: Event, content: Event) -> None:
        """A native poll answer runs the same command as typing it; only refusals answer.

        The claim, the "latest answer" record and the ballot commit together, so a crash
        loses no answer and a replay counts none twice.
        """
        response = polls.read_response(content)
        if response is None:
            return
        native = await self.repo.poll_by_event(response.start_event_id)
        if native is None or native.room_id != room_id:
            return
        sender = str(event["sender"])
        inv = await self._invocation(room_id, native.group_id, sender)
        stored = await self.bot.buttons.choice(native.choice_id)
        if inv is None or stored is None:
            return
        choice = stored[1]
        to = self._answer_to(room_id, event, inv.user, private=False)
        async with self.bot.db.transaction() as tx:
            if not await self.repo.claim_event(
                tx, event["event_id"], room_id, self.bot.clock.now()
            ):
                return
            sent_at = int(event.get("origin_server_ts") or 0)
            if not await self.repo.newer_response(tx, native.start_event_id, sender, sent_at):
                return  # an older answer arriving late: the person's latest one stands
            if response.answers == ():
                if choice.withdraw is None:
                    refusal = Reply.refusal("An answer to this poll cannot be taken back.")
                    await self.bot.outbox.answer(native.group_id, to, refusal)
                    return
                text = "!" + choice.withdraw
            else:
                most = max(1, min(choice.max_selections, len(choice.options)))
                picked = polls.picked_numbers(response.answers or (), len(choice.options), most)
                if response.answers is None or picked is None:
                    refusal = Reply.refusal(
                        "That answer is not one of this poll's options; your vote did not change."
                    )
                    await self.bot.outbox.answer(native.group_id, to, refusal)
                    return
                text = polls.ballot_command(choice.command, choice.args, picked)
            reply = await self._run(text, inv)
            # A native answer needs no confirmation (the client shows the vote): only refusals.
            if reply.error:
                await self.bot.outbox.answer(native.group_id, to, reply)
