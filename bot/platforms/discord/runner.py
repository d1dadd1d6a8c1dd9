"""Discord under `coprod run`: the token from the environment, login, the gateway.

Every start-up problem an admin can fix (no token, a rejected token, a privileged intent not
enabled in the Developer Portal, Discord unreachable) is a ConfigError: one line, no traceback.
Commands are never synced here; that is `coprod discord sync`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

import aiohttp
import discord

from bot.config import DiscordConfig
from bot.core.bot import Bot
from bot.core.errors import ConfigError
from bot.platforms.discord.client import CoprodClient, make_client

ClientFactory = Callable[[Bot, DiscordConfig], CoprodClient]


def discord_token(config: DiscordConfig) -> str:
    """The bot token from the environment variable the config names."""
    token = os.environ.get(config.token_env, "").strip()
    if not token:
        raise ConfigError(
            f"discord: the environment variable {config.token_env} (discord.token_env) is empty "
            "or not set; put the bot token from the Developer Portal (Bot > Reset Token) in it."
        )
    return token


async def login(client: discord.Client, config: DiscordConfig, token: str) -> None:
    """Log in over HTTP (runs setup_hook); a rejected token or no network is a ConfigError."""
    try:
        await client.login(token)
    except discord.LoginFailure:
        raise ConfigError(
            f"discord: Discord rejected the token in {config.token_env} (401 Unauthorized); "
            "copy a fresh one from the Developer Portal (Bot > Reset Token)."
        ) from None
    except (aiohttp.ClientError, OSError) as e:
        raise ConfigError(f"discord: could not reach Discord to log in: {e}") from None


async def connect(client: discord.Client, config: DiscordConfig) -> None:
    """Stay connected to the gateway until closed; a refused intent is a ConfigError."""
    try:
        await client.connect(reconnect=True)
    except discord.PrivilegedIntentsRequired:
        raise ConfigError(
            "discord: the Server Members intent is not enabled for this application. Turn it on "
            "in the Developer Portal (Bot > Privileged Gateway Intents), or set "
            "discord.members_intent = false."
        ) from None


async def run_discord(
    bot: Bot,
    config: DiscordConfig,
    token: str,
    stopping: asyncio.Event,
    *,
    make: ClientFactory = make_client,
) -> None:
    """Run the bot on Discord until the connection ends or `stopping` is set."""
    client = make(bot, config)
    async with client:
        watcher = asyncio.create_task(_close_when(stopping, client))
        try:
            await login(client, config, token)
            await connect(client, config)
        finally:
            watcher.cancel()


async def _close_when(stopping: asyncio.Event, client: discord.Client) -> None:
    await stopping.wait()
    await client.close()
