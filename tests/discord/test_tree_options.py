"""The slash commands as Discord users expect them: words for names, pickers, choices, limits.

Every expectation here is written out by hand from what a Discord user should see in the
command menu (the payloads `coprod discord commands` prints), not built by the tree's code.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import build_bot
from bot.config import Config
from bot.platforms.discord.cli import command_payloads
from tests.discord.test_tree import walk

STRING, INTEGER, USER = 3, 4, 6
MANAGE_SERVER = 1 << 5
MANAGE_EVENTS = 1 << 33


@pytest.fixture
async def commands() -> dict[str, dict[str, Any]]:
    """The printed payloads by top-level name, for the default config."""
    printed = await command_payloads(Config(platform="discord"), build_bot)
    return {c["name"]: c for c in printed}


def find(commands: dict[str, dict[str, Any]], path: str) -> dict[str, Any]:
    """A command or subcommand by its path: "meeting avail"."""
    first, *rest = path.split()
    found = commands[first]
    for name in rest:
        found = next(o for o in found["options"] if o["name"] == name)
    return found


def options(commands: dict[str, dict[str, Any]], path: str) -> dict[str, dict[str, Any]]:
    """A subcommand's options by name, in order."""
    return {o["name"]: o for o in find(commands, path).get("options", [])}


@pytest.mark.asyncio
async def test_each_group_is_described_in_its_own_words(
    commands: dict[str, dict[str, Any]],
) -> None:
    """/contrib is about time given, not meetings; /mentor says no class name (OptIn)."""
    assert commands["contrib"]["description"] == (
        "Time people give the group: log it, and a facilitator confirms it."
    )
    assert commands["meeting"]["description"] == (
        "Meetings the group holds: times, who is coming, who came."
    )
    assert commands["mentor"]["description"] == (
        "Mentoring pairs across the provider / user line, asked first, with a way out."
    )


@pytest.mark.asyncio
async def test_descriptions_are_plain_text_naming_slash_commands(
    commands: dict[str, dict[str, Any]],
) -> None:
    """Discord shows descriptions as they are: no backticks, and `/settings`, never `!`."""
    assert find(commands, "digest off")["description"] == (
        "Stop the weekly digest (/settings set digest_on on starts it again)."
    )
    assert options(commands, "settings set")["name"]["description"] == (
        "which setting (see /settings show)"
    )
    for command in commands.values():
        for item in walk(command):
            assert "`" not in item["description"], item["name"]
            assert "!" not in item["description"], item["name"]


@pytest.mark.asyncio
async def test_option_names_are_words_a_person_would_type(
    commands: dict[str, dict[str, Any]],
) -> None:
    """`from`, `entry`, one `topic`: no `from_`, `n` or `topic1..3`."""
    assert list(options(commands, "contrib report")) == ["from", "to"]
    assert list(options(commands, "contrib confirm")) == ["entry"]
    assert list(options(commands, "contrib query")) == ["entry", "reason"]
    topic = options(commands, "help")
    assert list(topic) == ["topic"]
    assert topic["topic"]["type"] == STRING and not topic["topic"].get("required")
    for command in commands.values():
        for item in walk(command):
            assert not item["name"].endswith("_"), item["name"]
            assert len(item["name"]) > 1, item["name"]


@pytest.mark.asyncio
async def test_people_are_picked_with_discords_member_picker(
    commands: dict[str, dict[str, Any]],
) -> None:
    """Who came and whom to avoid are user options (type 6), named person, not people1."""
    attended = options(commands, "meeting attended")
    assert list(attended) == ["id", *(f"person{i}" for i in range(1, 25))]
    assert {attended[f"person{i}"]["type"] for i in range(1, 25)} == {USER}
    assert attended["person1"].get("required") is True
    assert not attended["person2"].get("required")
    for path in ("mentor avoid", "mentor unavoid"):
        person = options(commands, path)["person"]
        assert (person["type"], person["required"]) == (USER, True)


@pytest.mark.asyncio
async def test_a_plans_times_are_answered_from_a_menu_each(
    commands: dict[str, dict[str, Any]],
) -> None:
    """/meeting avail asks slot1..slot10, each yes / maybe / no, none of them required."""
    avail = options(commands, "meeting avail")
    assert list(avail) == ["id", *(f"slot{i}" for i in range(1, 11))]
    for i in range(1, 11):
        slot = avail[f"slot{i}"]
        assert slot["type"] == STRING and not slot.get("required")
        assert slot["choices"] == [
            {"name": "yes", "value": "yes"},
            {"name": "maybe", "value": "maybe"},
            {"name": "no", "value": "no"},
        ]
    assert avail["slot2"]["description"] == "slot 2: yes, maybe or no"


@pytest.mark.asyncio
async def test_rsvp_offers_its_three_answers(commands: dict[str, dict[str, Any]]) -> None:
    """/meeting rsvp's answer is a choice of going, maybe or no."""
    answer = options(commands, "meeting rsvp")["answer"]
    assert [c["value"] for c in answer["choices"]] == ["going", "maybe", "no"]


AUTOCOMPLETED = [
    ("idea show", "id"),
    ("idea support", "id"),
    ("idea unsupport", "id"),
    ("idea edit", "id"),
    ("idea withdraw", "id"),
    ("idea status", "id"),
    ("idea poll", "id"),
    ("idea review", "id"),
    ("meeting show", "id"),
    ("meeting rsvp", "id"),
    ("meeting move", "id"),
    ("meeting cancel", "id"),
    ("meeting ics", "id"),
    ("meeting here", "id"),
    ("meeting attended", "id"),
    ("meeting avail", "id"),
    ("meeting pick", "id"),
    ("mentor accept", "id"),
    ("mentor skip", "id"),
    ("mentor checkin", "id"),
    ("contrib confirm", "entry"),
    ("contrib query", "entry"),
    ("me timezone", "name"),
    ("me constituency", "name"),
    ("poll vote", "id"),
    ("poll close", "id"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("path", "option"), AUTOCOMPLETED)
async def test_numbers_and_names_are_suggested_as_typed(
    commands: dict[str, dict[str, Any]], path: str, option: str
) -> None:
    """Ideas, meetings, plans, pairings, entries, time zones and constituencies autocomplete."""
    assert options(commands, path)[option].get("autocomplete") is True


LIMITS = [
    ("poll vote", "id", "min_value", 1),
    ("idea show", "id", "min_value", 1),
    ("meeting rsvp", "id", "min_value", 1),
    ("meeting avail", "id", "min_value", 1),
    ("mentor accept", "id", "min_value", 1),
    ("mentor followed-up", "id", "min_value", 1),
    ("contrib confirm", "entry", "min_value", 1),
    ("meeting pick", "slot", "min_value", 1),
    ("meeting pick", "slot", "max_value", 10),
    ("poll create", "question", "max_length", 200),  # a title
    ("poll create", "option1", "max_length", 300),  # a short text
    ("poll vote", "reason", "max_length", 2000),  # a long text
    ("idea add", "text", "max_length", 2000),
    ("meeting add", "title", "max_length", 200),
    ("meeting plan", "title", "max_length", 200),
    ("contrib log", "what", "max_length", 2000),
    ("mentor concern", "text", "max_length", 2000),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("path", "option", "limit", "value"), LIMITS)
async def test_numbers_and_texts_carry_the_commands_own_limits(
    commands: dict[str, dict[str, Any]], path: str, option: str, limit: str, value: int
) -> None:
    """Discord refuses a 0 for a number or an overlong text before the bot sees it."""
    assert options(commands, path)[option][limit] == value


@pytest.mark.asyncio
async def test_every_number_of_a_thing_starts_at_1(commands: dict[str, dict[str, Any]]) -> None:
    """No integer option anywhere takes 0 or less: ids, entries and slots count from 1."""
    integers = [
        (item["name"], item.get("min_value"))
        for command in commands.values()
        for item in walk(command)
        if item.get("type") == INTEGER
    ]
    assert integers and all(least == 1 for _, least in integers), integers


@pytest.mark.asyncio
async def test_commands_only_buttons_use_are_not_in_the_menu(
    commands: dict[str, dict[str, Any]],
) -> None:
    """`meeting came` and `idea toggle` run from menus and buttons; the menu leaves them out."""
    assert "came" not in options(commands, "meeting")
    assert "toggle" not in options(commands, "idea")
    assert {"attended", "rsvp"} <= set(options(commands, "meeting"))
    assert {"support", "unsupport"} <= set(options(commands, "idea"))


@pytest.mark.asyncio
async def test_organiser_and_facilitator_groups_have_default_permissions(
    commands: dict[str, dict[str, Any]],
) -> None:
    """/settings needs Manage Server and /digest Manage Events by default; /poll is for all.

    Discord sets this per top-level command only, so a group with any command for
    participants (/mentor, /meeting) stays open to everyone and the bot checks roles.
    """
    assert commands["settings"]["default_member_permissions"] == MANAGE_SERVER
    assert commands["digest"]["default_member_permissions"] == MANAGE_EVENTS
    for name in ("poll", "idea", "meeting", "mentor", "me", "help", "contrib"):
        assert commands[name]["default_member_permissions"] is None, name
