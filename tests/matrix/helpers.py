"""Real Matrix participants (mautrix clients) and an in-process bot, for the Matrix tests."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mautrix.api import Method
from mautrix.api import Path as ApiPath
from mautrix.client import ClientAPI
from mautrix.types import PaginationDirection, RoomID, SyncToken, UserID

from bot.app import build_bot
from bot.config import Config, MatrixConfig
from bot.core.bot import Bot
from bot.core.clock import ManualClock, OffsetClock
from bot.platforms.matrix.client import Backoff, MatrixClient
from bot.platforms.matrix.platform import MatrixPlatform
from tests.harness import START
from tests.matrix.synapse import RegisteredUser, SynapseServer

Event = dict[str, Any]
WAIT = 20.0  # seconds: an upper bound for the homeserver and the bot, not a timing claim

POLL_START = "org.matrix.msc3381.poll.start"
POLL_RESPONSE = "org.matrix.msc3381.poll.response"
POLL_END = "org.matrix.msc3381.poll.end"


async def wait_until(condition: Callable[[], bool], within: float = WAIT) -> None:
    """Poll a condition until it holds (bounded); not a timing assertion."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def unique(name: str) -> str:
    """A localpart no other test has used on the session's homeserver."""
    return f"{name}_{secrets.token_hex(3)}"


def body(event: Event) -> str:
    """An event's plain-text body (or its poll text fallback)."""
    content = event.get("content") or {}
    return str(content.get("body") or content.get("org.matrix.msc1767.text") or "")


def replies_to(event: Event) -> str | None:
    """The event id this message answers, if it is a reply."""
    relates = (event.get("content") or {}).get("m.relates_to") or {}
    return (relates.get("m.in_reply_to") or {}).get("event_id")


def is_edit(event: Event) -> bool:
    """Whether a message is an m.replace edit."""
    relates = (event.get("content") or {}).get("m.relates_to") or {}
    return relates.get("rel_type") == "m.replace"


class Participant:
    """A person on the homeserver with a real client that syncs in the background."""

    def __init__(self, server: SynapseServer, user: RegisteredUser) -> None:
        self.server = server
        self.user = user
        self.api = ClientAPI(
            UserID(user.user_id), base_url=server.base_url, token=user.access_token
        )
        self.events: list[Event] = []  # every timeline event seen, with its room_id
        self.arrived: dict[str, float] = {}  # event id -> when this client got it (monotonic)
        self.accept_invites_from: set[str] = set()
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    @property
    def user_id(self) -> str:
        """The person's Matrix id."""
        return self.user.user_id

    async def start(self) -> None:
        """Sync once, then keep syncing in a task."""
        first = await self.api.sync(timeout=0)
        self._task = asyncio.create_task(self._loop(str(first["next_batch"])))

    async def close(self) -> None:
        """Stop syncing and close the HTTP session."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.api.api.session.close()

    async def _loop(self, since: str) -> None:
        while True:
            data = await self.api.sync(since=SyncToken(since), timeout=30_000)
            since = str(data["next_batch"])
            rooms = data.get("rooms") or {}
            for room_id, invite in (rooms.get("invite") or {}).items():
                inviters = {
                    e.get("sender")
                    for e in (invite.get("invite_state") or {}).get("events") or []
                    if e.get("type") == "m.room.member" and e.get("state_key") == self.user_id
                }
                if inviters & self.accept_invites_from:
                    await self.api.join_room_by_id(RoomID(room_id))
            new = [
                {**e, "room_id": room_id}
                for room_id, joined in (rooms.get("join") or {}).items()
                for e in (joined.get("timeline") or {}).get("events") or []
            ]
            for event in new:
                self.arrived.setdefault(str(event.get("event_id")), time.monotonic())
            if new:
                async with self._changed:
                    self.events.extend(new)
                    self._changed.notify_all()

    async def wait_for(self, match: Callable[[Event], bool], within: float = WAIT) -> Event:
        """The first event seen that matches, waiting for it if needed."""

        def found() -> Event | None:
            return next((e for e in self.events if match(e)), None)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), within)
            event = found()
        assert event is not None
        return event

    async def wait_for_message(
        self, sender: str, text: str, room_id: str | None = None, within: float = WAIT
    ) -> Event:
        """A message from `sender` whose body contains `text` (edits excluded)."""
        return await self.wait_for(
            lambda e: (
                e.get("sender") == sender
                and e.get("type") == "m.room.message"
                and text in body(e)
                and not is_edit(e)
                and (room_id is None or e["room_id"] == room_id)
            ),
            within,
        )

    async def wait_for_membership(self, room_id: str, user_id: str, membership: str) -> Event:
        """A member event putting `user_id` in the given membership."""
        return await self.wait_for(
            lambda e: (
                e["room_id"] == room_id
                and e.get("type") == "m.room.member"
                and e.get("state_key") == user_id
                and (e.get("content") or {}).get("membership") == membership
            )
        )

    async def create_room(self, name: str, invite: list[str], *, encrypted: bool = False) -> str:
        """A private room with people invited; optionally end-to-end encrypted from the start."""
        state = []
        if encrypted:
            state.append(
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            )
        room_id = await self.api.create_room(
            name=name,
            invitees=[UserID(u) for u in invite],
            initial_state=state,  # type: ignore[arg-type]  # plain dicts are valid state
        )
        return str(room_id)

    async def join(self, room_id: str) -> None:
        """Accept an invite."""
        await self.api.join_room_by_id(RoomID(room_id))

    async def send(self, room_id: str, event_type: str, content: Event) -> str:
        """Send any message event; its id."""
        path = ApiPath.v3.rooms[room_id].send[event_type][self.api.api.get_txn_id()]
        resp = await self.api.api.request(Method.PUT, path, content)
        return str(resp["event_id"])

    async def say(self, room_id: str, text: str) -> str:
        """Type a message."""
        return await self.send(room_id, "m.room.message", {"msgtype": "m.text", "body": text})

    async def answer_poll(self, room_id: str, start_id: str, answers: list[str]) -> str:
        """Vote in a native poll the way Element does."""
        content = {
            "m.relates_to": {"rel_type": "m.reference", "event_id": start_id},
            POLL_RESPONSE: {"answers": answers},
        }
        return await self.send(room_id, POLL_RESPONSE, content)

    async def set_state(self, room_id: str, event_type: str, content: Event) -> None:
        """Send a state event (empty state key)."""
        path = ApiPath.v3.rooms[room_id].state[event_type][""]
        await self.api.api.request(Method.PUT, path, content)

    async def get_state(self, room_id: str, event_type: str) -> Event:
        """A state event's content (empty state key)."""
        path = ApiPath.v3.rooms[room_id].state[event_type][""]
        result: Event = await self.api.api.request(Method.GET, path)
        return result

    async def history(self, room_id: str) -> list[Event]:
        """The room's messages as the server has them now (oldest first), for exact counts."""
        page = await self.api.get_messages(
            RoomID(room_id), direction=PaginationDirection.BACKWARD, limit=500
        )
        # mautrix declares PaginatedMessages as a keyword NamedTuple, which mypy cannot read.
        events = page.events  # type: ignore[attr-defined]
        return [e.serialize() for e in reversed(events)]


@dataclass
class RunningBot:
    """The bot built the way run_matrix builds it, with a ManualClock, syncing in a task."""

    bot: Bot
    platform: MatrixPlatform
    clock: ManualClock | OffsetClock
    task: asyncio.Task[None]
    user_id: str
    closed: bool = field(default=False)

    async def stop(self) -> None:
        """Stop syncing and close everything, as run_matrix does on a signal."""
        if self.closed:
            return
        self.closed = True
        self.platform.stop()
        try:
            await asyncio.wait_for(self.task, WAIT)
        finally:
            await self.bot.stop()  # settles living-message edits while the client is open
            await self.platform.close()
            await self.bot.db.close()


async def start_bot(
    server: SynapseServer,
    account: RegisteredUser,
    db_path: Path,
    *,
    allowlist: tuple[str, ...] = (),
    clock: ManualClock | OffsetClock | None = None,
    homeserver: str | None = None,
    sync_limits: dict[str, int] | None = None,
    encrypt_private_rooms: bool = False,
    recovery_key: str = "",
) -> RunningBot:
    """Build, connect and start the bot, and wait until its first sync is handled.

    `sync_limits` overrides SyncLoop numbers, e.g. {"timeline_limit": 5}. Private rooms are
    plain unless asked: the plain `Participant` cannot read encrypted ones.
    """
    clock = clock or ManualClock(START)
    matrix = MatrixConfig(
        homeserver=homeserver or server.base_url,
        user_id=account.user_id,
        invite_allowlist=allowlist,
        encrypt_private_rooms=encrypt_private_rooms,
    )
    config = Config(platform="matrix", database=str(db_path), matrix=matrix)
    bot = await build_bot(config, clock, db_path)
    client = MatrixClient(matrix.homeserver, matrix.user_id, account.access_token)
    platform = MatrixPlatform(
        bot, matrix, client, backoff=Backoff(0.05, 0.5), recovery_key=recovery_key
    )
    for name, value in (sync_limits or {}).items():
        assert isinstance(getattr(platform.sync, name), int), name
        setattr(platform.sync, name, value)  # read when the sync starts
    try:
        assert await platform.connect()
        await platform.start()
    except BaseException:
        await platform.close()
        await bot.db.close()
        raise
    task = asyncio.create_task(platform.run())
    running = RunningBot(bot, platform, clock, task, account.user_id)
    waiter = asyncio.ensure_future(platform.sync.caught_up.wait())
    done, _ = await asyncio.wait({waiter, task}, timeout=WAIT, return_when=asyncio.FIRST_COMPLETED)
    if waiter not in done:
        waiter.cancel()
        died = task.exception() if task.done() and not task.cancelled() else None
        await running.stop()
        raise AssertionError(f"the bot did not finish its first sync ({died!r})")
    return running


async def group_room(
    owner: Participant, bot_id: str, members: list[Participant], name: str = "Group"
) -> str:
    """A room made by `owner` (its creator, so an organiser) with the bot and members in it."""
    room_id = await owner.create_room(name, [bot_id, *(m.user_id for m in members)])
    for member in members:
        await member.join(room_id)
    await owner.wait_for_membership(room_id, bot_id, "join")
    return room_id
