"""What every part of the Matrix event handling shares: the bot, its Matrix side, claims."""

from __future__ import annotations

from typing import Any

from bot.config import MatrixConfig
from bot.core.bot import Bot
from bot.core.model import Role
from bot.platforms.matrix.client import MatrixClient
from bot.platforms.matrix.crypto import Encryption
from bot.platforms.matrix.outlet import MatrixOutlet
from bot.platforms.matrix.rooms import RoomDirectory, RoomInfo
from storage.matrix import MatrixRepository

Event = dict[str, Any]


def group_id_of(room_id: str) -> str:
    """Each room the bot is in is one group."""
    return "matrix:" + room_id


class Handler:
    """The parts the room, member and command handlers work with."""

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
        self.bot = bot
        self.client = client
        self.repo = repo
        self.outlet = outlet
        self.rooms = rooms
        self.config = config
        self.encryption = encryption  # the bot's device, for encrypted rooms

    @property
    def me(self) -> str:
        """The bot's own user id."""
        return self.client.user_id

    def role_in(self, info: RoomInfo, user_id: str) -> Role:
        """Someone's role in a room, by its power levels and the configured thresholds."""
        return info.role_of(user_id, self.config.facilitator_power, self.config.organiser_power)

    async def _claim(self, event: Event) -> bool:
        async with self.bot.db.transaction() as tx:
            return await self.repo.claim_event(
                tx, event["event_id"], event["room_id"], self.bot.clock.now()
            )
