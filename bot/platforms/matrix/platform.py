"""One bot account on one homeserver: wires the client, outlet, event router and sync loop."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from bot.config import MatrixConfig
from bot.core.bot import Bot
from bot.core.errors import ConfigError
from bot.platforms.matrix.client import Backoff, MatrixClient
from bot.platforms.matrix.crypto import Encryption
from bot.platforms.matrix.events import EventRouter
from bot.platforms.matrix.outlet import MatrixOutlet
from bot.platforms.matrix.rooms import RoomDirectory
from bot.platforms.matrix.sync import SyncLoop
from storage.matrix import MatrixRepository

log = logging.getLogger(__name__)

# Claims only guard the one batch a crash can replay; a month is far more than enough.
KEEP_CLAIMS = timedelta(days=30)


class MatrixPlatform:
    """connect() -> start() -> run() until stop(); close() at the end, whatever happened."""

    def __init__(
        self,
        bot: Bot,
        config: MatrixConfig,
        client: MatrixClient,
        *,
        backoff: Backoff | None = None,
        sync_timeout_ms: int = 30_000,
        recovery_key: str = "",
    ) -> None:
        self.bot = bot
        self.config = config
        self.client = client
        self.backoff = backoff or Backoff()
        self.recovery_key = recovery_key
        self.repo = MatrixRepository(bot.db.reader)
        self.rooms = RoomDirectory(client.room_state)
        self.encryption = Encryption(client, self.rooms, bot.db.beside(".crypto"))
        self.outlet = MatrixOutlet(
            bot,
            client,
            self.repo,
            self.encryption,
            encrypt_private_rooms=config.encrypt_private_rooms,
        )
        self.router = EventRouter(
            bot, client, self.repo, self.outlet, self.rooms, config, self.encryption
        )
        self.sync = SyncLoop(
            client,
            bot.db,
            self.repo,
            bot.clock,
            self._handle_batch,
            backoff=self.backoff,
            timeout_ms=sync_timeout_ms,
        )

    async def connect(self, password: str = "") -> bool:
        """Sign in (retrying while unreachable); False if stopped before it could.

        A password login signs in as the device whose encryption keys the bot keeps.
        """
        device_id = await self.encryption.open()
        return await self.client.connect(
            password, self.config.device_name, self.backoff, self.sync.stopping, device_id or ""
        )

    async def start(self) -> None:
        """Load the device's keys and DM rooms, drop old claims, and start the bot."""
        if not self.client.device_id:
            raise ConfigError(
                "matrix: the access token belongs to no device, so the bot cannot take part "
                "in encrypted rooms. Make a token by logging in (or use matrix.password_env)."
            )
        await self.encryption.start(self.client.device_id, self.recovery_key)
        self.client.seal = self.encryption.encrypt
        await self.outlet.load()
        async with self.bot.db.transaction() as tx:
            await self.repo.forget_events_before(tx, self.bot.clock.now() - KEEP_CLAIMS)
        await self.bot.start(self.outlet, keep_time=True)
        log.info("Matrix: signed in to %s as %s", self.client.homeserver, self.client.user_id)

    async def _handle_batch(self, batch: dict[str, Any], initial: bool) -> None:
        """Room keys and device changes first, so the rooms' encrypted events can be read."""
        await self.encryption.take_in(batch)
        await self.router.handle_batch(batch, initial)

    async def run(self) -> None:
        """Sync until stop() is called."""
        await self.sync.run()

    def stop(self) -> None:
        """Ask the sync loop (or a connect that is waiting to retry) to end."""
        self.sync.stop()

    async def close(self) -> None:
        """Release the HTTP session (the caller stops the bot and closes the database)."""
        self.sync.stop()
        await self.encryption.close()
        await self.client.close()
