"""The composition root: config -> database and migrations -> cogs -> scheduler -> platform.

Platforms never import this module: it builds the bot and hands it to them. Stopping on a
signal is arranged here, once, for every platform.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import signal
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from bot.config import Config
from bot.core.bot import Bot, settings_registry
from bot.core.clock import Clock, OffsetClock, SystemClock
from bot.core.cog import Cog
from bot.core.help import Help
from bot.core.model import Role
from bot.platforms.discord.client import make_client
from bot.platforms.discord.runner import ClientFactory, discord_token, run_discord
from bot.platforms.matrix.runner import credentials, run_matrix
from bot.platforms.shell import ShellPlatform, keep_logs_aside
from cogs.digest import Digest
from cogs.ideas import Ideas
from cogs.me import Me
from cogs.meetings import Meetings
from cogs.mentoring import Mentoring
from cogs.polls import Polls
from cogs.settings import Settings
from storage.db import Database
from storage.migrate import Part

# Every feature, one line each.
COGS: tuple[type[Cog], ...] = (
    Help,
    Settings,
    Polls,
    Ideas,
    Me,
    Mentoring,
    Digest,
    Meetings,
)

log = logging.getLogger("bot")


def feature_parts() -> list[Part]:
    """Every feature that keeps its own schema steps, in the order features load."""
    return [Part(cog.feature, cog.migrations) for cog in COGS if cog.migrations is not None]


def check_config(config: Config) -> None:
    """Check the `[groups]` tables against what the features declare (ConfigError if bad)."""
    settings_registry(COGS).defaults_from_config(config.groups)


async def build_bot(config: Config, clock: Clock, db_path: str | Path | None = None) -> Bot:
    """Open the database (migrating it) and load every cog."""
    check_config(config)
    db = await Database.open(
        config.database if db_path is None else db_path, keys=config.keys, parts=feature_parts()
    )
    bot = Bot(db, clock, COGS, config.groups)
    if clock.is_real:
        # Chat servers rate-limit edits: a burst of votes redraws a poll once, 2 s later.
        bot.outbox.redraw_delay = timedelta(seconds=2)
    return bot


@contextlib.contextmanager
def stop_on_signals(stopping: asyncio.Event) -> Iterator[None]:
    """SIGINT and SIGTERM ask the platform to stop (it then finishes what it was doing)."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stopping.set)
    dump = getattr(signal, "SIGUSR1", None)  # not on Windows
    if dump is not None:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(dump, log_tasks)
    try:
        yield
    finally:
        for sig in (*signals, dump) if dump is not None else signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)


def log_tasks() -> None:
    """`kill -USR1` a running bot: it logs what each of its tasks is waiting on."""
    for task in asyncio.all_tasks():
        stack = io.StringIO()
        task.print_stack(file=stack)
        log.warning("Task %s:\n%s", task.get_name(), stack.getvalue())


async def run_shell(
    config: Config, db_path: str | None, user: str | None, *, clock: OffsetClock | None = None
) -> None:
    """The terminal shell on a local SQLite file (on the wall clock unless given one)."""
    keep_logs_aside(db_path or config.database, config.log_level)
    clock = clock or OffsetClock()
    bot = await build_bot(config, clock, db_path)
    try:
        shell = ShellPlatform(
            bot, clock, user=user or config.shell.user, role=Role.parse(config.shell.role)
        )
        await shell.run()
    finally:
        await bot.stop()
        await bot.db.close()


async def run(
    config: Config,
    db_path: str | None = None,
    *,
    make_discord: ClientFactory = make_client,
    clock: Clock | None = None,
) -> None:
    """Run the platform the config names, until it ends or a signal stops it."""
    if config.platform == "shell":  # its log never mixes into the conversation on stdout
        await run_shell(
            config, db_path, None, clock=clock if isinstance(clock, OffsetClock) else None
        )
        return
    logging.basicConfig(
        level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Secrets are checked before the database is touched: a missing token is one line.
    token = discord_token(config.discord) if config.platform == "discord" else ""
    secrets = credentials(config.matrix) if config.platform == "matrix" else ("", "")
    bot = await build_bot(config, clock or SystemClock(), db_path)
    stopping = asyncio.Event()
    try:
        with stop_on_signals(stopping):
            if config.platform == "discord":
                await run_discord(bot, config.discord, token, stopping, make=make_discord)
            else:
                await run_matrix(bot, config.matrix, secrets, stopping)
    finally:
        await bot.stop()
        await bot.db.close()
