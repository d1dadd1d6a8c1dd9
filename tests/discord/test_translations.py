"""Discord's command menu in each member's language: a .po file is all a language needs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app import build_bot
from bot.config import Config
from bot.core import i18n
from bot.platforms.discord.cli import command_payloads
from bot.platforms.discord.translator import catalogue_for

FRENCH = r"""msgid ""
msgstr ""
"Language: fr\n"
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

msgid "Polls the group votes in."
msgstr "Les sondages du groupe."

msgid "Vote in a poll, or change your vote while it is open."
msgstr "Voter, ou changer son vote tant que le sondage est ouvert."

msgid "option number; multi 1,3; ranked 3,1,2"
msgstr "numéro de l'option ; multiple 1,3 ; classé 3,1,2"

msgctxt "choice"
msgid "on"
msgstr "activés"

msgid "on"
msgstr "marche"
"""


@pytest.fixture
def with_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bot's own catalogues, and a tiny French one beside them, in a folder of their own."""
    shutil.copytree(i18n.LOCALE_DIR, tmp_path, dirs_exist_ok=True)
    french = tmp_path / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    (french / "messages.po").write_text(FRENCH, encoding="utf-8")
    monkeypatch.setenv(i18n.LOCALE_ENV, str(tmp_path))
    return tmp_path


def find(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The command, subcommand or option called `name`."""
    return next(item for item in items if item["name"] == name)


def localisations(payload: Any) -> set[str]:
    """Every locale any localisation in a payload is given for."""
    found: set[str] = set()
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key.endswith("_localizations"):
                found |= set(value)
            else:
                found |= localisations(value)
    elif isinstance(payload, list):
        for item in payload:
            found |= localisations(item)
    return found


async def test_a_french_po_file_localises_the_menu(with_french: Path) -> None:
    """Descriptions, option descriptions and choices get French; names stay English."""
    commands = await command_payloads(Config(platform="discord"), build_bot)
    poll = find(commands, "poll")
    assert poll["description_localizations"] == {"fr": "Les sondages du groupe."}
    assert poll["name_localizations"] == {}
    vote = find(poll["options"], "vote")
    assert vote["description"] == "Vote in a poll, or change your vote while it is open."
    assert vote["description_localizations"] == {
        "fr": "Voter, ou changer son vote tant que le sondage est ouvert."
    }
    choice = find(vote["options"], "choice")
    assert choice["description_localizations"] == {
        "fr": "numéro de l'option ; multiple 1,3 ; classé 3,1,2"
    }
    assert "name_localizations" not in choice
    state = find(find(find(commands, "me")["options"], "nudges")["options"], "state")
    # The choice's own translation ("choice" context), not the word's elsewhere ("marche").
    assert state["choices"] == [
        {"name": "on", "value": "on", "name_localizations": {"fr": "activés"}},
        {"name": "off", "value": "off"},
    ]
    # Only French: Welsh has a catalogue, but Discord has no Welsh locale.
    assert localisations(commands) == {"fr"}


async def test_without_another_catalogue_the_menu_is_english_only() -> None:
    """The bot's own catalogues (English and Welsh) give Discord no localisation at all."""
    commands = await command_payloads(Config(platform="discord"), build_bot)
    assert localisations(commands) == set()


def test_discord_locales_read_the_catalogue_of_their_language(with_french: Path) -> None:
    """fr reads fr; no Discord locale reads cy; English locales read none (English is as written)."""
    assert catalogue_for(discord.Locale.french) == "fr"
    assert [loc for loc in discord.Locale if catalogue_for(loc) == "cy"] == []
    assert catalogue_for(discord.Locale.british_english) is None
    assert catalogue_for(discord.Locale.german) is None
