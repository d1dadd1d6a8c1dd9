"""`coprod discord commands` (review the slash-command payloads) and `coprod discord sync`."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import discord

from bot.config import Config
from bot.core.bot import Bot
from bot.core.clock import Clock, SystemClock
from bot.core.i18n import ngettext
from bot.platforms.discord.client import CoprodClient, make_client
from bot.platforms.discord.runner import ClientFactory, discord_token, login
from bot.platforms.discord.tree import payloads

# How the composition root builds a bot; handed in, so this module never imports it.
BotFactory = Callable[[Config, Clock, str], Awaitable[Bot]]


@asynccontextmanager
async def offline_client(
    config: Config, build: BotFactory, make: ClientFactory = make_client
) -> AsyncIterator[CoprodClient]:
    """A client with its full tree over a throwaway database; it has not logged in."""
    # A real file: the bot's reader and writer must open the same database.
    with tempfile.TemporaryDirectory(prefix="coprod-commands-") as folder:
        bot = await build(config, SystemClock(), str(Path(folder) / "commands.sqlite3"))
        try:
            yield make(bot, config.discord)
        finally:
            await bot.db.close()


async def command_payloads(config: Config, build: BotFactory) -> list[dict[str, Any]]:
    """The application-command payloads `sync` would register."""
    async with offline_client(config, build) as client:
        return await payloads(client.tree)


async def sync_commands(
    config: Config,
    build: BotFactory,
    guild_id: int | None,
    make: ClientFactory = make_client,
    *,
    clear: bool = False,
) -> str:
    """Log in, register the commands globally or for one server, and say what was done.

    `clear` removes a server's own copies instead: once the commands are global, copies left
    from a `--guild` sync would show every command twice in that server.
    """
    token = discord_token(config.discord)
    if clear and not guild_id:
        raise ValueError("--clear needs --guild: it removes the copies made for one server")
    async with offline_client(config, build, make) as client, client:
        await login(client, config.discord, token)
        guild = discord.Object(guild_id) if guild_id else None
        if clear and guild is not None:
            client.tree.clear_commands(guild=guild)
            await client.tree.sync(guild=guild)
            return (
                f"Removed the server-only copies of the commands from server {guild_id}; "
                "the global commands stay."
            )
        if guild is not None:
            client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
        where = f"server {guild_id}" if guild_id else "every server (global; may take an hour)"
        names = ", ".join(f"/{c.name}" for c in synced)
        return ngettext(
            "Registered {n} command for {where}: {names}.",
            "Registered {n} commands for {where}: {names}.",
            len(synced),
            where=where,
            names=names,
        )


def discord_command(args: argparse.Namespace, config: Config, build: BotFactory) -> int:
    """Run `coprod discord commands|sync`; returns the exit status."""
    if args.discord_cmd == "commands":
        text = json.dumps(
            asyncio.run(command_payloads(config, build)), indent=2, ensure_ascii=False
        )
        try:
            print(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `coprod discord commands | head`
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    guild, clear = getattr(args, "guild", None), getattr(args, "clear", False)
    if clear and not guild:
        print(
            "coprod: --clear needs --guild SERVER_ID (the server to remove them from)",
            file=sys.stderr,
        )
        return 2
    try:
        print(asyncio.run(sync_commands(config, build, guild, clear=clear)))
    except discord.HTTPException as e:
        print(f"coprod: Discord refused the commands: {e}", file=sys.stderr)
        return 1
    return 0
