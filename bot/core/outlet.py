"""What a platform must offer the core to speak outside a command's own answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.model import Reply, User


@dataclass(frozen=True)
class Handle:
    """Where a message went: its channel, the message, and the thread opened on it."""

    channel_id: str
    message_ref: str
    thread_ref: str | None = None


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


class CalendarOutlet(Protocol):
    """An optional capability: a platform with native events has this method on its outlet.

    Posting checks for it with getattr, so platforms without one (Matrix, the shell) skip it.
    """

    async def calendar(
        self, group_id: str, ref: str | None, event: CalendarEvent | None
    ) -> str | None:
        """Create (ref None), change or end the native event; the ref to keep, or None."""
        ...


class Outlet(Protocol):
    """A platform's way to post, post into threads, edit, and reach people privately.

    A platform that cannot redraw earlier messages sets `live_updates = False`.
    """

    async def post(self, group_id: str, channel_id: str, reply: Reply) -> Handle | None:
        """Say something publicly in a channel (opening `reply.thread` on it); where it went."""
        ...

    async def post_in_thread(self, group_id: str, handle: Handle, reply: Reply) -> Handle | None:
        """Post into the thread on a message.

        Where there is none (or it was deleted), as near to the message as the platform
        allows, saying so in the log.
        """
        ...

    async def update(self, group_id: str, key: str, handle: Handle, reply: Reply) -> None:
        """Edit the message posted under `key` at `handle`, if the platform can."""
        ...

    async def dm(self, group_id: str, user: User, reply: Reply) -> None:
        """Reach one person privately (falling back as the platform sees fit)."""
        ...


class SilentOutlet:
    """An outlet that drops everything: for tools that run the bot without a platform."""

    async def post(self, group_id: str, channel_id: str, reply: Reply) -> Handle | None:
        """Drop it."""
        return None

    async def post_in_thread(self, group_id: str, handle: Handle, reply: Reply) -> Handle | None:
        """Drop it."""
        return None

    async def update(self, group_id: str, key: str, handle: Handle, reply: Reply) -> None:
        """Drop it."""

    async def dm(self, group_id: str, user: User, reply: Reply) -> None:
        """Drop it."""
