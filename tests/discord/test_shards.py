"""Discord past 2,500 servers: each process runs its own shards, and their servers' work."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from bot.app import build_bot
from bot.config import Config, DiscordConfig, parse_config
from bot.core.clock import ManualClock
from bot.core.errors import ConfigError
from bot.platforms.discord.client import CoprodClient, make_client
from tests.harness import START

# Discord's rule: a server is on shard (server id >> 22) % shard_count. Worked out for these
# two ids with 4 shards: 81384788765712384 >> 22 = 19403645698, which is 2 more than a
# multiple of 4; 175928847299117063 >> 22 = 41944705796, a multiple of 4.
ON_SHARD_2 = "discord:81384788765712384"
ON_SHARD_0 = "discord:175928847299117063"


async def test_a_process_runs_its_own_shards_and_only_their_servers_work(tmp_path: Path) -> None:
    """shard_ids = [2] of 4: the client connects shard 2; jobs and messages are for its servers."""
    config = Config(discord=DiscordConfig(shard_count=4, shard_ids=(2,)))
    bot = await build_bot(config, ManualClock(START), tmp_path / "d.sqlite3")
    try:
        client = make_client(bot, config.discord)
        assert isinstance(client, discord.AutoShardedClient)
        assert client.shard_ids == [2] and client.shard_count == 4
        for serves in (bot.scheduler.serves, bot.deliverer.serves):
            assert serves(ON_SHARD_2) and not serves(ON_SHARD_0)
        await client.http.close()  # never connected: only its HTTP session to close
    finally:
        await bot.db.close()


async def test_without_shards_one_process_serves_every_server(tmp_path: Path) -> None:
    """No shard settings: one connection, as before, and every server's work is this one's."""
    config = Config()
    bot = await build_bot(config, ManualClock(START), tmp_path / "d.sqlite3")
    try:
        client = make_client(bot, config.discord)
        assert type(client) is CoprodClient
        assert bot.scheduler.serves(ON_SHARD_0) and bot.deliverer.serves(ON_SHARD_2)
        await client.http.close()  # never connected: only its HTTP session to close
    finally:
        await bot.db.close()


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"shard_ids": [0, 1]}, "discord.shard_ids needs discord.shard_count"),
        ({"shard_count": 2, "shard_ids": [2]}, "must each be from 0 to 1"),
        ({"shard_count": 4, "shard_ids": [1, 1]}, "once each"),
    ],
)
def test_shard_settings_that_cannot_work_are_refused(
    table: dict[str, object], expected: str
) -> None:
    """A mistake in the shard settings stops start-up with a line saying what to write."""
    with pytest.raises(ConfigError, match=expected):
        parse_config({"discord": table})
