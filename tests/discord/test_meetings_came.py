"""Meetings on Discord: "Who came?" is a select menu the facilitator picks everyone from at once.

Through the real command tree and the fake Discord HTTP: the menu's options are the people
going or maybe, and picking runs `!meeting came` as the person who picked.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.discord import payloads as p
from tests.discord.conftest import App, embed_of
from tests.discord.payloads import Payload

SELECT = 3


def who_came(app: App) -> Payload:
    """The one "Who came?" message the bot posted."""
    (found,) = [
        m
        for m in app.fd.messages.values()
        if any(e.get("title") == "Who came?" for e in m.get("embeds", []))
    ]
    return found


@pytest.mark.asyncio
async def test_the_facilitator_picks_everyone_who_came_in_one_menu(app: App) -> None:
    """The ended meeting's menu lists those going or maybe; picking two records both."""
    await app.slash("meeting add", title="Steering group", when="tuesday 18:00", length="90m")
    await app.slash("meeting rsvp", id=1, answer="going", user=p.BOB_ID)
    await app.slash("meeting rsvp", id=1, answer="maybe", user=p.ALICE_ID)
    await app.slash("meeting rsvp", id=1, answer="no", user=p.MOD_ID)
    await app.wait(timedelta(days=1, hours=11))  # Tuesday 20:00, after the end

    message = who_came(app)
    assert message["channel_id"] == str(p.GENERAL_ID)
    assert "/meeting attended 1 @name @name" in embed_of(message)["description"]
    (row,) = message["components"]
    (menu,) = row["components"]
    assert menu["type"] == SELECT
    assert [o["label"] for o in menu["options"]] == ["1. Alice", "2. Bob"]
    assert (menu["min_values"], menu["max_values"]) == (1, 2)

    # Bob is a participant: his pick is refused, privately, and records nothing.
    refused = app.fd.reply(
        await app.fd.dispatch(app.fd.select(menu["custom_id"], ["1", "2"], user=p.BOB_ID))
    )
    assert refused is not None and refused.ephemeral
    assert "for a facilitator or above; you are a participant" in (refused.content or "")
    assert await app.rows("SELECT count(*) FROM contrib_entries") == [(0,)]

    picked = app.fd.reply(
        await app.fd.dispatch(app.fd.select(menu["custom_id"], ["1", "2"], user=p.ALICE_ID))
    )
    await app.settle()
    assert picked is not None
    said = str(picked.content) + str(picked.embeds)
    assert "Alice, Bob (1.5 hours each, confirmed)" in said
    assert await app.rows(
        "SELECT user_id, minutes, state FROM contrib_entries ORDER BY user_id"
    ) == [(str(p.ALICE_ID), 90, "confirmed"), (str(p.BOB_ID), 90, "confirmed")]

    # Picking Bob again (a second pick in the menu) does not double his hours.
    await app.fd.dispatch(app.fd.select(menu["custom_id"], ["2"], user=p.ALICE_ID))
    await app.settle()
    _, mine = await app.slash("contrib me", user=p.BOB_ID)
    assert mine.ephemeral
    assert "December 2026: 1.5 hours confirmed, 0 hours waiting" in str(mine.content) + str(
        mine.embeds
    )


@pytest.mark.asyncio
async def test_someone_forgotten_leaves_the_stored_menu(app: App) -> None:
    """After Bob's `/me forget`, the menu the bot keeps for "Who came?" no longer names him."""
    await app.slash("meeting add", title="Steering group", when="tuesday 18:00", length="90m")
    await app.slash("meeting rsvp", id=1, answer="going", user=p.BOB_ID)
    await app.slash("meeting rsvp", id=1, answer="maybe", user=p.ALICE_ID)
    await app.wait(timedelta(days=1, hours=11))
    who_came(app)
    assert any("Bob" in spec for (spec,) in await app.rows("SELECT spec FROM stored_choices"))
    await app.slash("me forget", confirm="confirm", user=p.BOB_ID)
    specs = [spec for (spec,) in await app.rows("SELECT spec FROM stored_choices")]
    assert specs and not any("Bob" in spec for spec in specs)
    assert any('"someone"' in spec for spec in specs)
