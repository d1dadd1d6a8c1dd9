"""Drives the real cogs, core and SQLite through the shell platform's invocation path."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import build_bot
from bot.config import Config
from bot.core.bot import Bot
from bot.core.clock import ManualClock
from bot.core.model import Reply, Role
from bot.platforms.shell import GROUP_ID, ShellPlatform
from storage.postgres import PostgresDatabase
from tests import engines

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday


class Harness:
    """A conversation with the bot: `await h.say("alice", "!poll vote 1 2")`."""

    def __init__(
        self, db_path: Path | str, clock: ManualClock | None = None, **defaults: Any
    ) -> None:
        self.db_path = db_path
        self.clock = clock or ManualClock(START)
        self.config = Config(groups=dict(defaults))
        self.lines: list[str] = []
        self.bot: Bot
        self.shell: ShellPlatform

    async def start(self) -> Harness:
        """Open the database and start a bot on it."""
        self.bot = await build_bot(self.config, self.clock, self.db_path)
        self.shell = ShellPlatform(
            self.bot, self.clock, user="olivia", role=Role.ORGANISER, out=self.lines.append
        )
        await self.shell.start()
        return self

    async def restart(self) -> Harness:
        """Stop this bot and start a new one on the same file, keeping who has which role."""
        people = dict(self.shell.people)
        await self.close()
        await self.start()
        self.shell.people.update(people)
        return self

    async def close(self) -> None:
        """Stop the bot and close the database."""
        await self.bot.stop()
        await self.bot.db.close()

    def as_role(self, name: str, role: Role) -> None:
        """Give someone a role (as `:as NAME ROLE` does)."""
        self.shell.people[name] = role

    async def join(self, *names: str) -> None:
        """People the bot knows as members without them having typed anything."""
        for name in names:
            await self.shell.line(f":as {name}")

    async def say(self, name: str, text: str) -> Reply:
        """`name` types `text`; returns the bot's answer."""
        return await self.shell.command(name, text)

    async def ok(self, name: str, text: str) -> Reply:
        """Like say, but the answer must not be a refusal."""
        reply = await self.say(name, text)
        assert not reply.error, reply.body
        return reply

    async def refused(self, name: str, text: str, expected: str) -> Reply:
        """`name` types `text`: a private refusal saying `expected`, and nothing changed."""
        before = self.snapshot()
        reply = await self.say(name, text)
        assert reply.error and reply.private, reply.body
        assert expected in reply.body, reply.body
        assert self.snapshot() == before
        return reply

    async def wait(self, delta: timedelta) -> None:
        """Move the clock on, run whatever falls due and send what it owes."""
        self.clock.advance(delta)
        await self.bot.pump()

    async def settle(self) -> None:
        """Run what is due and send what is owed (after calling a service directly)."""
        await self.bot.pump()

    def dms(self, name: str) -> list[Reply]:
        """Private messages the bot sent to someone (not command answers)."""
        return [r for who, r in self.shell.said.dms if who == name]

    @property
    def posts(self) -> list[Reply]:
        """Public messages the bot posted (not command answers)."""
        return [r for _, r in self.shell.said.posts]

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the database with a separate, plain connection."""
        db = self.bot.db
        return engines.read(
            db.url if isinstance(db, PostgresDatabase) else self.db_path, sql, *params
        )

    def write(self, sql: str, *params: Any) -> None:
        """Change the database behind the bot's back (as an older release might have)."""
        db = self.bot.db
        if isinstance(db, PostgresDatabase):
            engines.server().rows(db.url, sql, *params)
            return
        conn = sqlite3.connect(self.db_path)
        try:
            with conn:
                conn.execute(sql, params)
        finally:
            conn.close()

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, to show a refusal changed nothing."""
        tables = [r[0] for r in self.rows(engines.table_names_sql())]
        return {t: sorted(self.rows(f"SELECT * FROM {t}"), key=repr) for t in tables}


__all__ = ["GROUP_ID", "START", "Harness"]
