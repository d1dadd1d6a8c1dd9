"""The slash commands generated from the cogs (bot/platforms/discord/tree.py) and Discord's limits."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_bot
from bot.config import Config
from bot.platforms.discord.cli import command_payloads
from bot.platforms.discord.tree import payloads
from tests.discord.conftest import App

ROOT = Path(__file__).resolve().parents[2]
SUBCOMMAND, GROUP = 1, 2


def valid_name(name: str) -> bool:
    r"""Discord's rule for command and option names: ^[-_\p{L}\p{N}]{1,32}$, lowercase."""
    return (
        1 <= len(name) <= 32
        and name == name.lower()
        and all(c.isalnum() or c in "-_" for c in name)
    )


def walk(command: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The command and every subcommand group, subcommand and option inside it."""
    yield command
    for option in command.get("options", []):
        yield from walk(option)


def characters(command: dict[str, Any]) -> int:
    """Discord's 4000-character budget: names, descriptions, choice names and values."""
    total = 0
    for item in walk(command):
        total += len(item["name"]) + len(item.get("description", ""))
        for choice in item.get("choices", []):
            total += len(choice["name"]) + len(str(choice["value"]))
    return total


@pytest.fixture
async def commands() -> list[dict[str, Any]]:
    """The payloads `coprod discord commands` prints, for the default config."""
    return await command_payloads(Config(platform="discord"), build_bot)


@pytest.mark.asyncio
async def test_payloads_keep_to_discords_limits(commands: list[dict[str, Any]]) -> None:
    """Names, descriptions, option, subcommand and choice counts, order, total characters."""
    assert 1 <= len(commands) <= 100
    for command in commands:
        assert characters(command) <= 4000, command["name"]
        for item in walk(command):
            assert valid_name(item["name"]), item["name"]
            assert 1 <= len(item.get("description", "")) <= 100, item
            options = item.get("options", [])
            assert len(options) <= 25, item["name"]
            if any(o["type"] in (SUBCOMMAND, GROUP) for o in options):
                assert all(o["type"] in (SUBCOMMAND, GROUP) for o in options)
                continue
            required = [o.get("required", False) for o in options]
            assert required == sorted(required, reverse=True), f"{item['name']}: required first"
            assert len({o["name"] for o in options}) == len(options)
            for option in options:
                assert len(option.get("choices", [])) <= 25
                for choice in option.get("choices", []):
                    assert 1 <= len(choice["name"]) <= 100


@pytest.mark.asyncio
async def test_one_group_per_first_word_and_help_at_the_top(
    commands: list[dict[str, Any]],
) -> None:
    """/poll and /settings are groups of subcommands; /help is a top-level command.

    Other features add their own groups beside these, so only these are looked at.
    """
    by_name = {c["name"]: c for c in commands}
    assert {"help", "poll", "settings"} <= set(by_name)
    assert len(by_name) == len(commands)  # one entry per first word
    assert {o["name"] for o in by_name["poll"]["options"]} == {
        "create",
        "vote",
        "withdraw",
        "results",
        "list",
        "voters",
        "close",
    }
    assert {o["name"] for o in by_name["settings"]["options"]} == {"set", "show"}
    assert all(o["type"] == SUBCOMMAND for o in by_name["poll"]["options"])
    assert by_name["help"]["type"] == 1 and by_name["help"]["contexts"] == [0]
    assert by_name["poll"]["description"] == "Polls the group votes in."


@pytest.mark.asyncio
async def test_poll_create_fills_exactly_25_options(commands: list[dict[str, Any]]) -> None:
    """question + option1..option20 + closes, kind, anonymous, hide_results: Discord's maximum."""
    poll = next(c for c in commands if c["name"] == "poll")
    create = next(o for o in poll["options"] if o["name"] == "create")
    names = [o["name"] for o in create["options"]]
    assert len(names) == 25
    assert names == [
        "question",
        *(f"option{i}" for i in range(1, 21)),
        "closes",
        "kind",
        "anonymous",
        "hide_results",
    ]
    types = {o["name"]: o["type"] for o in create["options"]}
    assert types["question"] == 3 and types["option1"] == 3 and types["anonymous"] == 5
    assert [o["name"] for o in create["options"] if o.get("required")] == ["question"]
    kind = next(o for o in create["options"] if o["name"] == "kind")
    assert [c["value"] for c in kind["choices"]] == ["single", "multi", "ranked", "consent"]
    assert create["options"][1]["description"].startswith("option 1: 2 to 20 options")


@pytest.mark.asyncio
async def test_typed_options_and_autocomplete(commands: list[dict[str, Any]]) -> None:
    """A poll id is an integer with autocomplete; the vote's choice is a string."""
    poll = next(c for c in commands if c["name"] == "poll")
    vote = next(o for o in poll["options"] if o["name"] == "vote")
    options = {o["name"]: o for o in vote["options"]}
    assert options["id"]["type"] == 4 and options["id"]["autocomplete"] is True
    assert options["choice"]["type"] == 3 and options["choice"]["required"] is True
    assert options["reason"]["required"] is False
    assert options["id"]["description"] == "the poll's number"
    settings = next(c for c in commands if c["name"] == "settings")
    set_ = next(o for o in settings["options"] if o["name"] == "set")
    name = next(o for o in set_["options"] if o["name"] == "name")
    assert name["autocomplete"] is True


@pytest.mark.asyncio
async def test_descriptions_name_slash_commands() -> None:
    """Declared descriptions that mention `!help` say `/help` on Discord."""
    commands = await command_payloads(Config(platform="discord"), build_bot)
    help_ = next(c for c in commands if c["name"] == "help")
    assert (
        help_["description"] == "List the commands, or explain one: /help poll, /help poll create."
    )


@pytest.mark.asyncio
async def test_sync_registers_what_commands_prints(app: App) -> None:
    """The running client's tree syncs exactly the payloads `coprod discord commands` prints."""
    printed = await command_payloads(app.config, build_bot)
    synced = await app.client.tree.sync()
    (put,) = app.fd.calls("PUT", r"/applications/\d+/commands")
    assert put.json == printed == await payloads(app.client.tree)
    assert [c.name for c in synced] == [c["name"] for c in printed]


def test_coprod_discord_commands_prints_json_without_a_token() -> None:
    """`coprod discord commands` prints the payloads as JSON, offline and with no token."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "discord", "commands"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    names = [c["name"] for c in json.loads(result.stdout)]
    assert {"help", "poll", "settings"} <= set(names) and names == sorted(names)
