"""`coprod run` with platform = "matrix": config and secrets in, the sync loop until a signal."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path

from bot.app import build_bot
from bot.config import Config, MatrixConfig
from bot.core.clock import SystemClock
from bot.core.errors import ConfigError
from bot.platforms.matrix.client import MatrixClient
from bot.platforms.matrix.platform import MatrixPlatform


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


async def run_matrix(config: Config, db_path: str | Path | None = None) -> None:
    """Run the bot on Matrix until SIGINT or SIGTERM; bad credentials raise ConfigError."""
    token, password = credentials(config.matrix)
    bot = await build_bot(config, SystemClock(), db_path)
    platform: MatrixPlatform | None = None
    try:
        client = MatrixClient(config.matrix.homeserver, config.matrix.user_id, token)
        platform = MatrixPlatform(bot, config.matrix, client)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, platform.stop)
        if await platform.connect(password):
            await platform.start()
            await platform.run()
    finally:
        if platform is not None:
            platform.stop()
        await bot.stop()  # settles living-message edits while the client is still open
        if platform is not None:
            await platform.close()
        await bot.db.close()
