"""Meetings on Discord: each meeting is also one of the server's Events (a scheduled event).

Created, moved, cancelled and moved on to a series' next date with the meeting, through the
faked HTTP; without Manage Events the meeting still works and the facilitators are told once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import discord
import pytest

from tests.discord import payloads as p
from tests.discord.conftest import App
from tests.discord.events import CANCELED, EXTERNAL, SCHEDULED
from tests.discord.payloads import Payload

EVENTS = rf"/guilds/{p.GUILD_ID}/scheduled-events"


def grant_manage_events(app: App) -> None:
    """Give the bot's role Manage Events, as the updated invite link does."""
    for role in app.fd.guilds[p.GUILD_ID]["roles"]:
        if int(role["id"]) == p.BOT_ROLE_ID:
            role["permissions"] = str(
                int(role["permissions"]) | discord.Permissions(manage_events=True).value
            )


def the_event(app: App) -> Payload:
    """The server's only scheduled event."""
    (event,) = app.fd.scheduled.in_guild(p.GUILD_ID)
    return event


def starts(event: Payload) -> datetime:
    """When a scheduled event starts."""
    return datetime.fromisoformat(event["scheduled_start_time"])


@pytest.mark.asyncio
async def test_a_meeting_is_an_event_that_moves_and_cancels_with_it(app: App) -> None:
    """/meeting add makes an external event at the place; move edits it; cancel cancels it."""
    grant_manage_events(app)
    await app.slash(
        "meeting add", title="Steering group", when="tuesday 18:00", length="90m", where="Room 2"
    )
    event = the_event(app)
    assert (event["name"], event["entity_type"], event["status"]) == (
        "Steering group",
        EXTERNAL,
        SCHEDULED,
    )
    assert event["entity_metadata"]["location"] == "Room 2"
    assert starts(event).isoformat() == "2026-12-01T18:00:00+00:00"
    end = datetime.fromisoformat(event["scheduled_end_time"])
    assert end - starts(event) == timedelta(minutes=90)

    await app.slash("meeting move", id=1, when="thursday 17:00")
    moved = the_event(app)
    assert moved["id"] == event["id"]  # the same event, so those interested keep it
    assert starts(moved).isoformat() == "2026-12-03T17:00:00+00:00"

    await app.slash("meeting cancel", id=1, reason="room flooded")
    assert the_event(app)["status"] == CANCELED
    assert await app.rows("SELECT key FROM posts WHERE key LIKE 'calendar:%'") == []


@pytest.mark.asyncio
async def test_a_series_event_moves_on_to_the_next_date_and_a_one_off_goes(app: App) -> None:
    """At each end (across a restart) a series' event moves to its next date; a one-off's goes."""
    grant_manage_events(app)
    await app.slash("meeting add", title="Drop-in", when="tuesday 18:00", length="1h", every="week")
    await app.slash("meeting add", title="Workshop", when="tuesday 12:00", length="1h")
    assert len(app.fd.scheduled.in_guild(p.GUILD_ID)) == 2
    await app.restart()  # which event is whose is kept in the database
    await app.wait(timedelta(days=1, hours=10))  # past both (Tuesday 19:00)
    (event,) = app.fd.scheduled.in_guild(p.GUILD_ID)
    assert event["name"] == "Drop-in"
    assert starts(event).isoformat() == "2026-12-08T18:00:00+00:00"


@pytest.mark.asyncio
async def test_an_event_deleted_in_discord_is_made_again_on_a_move(app: App) -> None:
    """Someone deleting the Event in Discord does not stop the meeting's next change showing."""
    grant_manage_events(app)
    await app.slash("meeting add", title="Steering group", when="tuesday 18:00", length="1h")
    app.fd.scheduled.events.clear()
    await app.slash("meeting move", id=1, when="wednesday 18:00")
    assert starts(the_event(app)).isoformat() == "2026-12-02T18:00:00+00:00"


@pytest.mark.asyncio
async def test_without_manage_events_the_meeting_works_and_facilitators_hear_once(
    app: App,
) -> None:
    """No Manage Events: the meeting is posted, and facilitators are told once what to grant."""
    _, first = await app.slash("meeting add", title="Steering group", when="tuesday 18:00")
    await app.slash("meeting add", title="Drop-in", when="wednesday 18:00")
    assert app.fd.scheduled.in_guild(p.GUILD_ID) == []
    assert len(app.fd.calls("POST", EVENTS)) == 2  # tried, refused with 50013
    assert "Steering group" in str(first.embeds)
    told = [m for m in app.fd.dms(p.ALICE_ID) if "Manage Events" in str(m["embeds"])]
    assert len(told) == 1


@pytest.mark.asyncio
async def test_a_refused_event_change_does_not_stop_the_move(app: App) -> None:
    """Discord refusing the event's edit leaves the move done and told; the event keeps its id."""
    grant_manage_events(app)
    await app.slash("meeting add", title="Steering group", when="tuesday 18:00", length="1h")
    event_id = the_event(app)["id"]
    app.fd.fail("PATCH", rf"{EVENTS}/\d+", status=400, code=50035, message="Invalid Form Body")
    _, moved = await app.slash("meeting move", id=1, when="wednesday 18:00")
    assert "now starts" in str(moved.content) + str(moved.embeds)
    assert starts(the_event(app)).isoformat() == "2026-12-01T18:00:00+00:00"
    rows = await app.rows("SELECT message_ref FROM posts WHERE key = 'calendar:meeting:1'")
    assert rows == [(event_id,)]
