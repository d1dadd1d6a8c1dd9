"""Start-up and `coprod discord sync`: token problems are one clear line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import discord
import pytest

from bot.app import build_bot, run
from bot.config import Config, DiscordConfig
from bot.core.bot import Bot
from bot.core.errors import ConfigError
from bot.platforms.discord.cli import command_payloads, sync_commands
from bot.platforms.discord.client import CoprodClient, make_client
from bot.platforms.discord.runner import ClientFactory, discord_token
from tests.discord import payloads as p
from tests.discord.fakes import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]


def over(fd: FakeDiscord, made: list[CoprodClient] | None = None) -> ClientFactory:
    """A client factory whose clients talk to the fake server instead of discord.com."""

    def make(bot: Bot, config: DiscordConfig) -> CoprodClient:
        client = make_client(bot, config)
        fd.attach(client)
        if made is not None:
            made.append(client)
        return client

    return make


def config(tmp_path: Path) -> Config:
    """A Discord config on a temporary database."""
    return Config(platform="discord", database=str(tmp_path / "bot.sqlite3"))


def test_missing_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unset or empty token variable is a ConfigError naming it and the config key."""
    monkeypatch.setenv("MY_TOKEN", "  ")
    with pytest.raises(ConfigError, match=r"MY_TOKEN \(discord.token_env\) is empty or not set"):
        discord_token(DiscordConfig(token_env="MY_TOKEN"))
    monkeypatch.setenv("MY_TOKEN", "abc ")
    assert discord_token(DiscordConfig(token_env="MY_TOKEN")) == "abc"


def test_coprod_run_without_a_token_prints_one_line(tmp_path: Path) -> None:
    """`coprod run` with platform = "discord" and no token exits 2 with one line on stderr."""
    path = tmp_path / "config.toml"
    path.write_text(f'platform = "discord"\ndatabase = "{tmp_path / "x.sqlite3"}"\n')
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DISCORD_TOKEN": ""},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "coprod: discord: the environment variable DISCORD_TOKEN"
    )


@pytest.mark.asyncio
async def test_rejected_token_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord answering 401 to GET /users/@me stops start-up with a clear ConfigError."""
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-token")
    fd = FakeDiscord()
    fd.fail("GET", "/users/@me", status=401, code=0, message="401: Unauthorized")
    with pytest.raises(ConfigError, match="Discord rejected the token in DISCORD_TOKEN"):
        await run(config(tmp_path), make_discord=over(fd))
    assert [c.path for c in fd.http.calls] == ["/users/@me"]


@pytest.mark.asyncio
async def test_good_token_logs_in_connects_and_never_syncs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run logs in, connects, registers no commands, and closes the database at the end."""
    monkeypatch.setenv("DISCORD_TOKEN", "good")
    fd = FakeDiscord()
    made: list[CoprodClient] = []
    connected: list[bool] = []

    def make(bot: Bot, cfg: DiscordConfig) -> CoprodClient:
        client = over(fd, made)(bot, cfg)

        async def connect(*, reconnect: bool = True) -> None:
            connected.append(reconnect)

        client.connect = connect  # type: ignore[method-assign]
        return client

    await run(config(tmp_path), make_discord=make)
    assert connected == [True]
    assert fd.calls("PUT", r"/applications/.*") == []
    assert made[0].is_closed()
    assert made[0].bot.db.closed


@pytest.mark.asyncio
async def test_refused_members_intent_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gateway close 4014 (privileged intent not enabled) says where to turn it on."""
    monkeypatch.setenv("DISCORD_TOKEN", "good")
    fd = FakeDiscord()

    def make(bot: Bot, cfg: DiscordConfig) -> CoprodClient:
        client = over(fd)(bot, cfg)

        async def connect(*, reconnect: bool = True) -> None:
            raise discord.PrivilegedIntentsRequired(None)

        client.connect = connect  # type: ignore[method-assign]
        return client

    with pytest.raises(ConfigError, match="Server Members intent is not enabled"):
        await run(config(tmp_path), make_discord=make)


@pytest.mark.asyncio
async def test_sync_to_one_guild_registers_the_printed_payloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coprod discord sync --guild ID` puts exactly what `commands` prints, for that server."""
    monkeypatch.setenv("DISCORD_TOKEN", "good")
    fd = FakeDiscord()
    said = await sync_commands(config(tmp_path), build_bot, p.GUILD_ID, make=over(fd))
    printed = await command_payloads(config(tmp_path), build_bot)
    names = ", ".join(f"/{c['name']}" for c in printed)
    assert said == f"Registered {len(printed)} commands for server {p.GUILD_ID}: {names}."
    (put,) = fd.calls("PUT", rf"/applications/{p.APP_ID}/guilds/{p.GUILD_ID}/commands")
    assert put.json == printed
    assert fd.calls("PUT", rf"/applications/{p.APP_ID}/commands") == []


@pytest.mark.asyncio
async def test_global_sync_and_rejected_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --guild the commands go global; a bad token is the same one-line error."""
    monkeypatch.setenv("DISCORD_TOKEN", "good")
    fd = FakeDiscord()
    said = await sync_commands(config(tmp_path), build_bot, None, make=over(fd))
    assert "for every server (global" in said
    assert len(fd.calls("PUT", rf"/applications/{p.APP_ID}/commands")) == 1
    bad = FakeDiscord()
    bad.fail("GET", "/users/@me", status=401, code=0, message="401: Unauthorized")
    with pytest.raises(ConfigError, match="rejected the token"):
        await sync_commands(config(tmp_path), build_bot, None, make=over(bad))


@pytest.mark.asyncio
async def test_clear_removes_a_servers_copies_so_global_commands_show_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sync --guild ID --clear` empties that server's own commands and leaves global ones."""
    monkeypatch.setenv("DISCORD_TOKEN", "good")
    fd = FakeDiscord()
    await sync_commands(config(tmp_path), build_bot, None, make=over(fd))
    await sync_commands(config(tmp_path), build_bot, p.GUILD_ID, make=over(fd))
    assert fd.commands[p.GUILD_ID] and fd.commands[None]  # each command shown twice there
    said = await sync_commands(config(tmp_path), build_bot, p.GUILD_ID, make=over(fd), clear=True)
    assert said.startswith(
        f"Removed the server-only copies of the commands from server {p.GUILD_ID}"
    )
    assert fd.commands[p.GUILD_ID] == [] and fd.commands[None]
    with pytest.raises(ValueError, match="--clear needs --guild"):
        await sync_commands(config(tmp_path), build_bot, None, make=over(fd), clear=True)
