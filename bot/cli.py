"""The `coprod` command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from bot import __version__
from bot.app import COGS, build_bot, feature_parts, run, run_shell
from bot.config import Config, load_config
from bot.core.bot import settings_registry
from bot.core.clock import OffsetClock
from bot.core.errors import ConfigError
from bot.platforms.discord.cli import discord_command
from storage.db import Database, DatabaseUnusable
from storage.keys import KeyFileUnusable
from storage.migrate import DatabaseTooNew, load_migrations, schema_version


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coprod", description="A chat bot for co-production groups."
    )
    parser.add_argument("--version", action="version", version=f"coprod {__version__}")
    sub = parser.add_subparsers(dest="cmd")
    shell = sub.add_parser("shell", help="try the bot in this terminal (the default)")
    shell.add_argument(
        "--db", help="SQLite file (default: coprod.sqlite3 here) or postgresql:// address"
    )
    shell.add_argument("--as", dest="user", help="who you are at the start")
    shell.add_argument("--config", help="config file (optional)")
    run = sub.add_parser("run", help="run the platform named in a config file")
    run.add_argument("--config", required=True, help="config file, see config.example.toml")
    run.add_argument("--db", help="override the config's database (file or address)")
    for p in (shell, run):
        p.add_argument(
            "--start",
            type=_moment,
            help="start the bot's clock at this UTC time, e.g. 2026-11-30T09:00 (tests, demos)",
        )
        p.add_argument(
            "--rate",
            type=_rate,
            default=1.0,
            help="run the bot's clock this many times faster than real time (with --start)",
        )
    sub.add_parser(
        "settings", help="print the [groups] part of config.example.toml, from every feature"
    )
    migrate = sub.add_parser("migrate", help="bring a database file up to date")
    migrate.add_argument(
        "--db", default="coprod.sqlite3", help="SQLite file or postgresql:// address"
    )
    discord = sub.add_parser("discord", help="Discord application commands")
    dsub = discord.add_subparsers(dest="discord_cmd", required=True)
    dsub.add_parser("commands", help="print the slash-command payloads as JSON")
    sync = dsub.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, help="only this server (instant), not globally")
    sync.add_argument("--clear", action="store_true", help="remove --guild's server copies")
    for p in (discord, sync):
        p.add_argument("--config", help="config file (for the token variable's name)")
    return parser


async def _migrate(path: str) -> str:
    db = await Database.open(path, parts=feature_parts())
    try:
        parts = await db.reader.execute_fetchall(
            "SELECT part, version FROM schema_versions ORDER BY part"
        )
        version = len(load_migrations())
        if db.engine == "sqlite":
            version = await schema_version(db.reader)
    finally:
        await db.close()
    steps = "".join(f", {part} {number}" for part, number in parts)
    return f"{db.path} is at schema version {version} of {len(load_migrations())}{steps}."


def _moment(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time; write it like 2026-11-30T09:00 (UTC) or with +01:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = 0.0
    if not 0 < rate <= 100_000:
        raise argparse.ArgumentTypeError(f"{text!r}: the rate is a number above 0, e.g. 60")
    return rate


def _clock(args: argparse.Namespace) -> OffsetClock | None:
    """The clock --start and --rate ask for, if they ask for one."""
    start, rate = getattr(args, "start", None), getattr(args, "rate", 1.0)
    if start is None and rate == 1.0:
        return None
    return OffsetClock(start, rate)


def _config(path: str | None) -> Config:
    return load_config(path) if path else Config()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.cmd in (None, "shell"):
            config = _config(getattr(args, "config", None))
            db, user = getattr(args, "db", None), getattr(args, "user", None)
            asyncio.run(run_shell(config, db, user, clock=_clock(args)))
        elif args.cmd == "run":
            asyncio.run(run(load_config(args.config), args.db, clock=_clock(args)))
        elif args.cmd == "settings":
            print(settings_registry(COGS).example_toml(), end="")
        elif args.cmd == "migrate":
            print(asyncio.run(_migrate(args.db)))
        elif args.cmd == "discord":
            return discord_command(args, _config(args.config), build_bot)
    except (ConfigError, DatabaseTooNew, DatabaseUnusable, KeyFileUnusable) as e:
        print(f"coprod: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
