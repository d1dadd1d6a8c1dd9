"""What a platform must offer the core to speak outside a command's own answer."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Protocol

from bot.core.model import Reply, User


class Undeliverable(Exception):
    """The platform will never take this message (a room the bot left, a deleted user).

    Any other exception from an outlet counts as passing (an outage) and is tried again.
    """


@dataclass(frozen=True)
class Handle:
    """Where a message went: its channel, the message, and the thread opened on it."""

    channel_id: str
    message_ref: str
    thread_ref: str | None = None


@dataclass(frozen=True)
class AnswerTo:
    """What an answer answers: where it was asked, by whom, and the platform's reference.

    `ref` is the platform's own (a Matrix event and its thread, JSON); `private_chat` says
    the command came from a private chat with the bot, so the answer goes there.
    """

    channel_id: str
    user: User
    ref: str = ""
    private_chat: bool = False

    def to_json(self) -> str:
        """For the outbox row."""
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> AnswerTo:
        """Back from the outbox row."""
        data = json.loads(text)
        return cls(data["channel_id"], User(**data["user"]), data["ref"], data["private_chat"])


@dataclass(frozen=True)
class CalendarEvent:
    """Something on the group's calendar that a platform may show natively (a meeting).

    `cancelled` events are called off (the platform tells those interested); an event that
    is simply over is removed by passing None instead.
    """

    title: str
    start: datetime
    end: datetime
    place: str
    description: str = ""
    cancelled: bool = False


class Outlet(Protocol):
    """A platform's way to post, post into threads, edit, answer, and reach people privately.

    Every method is handed `idem`, a key that is the same each time the same outbox row is
    tried again: a platform with idempotent sends uses it (a Matrix transaction id, a
    Discord nonce), so a retry after a crash does not say the same thing twice. A failure
    the platform knows to be final raises Undeliverable; any other is retried later.
    """

    # Whether earlier messages can be redrawn (a terminal cannot): delivery skips redraws
    # of living messages where they cannot be shown.
    live_updates: bool

    async def calendar(
        self, group_id: str, ref: str | None, event: CalendarEvent | None
    ) -> str | None:
        """Create (ref None), change or end the platform's native event; the ref to keep.

        A platform without native events (Matrix, the shell) returns None and keeps nothing:
        its calendar is the .ics file the feature posts.
        """
        ...

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, idem: str) -> Handle:
        """Say something publicly in a channel (opening `reply.thread` on it); where it went."""
        ...

    async def post_in_thread(
        self, group_id: str, handle: Handle, reply: Reply, *, idem: str
    ) -> Handle:
        """Post into the thread on a message.

        Where there is none (or it was deleted), as near to the message as the platform
        allows, saying so in the log.
        """
        ...

    async def update(
        self, group_id: str, key: str, handle: Handle, reply: Reply, *, idem: str
    ) -> None:
        """Edit the message posted under `key` at `handle`, if the platform can."""
        ...

    async def dm(self, group_id: str, user: User, reply: Reply, *, idem: str) -> None:
        """Reach one person privately (falling back as the platform sees fit)."""
        ...

    async def answer(
        self, group_id: str, to: AnswerTo, reply: Reply, *, idem: str
    ) -> Handle | None:
        """Answer a typed command where it was typed (privately if the reply is private)."""
        ...


class SilentOutlet:
    """An outlet that drops everything: for tools that run the bot without a platform."""

    live_updates = False

    async def calendar(
        self, group_id: str, ref: str | None, event: CalendarEvent | None
    ) -> str | None:
        """No native events."""
        return None

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, idem: str) -> Handle:
        """Drop it."""
        return Handle(channel_id, idem)

    async def post_in_thread(
        self, group_id: str, handle: Handle, reply: Reply, *, idem: str
    ) -> Handle:
        """Drop it."""
        return Handle(handle.channel_id, idem, handle.thread_ref)

    async def update(
        self, group_id: str, key: str, handle: Handle, reply: Reply, *, idem: str
    ) -> None:
        """Drop it."""

    async def dm(self, group_id: str, user: User, reply: Reply, *, idem: str) -> None:
        """Drop it."""

    async def answer(
        self, group_id: str, to: AnswerTo, reply: Reply, *, idem: str
    ) -> Handle | None:
        """Drop it."""
        return None
