"""What a platform must offer the core to speak outside a command's own answer."""

from __future__ import annotations

from typing import Protocol

from bot.core.model import Reply, User


class Outlet(Protocol):
    """A platform's way to post, edit living messages, and reach people privately.

    A platform that cannot redraw earlier messages sets `live_updates = False`.
    """

    async def post(self, group_id: str, channel_id: str, reply: Reply) -> None:
        """Say something publicly in a channel; a keyed reply becomes a living message."""
        ...

    async def update(self, group_id: str, key: str, reply: Reply) -> None:
        """Edit the living message posted under `key`, if the platform shows one."""
        ...

    async def dm(self, group_id: str, user: User, reply: Reply) -> None:
        """Reach one person privately (falling back as the platform sees fit)."""
        ...


class SilentOutlet:
    """An outlet that drops everything: for tools that run the bot without a platform."""

    async def post(self, group_id: str, channel_id: str, reply: Reply) -> None:
        """Drop it."""

    async def update(self, group_id: str, key: str, reply: Reply) -> None:
        """Drop it."""

    async def dm(self, group_id: str, user: User, reply: Reply) -> None:
        """Drop it."""
