"""Context: who is asking, in which group and channel, and how to answer them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.clock import Clock
from bot.core.errors import UserError
from bot.core.i18n import _
from bot.core.members import Group
from bot.core.model import Reply, Role, User
from bot.core.posting import Posting
from bot.core.settings import SettingValues


@dataclass(frozen=True)
class Invocation:
    """A platform event turned into a request: who, where, with what role."""

    group_id: str
    group_name: str
    channel_id: str
    user: User
    role: Role


@dataclass
class Context:
    """Handed to every command."""

    group: Group
    channel_id: str
    user: User
    role: Role
    clock: Clock
    posting: Posting

    @property
    def settings(self) -> SettingValues:
        """This group's settings: `ctx.settings[POLL_THREADS]`."""
        return self.group.settings

    def now(self) -> datetime:
        """The bot's clock, UTC."""
        return self.clock.now()

    def require(self, role: Role, doing: str) -> None:
        """Refuse unless the person has at least `role`; `doing` is said in their language."""
        if self.role < role:
            raise UserError(
                _(
                    "Only {role} or above can {doing}; you are {yours}. Ask a facilitator, or "
                    "see `!help` for what you can do.",
                    role=role.a,
                    doing=doing,
                    yours=self.role.a,
                )
            )

    async def post(self, reply: Reply, channel_id: str | None = None) -> None:
        """Say something publicly in this (or another) channel of the group."""
        await self.posting.post(self.group.id, channel_id or self.channel_id, reply)

    async def dm(self, user: User, reply: Reply) -> None:
        """Reach someone privately."""
        await self.posting.dm(self.group.id, user, reply)
