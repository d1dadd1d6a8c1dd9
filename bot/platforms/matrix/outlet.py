"""The core's Outlet on Matrix: post, edit living messages, native polls, and DM rooms."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
from collections.abc import Coroutine
from typing import Any

import aiohttp
from mautrix.crypto.attachments import encrypt_attachment
from mautrix.errors import MatrixError, MatrixRequestError
from mautrix.types import ContentURI

from bot.core.bot import Bot
from bot.core.i18n import _
from bot.core.model import File, Reply, User
from bot.core.outlet import AnswerTo, CalendarEvent, Handle, Undeliverable
from bot.platforms.matrix import polls
from bot.platforms.matrix.client import MatrixClient, describe
from bot.platforms.matrix.crypto import Encryption
from bot.platforms.matrix.render import (
    edit_content,
    message_content,
    thread_relation,
    to_plain,
)
from storage.matrix import MatrixRepository, NativePoll

log = logging.getLogger(__name__)

Content = dict[str, Any]

PREPARE_AT_ONCE = 4  # private rooms made side by side ahead of need
CATCH_UP_WAIT = 60.0  # seconds a new private room waits for the first sync after a start


class MatrixOutlet:
    """Delivers Replies into rooms; private ones go to a DM room made once per person."""

    live_updates = True  # living messages are redrawn with m.replace edits

    def __init__(
        self,
        bot: Bot,
        client: MatrixClient,
        repo: MatrixRepository,
        encryption: Encryption | None = None,
        *,
        encrypt_private_rooms: bool = True,
    ) -> None:
        self.bot = bot
        self.client = client
        self.repo = repo
        self.encryption = encryption
        self.encrypt_private_rooms = encrypt_private_rooms  # for the DM rooms it makes
        self.dm_by_user: dict[str, str] = {}
        self.direct: set[str] = set()  # every room in the bot's m.direct account data
        self._dm_lock = asyncio.Lock()  # the account's m.direct list, one change at a time
        self._dm_locks: dict[str, asyncio.Lock] = {}  # one room a person
        self._tasks: set[asyncio.Task[None]] = set()
        # Set once the first sync since starting is handled: by then any room a crash left
        # made but unrecorded has been seen (and adopted), so none is made twice.
        self.caught_up = asyncio.Event()

    async def calendar(
        self, group_id: str, ref: str | None, event: CalendarEvent | None
    ) -> str | None:
        """Matrix has no native events: the meeting's .ics file is its calendar."""
        return None

    async def load(self) -> None:
        """Read the DM rooms recorded in SQLite and in the account's m.direct data."""
        self.dm_by_user = await self.repo.dm_rooms()
        self.direct = {r for rooms in (await self.client.direct_rooms()).values() for r in rooms}

    def is_dm_room(self, room_id: str) -> bool:
        """Whether a room is one of the bot's DM rooms (which are never groups)."""
        return room_id in self.direct or room_id in self.dm_by_user.values()

    async def forget_dm_room(self, room_id: str) -> None:
        """The person left: the next private message makes a new room."""
        self.dm_by_user = {u: r for u, r in self.dm_by_user.items() if r != room_id}
        async with self.bot.db.transaction() as tx:
            await self.repo.forget_dm_room(tx, room_id)

    async def _timezone(self, group_id: str, reader: str | None = None) -> str:
        if reader is not None:  # a private message: the reader's own zone
            return await self.bot.people.zone_of(group_id, reader)
        if not group_id:  # a private answer that belongs to no group
            return self.bot.members.default_zone()
        return (await self.bot.group(group_id)).settings.timezone

    # -- Outlet -------------------------------------------------------------------------

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, idem: str) -> Handle:
        """Say something in a room (the channel id is the room id)."""
        return await self.deliver(group_id, channel_id, reply, idem=idem)

    async def post_in_thread(
        self, group_id: str, handle: Handle, reply: Reply, *, idem: str
    ) -> Handle:
        """Post in the m.thread on the message (Matrix can root a thread on any event).

        A root the homeserver no longer knows (or will not thread on) is refused with a 400
        before anything is sent: then the message goes to the room instead, as the log says.
        """
        root = handle.thread_ref or handle.message_ref
        try:
            return await self.deliver(
                group_id, handle.channel_id, reply, thread_relation(root), idem=idem
            )
        except MatrixRequestError as e:
            if e.http_status != 400:
                raise
            log.warning(
                "Matrix: no thread on %s in %s (%s); posting in the room instead",
                root,
                handle.channel_id,
                describe(e),
            )
        return await self.deliver(group_id, handle.channel_id, reply, idem=idem + "r")

    async def update(
        self, group_id: str, key: str, handle: Handle, reply: Reply, *, idem: str
    ) -> None:
        """Edit the living message; a closed choice also ends its native poll (once)."""
        tz, now = await self._timezone(group_id), self.bot.clock.now()
        edit = edit_content(handle.message_ref, message_content(reply, tz, now))
        await self._send(handle.channel_id, "m.room.message", edit, idem)
        if reply.choice is None or not reply.choice.closed:
            return
        native = await self.repo.poll_by_key(group_id, key)
        if native is None or native.ended:
            return
        end = polls.end_content(native.start_event_id, to_plain(reply, tz, now))
        await self._send(native.room_id, polls.END, end, idem + ".end")
        async with self.bot.db.transaction() as tx:
            await self.repo.end_poll(tx, native.start_event_id)

    async def dm(self, group_id: str, user: User, reply: Reply, *, idem: str) -> None:
        """Reach one person in their DM room (recorded before anything is sent into it)."""
        room_id = await self.dm_room(user.id)
        await self.deliver(group_id, room_id, reply, reader=user.id, idem=idem)

    async def answer(
        self, group_id: str, to: AnswerTo, reply: Reply, *, idem: str
    ) -> Handle | None:
        """Answer a command event: in its room as a reply to it, or privately.

        A command typed in our private room is answered there; a private answer to one
        typed in the group's room goes to the person's private room.
        """
        relation = json.loads(to.ref) if to.ref else None
        if to.private_chat:
            await self.deliver(group_id, to.channel_id, reply, relation, idem=idem)
            return None
        if reply.private:
            await self.dm(group_id, to.user, reply, idem=idem)
            return None
        return await self.deliver(group_id, to.channel_id, reply, relation, idem=idem)

    # -- delivery -----------------------------------------------------------------------

    async def _send(self, room_id: str, event_type: str, content: Content, txn_id: str) -> str:
        """Send one event with a fixed transaction id; a final refusal is Undeliverable."""
        try:
            return await self.client.send(room_id, event_type, content, txn_id)
        except MatrixRequestError as e:
            if 400 <= e.http_status < 500 and e.http_status not in (400, 408, 429):
                raise Undeliverable(describe(e)) from e
            raise

    async def deliver(
        self,
        group_id: str,
        room_id: str,
        reply: Reply,
        relation: Content | None = None,
        *,
        reader: str | None = None,
        idem: str,
    ) -> Handle:
        """Send a Reply with its native poll, files and thread; where it went.

        Each event gets its own transaction id made from `idem`, so sending the same row
        again after a crash makes no second copy of any of them.
        """
        tz, now = await self._timezone(group_id, reader), self.bot.clock.now()
        content = message_content(reply, tz, now)
        if relation:
            content["m.relates_to"] = relation
        event_id = await self._send(room_id, "m.room.message", content, idem)
        choice = reply.choice
        if choice is not None and polls.is_native(choice):
            start_id = await self._send(
                room_id, polls.START, polls.start_content(choice), idem + ".p"
            )
            native = NativePoll(
                start_event_id=start_id,
                room_id=room_id,
                group_id=group_id,
                key=reply.key or choice.key,
                choice_id=await self.bot.buttons.save_choice(group_id, choice),
                ended=False,
            )
            async with self.bot.db.transaction() as tx:
                await self.repo.save_poll(tx, native)
            if not self.is_dm_room(room_id):
                self.prepare_dm_rooms(room_id)
        for n, file in enumerate(reply.files):
            await self._send_file(room_id, file, relation, f"{idem}.f{n}")
        if (relation or {}).get("rel_type") == "m.thread":
            return Handle(room_id, event_id, str((relation or {})["event_id"]))
        if not reply.thread:
            return Handle(room_id, event_id)
        opener = {
            "msgtype": "m.notice",
            "body": _("{title}: discuss it here, in this thread.", title=reply.thread),
            "m.relates_to": thread_relation(event_id),
            "m.mentions": {},
        }
        await self._send(room_id, "m.room.message", opener, idem + ".t")
        return Handle(room_id, event_id, event_id)

    async def _send_file(
        self, room_id: str, file: File, relation: Content | None, txn_id: str
    ) -> None:
        """Upload a file and send it as m.image or m.file; too big: say so instead.

        Into an encrypted room the file is encrypted first (AES-CTR, a fresh key each time)
        and its key travels in the `file` object of the (encrypted) message, never in the
        clear: the media repository only ever holds ciphertext.
        """
        limit = await self.client.upload_limit()
        if limit is not None and len(file.data) > limit:
            content: Content = {
                "msgtype": "m.notice",
                "body": _(
                    "{name} is {size:.1f} MB, over this homeserver's upload limit of "
                    "{limit:.0f} MB, so it is not attached. Ask an organiser to fetch it "
                    "from the bot's host.",
                    name=file.name,
                    size=len(file.data) / 1_048_576,
                    limit=limit / 1_048_576,
                ),
            }
        else:
            content = {
                "msgtype": "m.image" if file.is_image else "m.file",
                # Beside a filename, the body is the caption clients read out for a picture.
                "body": file.alt or file.name,
                "filename": file.name,
                "info": {"size": len(file.data), "mimetype": file.mime},
            }
            if self.encryption is not None and await self.encryption.is_encrypted(room_id):
                sealed, key = encrypt_attachment(file.data)
                key.url = ContentURI(
                    await self.client.upload(sealed, "application/octet-stream", file.name)
                )
                content["file"] = key.serialize()
            else:
                content["url"] = await self.client.upload(file.data, file.mime, file.name)
        if relation:
            content["m.relates_to"] = relation
        content["m.mentions"] = {}
        await self._send(room_id, "m.room.message", content, txn_id)

    # -- DM rooms -----------------------------------------------------------------------

    async def dm_room(self, user_id: str) -> str:
        """The person's DM room: recorded in SQLite, else found in m.direct, else made.

        A new room is recorded before anything is sent into it, so a crash between the two
        reuses it instead of making another. Rooms for different people are made side by
        side; only the account's m.direct list is updated one at a time.
        """
        if user_id not in self.dm_by_user and not self.caught_up.is_set():
            with contextlib.suppress(TimeoutError):  # (outside the lock: adopting takes it)
                await asyncio.wait_for(self.caught_up.wait(), CATCH_UP_WAIT)
        async with self._dm_locks.setdefault(user_id, asyncio.Lock()):
            room_id = self.dm_by_user.get(user_id)
            if room_id:
                return room_id
            known = (await self.client.direct_rooms()).get(user_id, [])
            reusable = [r for r in known if r in await self.client.joined_rooms()] if known else []
            room_id = (
                reusable[-1]
                if reusable
                else await self.client.create_dm_room(user_id, encrypted=self.encrypt_private_rooms)
            )
            async with self.bot.db.transaction() as tx:
                await self.repo.save_dm_room(tx, user_id, room_id)
            self.dm_by_user[user_id] = room_id
            self.direct.add(room_id)
            if not reusable:
                async with self._dm_lock:
                    await self.client.add_direct(user_id, room_id)
            return room_id

    async def adopt_dm_room(self, user_id: str, room_id: str) -> bool:
        """Record a private room the bot made but may not have recorded; False if it is spare.

        The bot died between making the room and recording it: it becomes the person's room
        if they have none, so no other is made; when they already have another, it is spare.
        """
        async with self._dm_locks.setdefault(user_id, asyncio.Lock()):
            recorded = self.dm_by_user.get(user_id)
            if recorded is not None:
                return recorded == room_id
            # Made while the homeserver went down, it may lack its invite.
            await self.client.make_sure_invited(room_id, user_id)
            async with self.bot.db.transaction() as tx:
                await self.repo.save_dm_room(tx, user_id, room_id)
            self.dm_by_user[user_id] = room_id
            self.direct.add(room_id)
            async with self._dm_lock:
                await self.client.add_direct(user_id, room_id)
            return True

    def in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run slow homeserver work beside the sync (closed with the outlet)."""
        task = asyncio.get_running_loop().create_task(work, context=contextvars.Context())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def prepare_dm_rooms(self, room_id: str) -> None:
        """Make the private rooms a group's members will be answered in, ahead of need.

        A poll has just been posted: its votes are confirmed privately, and making a room
        takes the homeserver most of a second, so it is not done in the answer's path.
        """
        self.in_background(self._prepare(room_id))

    async def _prepare(self, room_id: str) -> None:
        members = await self.bot.members.list("matrix:" + room_id)
        missing = [
            m.user_id
            for m in members
            if m.user_id not in self.dm_by_user and m.user_id != self.client.user_id
        ]
        room = asyncio.Semaphore(PREPARE_AT_ONCE)

        async def one(user_id: str) -> None:
            async with room:
                try:
                    await self.dm_room(user_id)
                except (MatrixError, aiohttp.ClientError, TimeoutError) as e:
                    log.info("Matrix: no private room for %s yet (%s)", user_id, describe(e))

        await asyncio.gather(*(one(u) for u in missing))

    async def close(self) -> None:
        """Stop making rooms ahead of need."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
