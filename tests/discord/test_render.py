"""Replies as Discord messages (bot/platforms/discord/render.py and buttons.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.model import Action, Choice, Field, Reply
from bot.platforms.discord.buttons import action_custom_id, is_known, submitted_text
from bot.platforms.discord.render import Rendered, slashed
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App

GROUPS = ("help", "poll", "settings")


def components(rendered: Rendered) -> list[dict[str, Any]]:
    """The component rows a rendered reply sends."""
    assert rendered.view is not None
    rows: list[dict[str, Any]] = rendered.view.to_components()
    return rows


def test_typed_commands_become_slash_commands() -> None:
    """`!poll list` reads `/poll list`; other exclamation marks are left alone."""
    assert slashed("Type `!poll list` or !help.", GROUPS) == "Type `/poll list` or /help."
    assert slashed("Wow! !pollster a!poll /x/!poll", GROUPS) == "Wow! !pollster a!poll /x/!poll"
    assert slashed("Times stay <t:1700000000:F>", GROUPS) == "Times stay <t:1700000000:F>"


@pytest.mark.asyncio
async def test_plain_and_embedded_replies(app: App) -> None:
    """Body-only replies are plain text; titled ones are embeds, errors in red."""
    renderer = app.client.renderer
    plain = await renderer.render(Reply("Done, see `!poll list`."), GROUP)
    assert plain.content == "Done, see `/poll list`." and plain.embed is None
    fancy = await renderer.render(
        Reply("x" * 5000, title="T", fields=(Field("a", "b", inline=True),), error=True), GROUP
    )
    assert fancy.embed is not None and fancy.content is None
    data = fancy.embed.to_dict()
    assert data["title"] == "T" and len(data["description"]) == 4096
    assert data["description"].endswith("…") and data["color"] == 0xD83C3E
    assert data["fields"] == [{"name": "a", "value": "b", "inline": True}]


@pytest.mark.asyncio
async def test_times_are_left_for_each_reader(app: App) -> None:
    """The neutral <t:EPOCH:F> markup is Discord's own and passes through untouched."""
    rendered = await app.client.renderer.render(
        Reply("Closes <t:1764950400:F> (<t:1764950400:R>)"), GROUP
    )
    assert rendered.content == "Closes <t:1764950400:F> (<t:1764950400:R>)"


@pytest.mark.asyncio
async def test_twenty_options_fit_in_five_rows(app: App) -> None:
    """21 buttons (20 options and Results) make five rows; every custom id fits 100 chars."""
    actions = tuple(Action(f"Option {i}", "poll vote", ("1", str(i))) for i in range(1, 21))
    actions += (Action("Results", "poll results", ("1",), "secondary"),)
    rows = components(await app.client.renderer.render(Reply("Vote", actions=actions), GROUP))
    assert [len(r["components"]) for r in rows] == [5, 5, 5, 5, 1]
    ids = [c["custom_id"] for r in rows for c in r["components"]]
    assert all(len(i) <= 100 and is_known(i) for i in ids)
    assert ids[0] == f"cp:a:{p.GUILD_ID}:poll vote 1 1"


@pytest.mark.asyncio
async def test_too_many_actions_are_listed_as_text(app: App) -> None:
    """Beyond 25 components, the rest are shown as commands to type."""
    actions = tuple(Action(f"N{i}", "poll vote", ("1", str(i))) for i in range(1, 28))
    rendered = await app.client.renderer.render(Reply("Vote", actions=actions), GROUP)
    assert sum(len(r["components"]) for r in components(rendered)) == 25
    assert rendered.embed is not None
    more = rendered.embed.to_dict()["fields"][-1]
    assert more["name"] == "More" and more["value"] == "`/poll vote 1 26`\n`/poll vote 1 27`"


@pytest.mark.asyncio
async def test_choices_render_as_menu_or_rank_button_and_not_when_closed(app: App) -> None:
    """Multi: a select menu (max = max_selections); ranked: a rank button; closed: nothing."""
    renderer = app.client.renderer
    await app.bot.group(GROUP)
    multi = Choice("poll:1", "Q?", ("a", "b", "c"), "poll vote", ("1",), max_selections=2)
    (row,) = components(await renderer.render(Reply("Q", choice=multi), GROUP))
    menu = row["components"][0]
    assert menu["type"] == 3 and menu["max_values"] == 2 and menu["custom_id"] == "cp:c:1"
    ranked = Choice("poll:2", "Q?", ("a", "b"), "poll vote", ("2",), 2, ordered=True)
    (row,) = components(await renderer.render(Reply("Q", choice=ranked), GROUP))
    assert row["components"][0]["custom_id"] == "cp:r:2"
    single = Choice("poll:3", "Q?", ("a", "b"), "poll vote", ("3",))
    closed = Choice("poll:1", "Q?", ("a", "b", "c"), "poll vote", ("1",), 2, closed=True)
    for choice in (single, closed):
        assert (await renderer.render(Reply("Q", choice=choice), GROUP)).view is None


def test_custom_ids_are_at_most_100_characters() -> None:
    """An action whose typed form would not fit is kept in SQLite instead (None here)."""
    short = Action("Vote", "poll vote", ("12", "3"))
    assert action_custom_id(p.GUILD_ID, short) == f"cp:a:{p.GUILD_ID}:poll vote 12 3"
    long = Action("Vote", "poll vote", ("12", "x" * 80))
    assert action_custom_id(p.GUILD_ID, long) is None
    assert not is_known("cp:a:notaguild:poll vote 1 1") and not is_known("vote:1:x")


def test_text_typed_in_a_form_is_found_in_nested_rows() -> None:
    """Modal submissions nest text inputs in labels (type 18) or action rows (type 1)."""
    labelled = [{"type": 18, "component": {"type": 4, "custom_id": "order", "value": "2,1"}}]
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": "order", "value": "1"}]}]
    assert submitted_text(labelled, "order") == "2,1"
    assert submitted_text(rows, "order") == "1"
    assert submitted_text(rows, "other") is None
