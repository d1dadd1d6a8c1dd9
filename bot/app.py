"""The composition root: config -> database and migrations -> cogs -> scheduler -> platform."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.config import Config
from bot.core.bot import Bot
from bot.core.clock import Clock
from bot.core.commands import Cog
from bot.core.help import Help
from bot.core.model import Role
from cogs.polls import Polls
from cogs.settings import Settings
from storage.db import Database
from storage.groups import GroupSettings

COGS: tuple[type[Cog], ...] = (Help, Settings, Polls)


def group_defaults(config: Config) -> GroupSettings:
    """The settings a new group starts with."""
    g = config.groups
    return GroupSettings(
        timezone=g.timezone,
        poll_creators=g.poll_creators,
        reminder_hours=g.reminder_hours,
        poll_threads=g.poll_threads,
        bot_channel=g.bot_channel,
    )


async def build_bot(config: Config, clock: Clock, db_path: str | Path | None = None) -> Bot:
    """Open the database (migrating it) and load every cog."""
    db = await Database.open(db_path or config.database)
    bot = Bot(db, clock, group_defaults(config), COGS)
    if clock.is_real:
        # Chat servers rate-limit edits: a burst of votes redraws a poll once, 2 s later.
        bot.refresh_delay = 2.0
    return bot


async def run_shell(config: Config, db_path: str | None, user: str | None) -> None:
    """The terminal shell on a local SQLite file."""
    from bot.core.clock import OffsetClock
    from bot.platforms.shell import ShellPlatform

    clock = OffsetClock()
    bot = await build_bot(config, clock, db_path)
    try:
        shell = ShellPlatform(
            bot, clock, user=user or config.shell.user, role=Role.parse(config.shell.role)
        )
        await shell.run()
    finally:
        await bot.stop()
        await bot.db.close()


async def run(config: Config, db_path: str | None = None) -> None:
    """Run the platform the config names."""
    logging.basicConfig(
        level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if config.platform == "shell":
        await run_shell(config, db_path, None)
    elif config.platform == "discord":
        from bot.platforms.discord.runner import run_discord

        await run_discord(config, db_path)
    else:
        from bot.platforms.matrix.runner import run_matrix

        await run_matrix(config, db_path)
