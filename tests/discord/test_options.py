"""Slash options doing what their menus promise: picked people, slot menus, one help box.

And suggestions while typing, each answered by the real cogs through the real CommandTree.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.discord import payloads as p
from tests.discord.conftest import App, embed_of


async def suggested(
    app: App, command: str, focused: str, typed: str, *, user: int = p.ALICE_ID
) -> list[Any]:
    """What Discord's menu would list while someone types `typed` into an option."""
    payload = app.fd.autocomplete(command, focused, {focused: typed}, user=user)
    reply = app.fd.reply(await app.fd.dispatch(payload))
    assert reply is not None and reply.type == 8, f"no suggestions for /{command} {focused}"
    return reply.choices


async def meet_bob(app: App) -> None:
    """Bob uses the bot once, so the group knows him by name."""
    await app.slash("me show", user=p.BOB_ID)


@pytest.mark.asyncio
async def test_a_picked_person_is_named_and_stored_by_id(app: App) -> None:
    """/mentor avoid with Bob picked from the member list avoids Bob, by his Discord id."""
    await meet_bob(app)
    _, reply = await app.slash("mentor avoid", person=p.BOB_ID)
    assert reply.ephemeral
    assert reply.content == "Bob is now on your avoid list. Nobody is ever told."
    rows = await app.rows("SELECT user_id, avoided_id FROM mentoring_avoid")
    assert rows == [(str(p.ALICE_ID), str(p.BOB_ID))]


@pytest.mark.asyncio
async def test_who_came_is_picked_from_the_members(app: App) -> None:
    """/meeting attended with Alice and Bob picked records both as having come."""
    await meet_bob(app)
    await app.slash("meeting add", title="Steering group", when="today 10:00", length="60m")
    await app.wait(timedelta(hours=2))
    _, reply = await app.slash("meeting attended", id=1, person1=p.ALICE_ID, person2=p.BOB_ID)
    assert (reply.content or "").startswith("Recorded at Steering group on <t:")
    assert (reply.content or "").split(": ", 1)[1].startswith("Alice, Bob (")
    came = await app.rows(
        "SELECT user_id, state FROM contrib_entries WHERE meeting_id = 1 ORDER BY user_id"
    )
    assert came == sorted([(str(p.ALICE_ID), "confirmed"), (str(p.BOB_ID), "confirmed")])


@pytest.mark.asyncio
async def test_each_slot_is_answered_from_its_own_menu(app: App) -> None:
    """/meeting avail slot1=yes slot3=no stores yes for slot 1 and no for slot 3, nothing for 2."""
    await app.slash(
        "meeting plan", title="Workshop", slot1="tue 18:00", slot2="wed 18:00", slot3="thu 18:00"
    )
    _, reply = await app.slash("meeting avail", id=1, slot1="yes", slot3="no", user=p.BOB_ID)
    assert reply.content == "Your answers for plan 1: 1=yes, 3=no."
    rows = await app.rows("SELECT position, answer FROM meeting_plan_answers ORDER BY position")
    assert rows == [(1, "yes"), (3, "no")]


@pytest.mark.asyncio
async def test_a_plan_answered_with_no_slot_is_refused(app: App) -> None:
    """/meeting avail with every slot left empty says what to fill in and stores nothing."""
    await app.slash("meeting plan", title="Workshop", slot1="tue 18:00", slot2="wed 18:00")
    _, reply = await app.slash("meeting avail", id=1, user=p.BOB_ID)
    assert reply.ephemeral
    assert reply.content == "Answer at least 1 of slot1 to slot10; nothing was changed."
    assert await app.rows("SELECT count(*) FROM meeting_plan_answers") == [(0,)]


@pytest.mark.asyncio
async def test_help_takes_a_whole_command_in_one_box(app: App) -> None:
    """/help topic:"poll create" explains that one command."""
    _, reply = await app.slash("help", topic="poll create", user=p.BOB_ID)
    assert reply.ephemeral and embed_of(reply)["title"] == "/poll create"


@pytest.mark.asyncio
async def test_ideas_are_suggested_by_number_status_and_text(app: App) -> None:
    """Typing "rota" into /idea show's id lists the rota idea, newest first among matches."""
    await app.slash("idea add", text="A Saturday drop-in for people who work")
    await app.slash("idea add", text="A rota for who chairs the meeting", anyway=True)
    await app.slash("idea add", text="Share the rota a week ahead", anyway=True)
    choices = await suggested(app, "idea show", "id", "rota")
    assert choices == [
        {"name": "3 (proposed): Share the rota a week ahead", "value": 3},
        {"name": "2 (proposed): A rota for who chairs the meeting", "value": 2},
    ]


@pytest.mark.asyncio
async def test_meetings_and_plans_are_suggested(app: App) -> None:
    """A meeting's number and an open plan's number are suggested by their titles."""
    await app.slash("meeting add", title="Steering group", when="tuesday 18:00")
    await app.slash("meeting add", title="Open day", when="friday 10:00")
    await app.slash("meeting plan", title="Workshop", slot1="tue 18:00", slot2="wed 18:00")
    assert await suggested(app, "meeting rsvp", "id", "steer") == [
        {"name": "1: Steering group", "value": 1}
    ]
    assert await suggested(app, "meeting avail", "id", "") == [{"name": "1: Workshop", "value": 1}]


@pytest.mark.asyncio
async def test_entries_waiting_are_suggested_with_who_and_what(app: App) -> None:
    """A facilitator confirming sees Bob's waiting entry by number, name and what he did."""
    await app.slash("contrib log", length="2h", what="Leaflets for the open day", user=p.BOB_ID)
    assert await suggested(app, "contrib confirm", "entry", "") == [
        {"name": "1: Bob, Leaflets for the open day", "value": 1}
    ]


@pytest.mark.asyncio
async def test_your_pairings_are_suggested_by_who_they_are_with(app: App) -> None:
    """After a round pairs Alice and Bob, Bob's /mentor accept suggests "1: with Alice"."""
    await app.slash("mentor join", role="mentor")
    await app.slash("mentor join", role="mentee", user=p.BOB_ID)
    await app.slash("mentor round")
    choices = await suggested(app, "mentor accept", "id", "", user=p.BOB_ID)
    assert choices == [{"name": "1: with Alice", "value": 1}]


@pytest.mark.asyncio
async def test_time_zones_and_constituencies_are_suggested(app: App) -> None:
    """Typing berlin suggests Europe/Berlin; a constituency comes from the group's own list."""
    assert await suggested(app, "me timezone", "name", "berlin") == [
        {"name": "Europe/Berlin", "value": "Europe/Berlin"}
    ]
    await app.slash(
        "settings set", name="constituencies", value="service user, carer", user=p.MOD_ID
    )
    assert await suggested(app, "me constituency", "name", "car") == [
        {"name": "carer", "value": "carer"}
    ]


@pytest.mark.asyncio
async def test_a_member_who_never_used_the_bot_can_be_picked(app: App) -> None:
    """Discord offers every member; picking the owner, who never typed a command, works."""
    _, reply = await app.slash("mentor avoid", person=p.OWNER_ID)
    assert reply.content == "Owner is now on your avoid list. Nobody is ever told."
    assert await app.rows("SELECT avoided_id FROM mentoring_avoid") == [(str(p.OWNER_ID),)]
