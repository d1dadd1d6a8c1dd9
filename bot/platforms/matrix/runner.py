"""Matrix under `coprod run`: secrets from the environment, the sync loop until asked to stop."""

from __future__ import annotations

import asyncio
import logging
import os

from bot.config import MatrixConfig
from bot.core.bot import Bot
from bot.core.errors import ConfigError
from bot.core.outlet import SilentOutlet
from bot.platforms.matrix.client import MatrixClient
from bot.platforms.matrix.platform import MatrixPlatform

log = logging.getLogger(__name__)


def credentials(config: MatrixConfig) -> tuple[str, str]:
    """(access token, password) from the environment variables the config names."""
    missing = [k for k in ("homeserver", "user_id") if not getattr(config, k)]
    if missing:
        raise ConfigError(
            f'config: matrix.{missing[0]} is required when platform = "matrix", e.g. '
            'homeserver = "https://matrix.example.org", user_id = "@coprod:example.org".'
        )
    if config.access_token_env:
        token = os.environ.get(config.access_token_env, "").strip()
        if token:
            return token, ""
        raise ConfigError(
            f"matrix: the environment variable {config.access_token_env} "
            "(matrix.access_token_env) is empty or not set; put the bot's access token in it."
        )
    if config.password_env:
        password = os.environ.get(config.password_env, "")
        if password:
            return "", password
        raise ConfigError(
            f"matrix: the environment variable {config.password_env} "
            "(matrix.password_env) is empty or not set; put the bot's password in it."
        )
    raise ConfigError(
        "config: set matrix.access_token_env (recommended) or matrix.password_env to the "
        "name of an environment variable holding the bot's secret."
    )


def recovery_key(config: MatrixConfig) -> str:
    """The recovery key from the environment variable the config names ("" if none named)."""
    if not config.recovery_key_env:
        return ""
    key = os.environ.get(config.recovery_key_env, "").strip()
    if not key:
        raise ConfigError(
            f"matrix: the environment variable {config.recovery_key_env} "
            "(matrix.recovery_key_env) is empty or not set; put the bot's recovery key in it "
            "(make one with: python -m bot.platforms.matrix.recovery)."
        )
    return key


async def run_matrix(
    bot: Bot, config: MatrixConfig, secrets: tuple[str, str], stopping: asyncio.Event
) -> None:
    """Run the bot on Matrix until `stopping` is set; bad credentials raise ConfigError."""
    if not config.sync:
        await run_worker(bot, stopping)
        return
    token, password = secrets
    client = MatrixClient(config.homeserver, config.user_id, token)
    platform = MatrixPlatform(bot, config, client, recovery_key=recovery_key(config))
    watcher = asyncio.create_task(_stop_when(stopping, platform))
    try:
        if await platform.connect(password):
            await platform.start()
            await platform.run()
    finally:
        watcher.cancel()
        platform.stop()
        await bot.stop()  # settles living-message edits while the client is still open
        await platform.close()


async def run_worker(bot: Bot, stopping: asyncio.Event) -> None:
    """A process beside the one that syncs (`sync = false`): it runs scheduled work only.

    What that work owes goes into the shared outbox; the syncing process, which holds the
    rooms' state and the encryption keys, sends it. Commands reach the syncing process.
    """
    await bot.start(SilentOutlet(), keep_time=True, send=False)
    log.info("Matrix: running scheduled work beside the process that syncs")
    try:
        await stopping.wait()
    finally:
        await bot.stop()


async def _stop_when(stopping: asyncio.Event, platform: MatrixPlatform) -> None:
    await stopping.wait()
    platform.stop()
