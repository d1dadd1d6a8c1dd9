"""Fixtures for the Discord platform: the real bot and client over the fake Discord server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app import build_bot
from bot.config import Config, DiscordConfig
from bot.core.bot import Bot
from bot.core.clock import ManualClock, OffsetClock
from bot.platforms.discord.client import CoprodClient, make_client
from tests.discord import payloads as p
from tests.discord.fakes import FakeDiscord
from tests.discord.payloads import Payload
from tests.discord.server import Reply

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday
GROUP = f"discord:{p.GUILD_ID}"
# Alice has the "Member" role, which these tests configure as facilitators; Bob has no role;
# the moderator has Manage Server (an organiser); the owner is an organiser too.
FACILITATING = DiscordConfig(facilitator_roles=("Member",), organiser_roles=("Organiser",))


@dataclass
class App:
    """A running bot on the fake Discord: slash commands, clicks, and what the server holds."""

    fd: FakeDiscord
    bot: Bot
    clock: ManualClock | OffsetClock
    config: Config
    db_path: Path
    defer_after: float
    said: list[Reply] = field(default_factory=list)

    @property
    def client(self) -> CoprodClient:
        """The running client."""
        assert isinstance(self.fd.client, CoprodClient)
        return self.fd.client

    def factory(self) -> Callable[[], discord.Client]:
        """Builds the client for the current bot (FakeDiscord calls it at every start)."""
        return lambda: make_client(self.bot, self.config.discord, defer_after=self.defer_after)

    async def settle(self) -> None:
        """Wait for living-message redraws and every task they started."""
        await self.bot.settle()
        await self.fd.settle()

    async def slash(
        self, command: str, /, *, user: int = p.ALICE_ID, **options: Any
    ) -> tuple[discord.Interaction, Reply]:
        """Use a slash command and return the interaction and the bot's callback."""
        interaction = await self.fd.dispatch(self.fd.slash(command, options, user=user))
        await self.settle()
        reply = self.fd.reply(interaction)
        assert reply is not None, f"no answer to /{command}"
        return interaction, reply

    async def click(
        self, custom_id: str, *, user: int = p.ALICE_ID, message_id: int | None = None
    ) -> tuple[discord.Interaction, Reply]:
        """Press a button and return the interaction and the bot's callback."""
        interaction = await self.fd.dispatch(
            self.fd.click(custom_id, user=user, message_id=message_id)
        )
        await self.settle()
        reply = self.fd.reply(interaction)
        assert reply is not None, f"no answer to a click on {custom_id}"
        return interaction, reply

    async def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Rows from the bot's database."""
        return [tuple(r) for r in await self.bot.db.reader.execute_fetchall(sql, args)]

    async def living(self, key: str) -> Payload:
        """The current state of a living message (e.g. 'poll:1') on the server."""
        post = await self.bot.posts.get(GROUP, key)
        assert post is not None, f"{key} was never posted"
        return self.fd.messages[int(post.message_ref)]

    async def wait(self, delta: timedelta) -> None:
        """Move the clock on and run what fell due."""
        self.clock.advance(delta)
        await self.bot.scheduler.run_due()
        await self.settle()

    async def restart(self) -> None:
        """A new Bot on the same SQLite file and a fresh client; Discord keeps its messages."""
        await self.fd.close()
        await self.bot.stop()
        await self.bot.db.close()
        self.bot = await build_bot(self.config, self.clock, self.db_path)
        self.fd.make_client = self.factory()
        await self.fd.start()


@asynccontextmanager
async def running(
    tmp_path: Path,
    *,
    discord_config: DiscordConfig = FACILITATING,
    groups: dict[str, Any] | None = None,
    defer_after: float = 60.0,
    guilds: list[Payload] | None = None,
    clock: ManualClock | OffsetClock | None = None,
) -> AsyncIterator[App]:
    """Start the bot on a fresh SQLite file and the fake Discord."""
    config = Config(platform="discord", discord=discord_config, groups=groups or {})
    clock = clock or ManualClock(START)
    db_path = tmp_path / "x.sqlite3"
    bot = await build_bot(config, clock, db_path)
    app = App(FakeDiscord(guilds=guilds), bot, clock, config, db_path, defer_after)
    app.fd.clock = clock.now  # interactions are timed on the bot's clock
    app.fd.make_client = app.factory()
    await app.fd.start()
    try:
        yield app
    finally:
        await app.fd.close()
        await app.bot.stop()
        await app.bot.db.close()


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    """The bot on the fake Discord, with Alice a facilitator through her 'Member' role."""
    async with running(tmp_path) as started:
        yield started


AppMaker = Callable[..., Awaitable[App]]


def embed_of(message: Payload | Reply | None) -> dict[str, Any]:
    """The single embed of a message or callback."""
    assert message is not None
    embeds = message.embeds if isinstance(message, Reply) else message["embeds"]
    assert len(embeds) == 1, embeds
    embed: dict[str, Any] = embeds[0]
    return embed


def field_value(embed: dict[str, Any], name: str) -> str:
    """The value of an embed field by name."""
    return next(str(f["value"]) for f in embed.get("fields", []) if f["name"] == name)


def buttons(message: Payload | Reply | None) -> list[tuple[str, str]]:
    """(label, custom_id) of every button of a message or callback, in order."""
    assert message is not None
    rows = message.components if isinstance(message, Reply) else message["components"]
    return [
        (c.get("label", ""), c["custom_id"])
        for r in rows
        for c in r["components"]
        if c["type"] == 2
    ]
