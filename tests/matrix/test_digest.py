"""The weekly digest on Matrix, through the real Synapse: text, then the chart as an m.image.

`!digest now` answers an organiser (the room's creator, power 100) in the DM room with the
digest's text and digest.png uploaded to Synapse's media repository; the weekly run sends
the same there on Monday at 09:00; a participant is refused.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from mautrix.types import ContentURI
from PIL import Image

from bot.core.clock import ManualClock
from tests.matrix.helpers import Event, Participant, body, group_room

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PARITY = "service user: 1 member (50%), 1 active in 4 weeks, 100% of this week's actions"


def is_chart(event: Event, sender: str, seen: set[str]) -> bool:
    """An image from `sender` not among the events already `seen`."""
    content = event.get("content") or {}
    return (
        event.get("sender") == sender
        and content.get("msgtype") == "m.image"
        and event["event_id"] not in seen
    )


async def next_chart(person: Participant, sender: str, seen: set[str]) -> tuple[Event, Image.Image]:
    """Wait for the next chart, download it from the media repository and open it."""
    sent = await person.wait_for(lambda e: is_chart(e, sender, seen))
    seen.add(sent["event_id"])
    content = sent["content"]
    assert content["filename"] == "digest.png"
    assert content["body"].startswith("Chart of actions per week by constituency")  # alt text
    assert content["info"]["mimetype"] == "image/png"
    data = await person.api.download_media(ContentURI(content["url"]))
    assert content["info"]["size"] == len(data)
    return sent, Image.open(io.BytesIO(data))


def drawn_colours(picture: Image.Image) -> set[tuple[int, ...]]:
    """The opaque colours in a picture: one alone would be a blank chart."""
    counts = picture.convert("RGBA").getcolors(maxcolors=1_000_000) or []
    return {c for _, c in counts if isinstance(c, tuple) and c[3] == 255}


async def a_group_with_an_idea(people, bots):
    """Alice made the room (an organiser); Bob, a service user, proposes an idea."""
    bot = await bots(clock=ManualClock(MONDAY))
    alice, bob = [await people(n, accept_dms_from=(bot.user_id,)) for n in ("alice", "bob")]
    room = await group_room(alice, bot.user_id, [bob])
    await alice.say(room, '!settings set constituencies "service user, provider"')
    await alice.wait_for_message(bot.user_id, "constituencies is now", room)
    await bob.say(room, '!me constituency "service user"')
    await bob.wait_for_message(bot.user_id, "Your constituency is now service user")
    await bob.say(room, '!idea add "Open the drop-in on Saturdays"')
    await bob.wait_for_message(bot.user_id, "Idea 1: Open the drop-in on Saturdays", room)
    return bot, alice, bob, room


async def test_digest_now_arrives_in_the_dm_room_with_the_chart(people, bots):
    """An organiser's `!digest now`: the text with the parity line, then digest.png, privately."""
    bot, alice, _, room = await a_group_with_an_idea(people, bots)
    await alice.say(room, "!digest now")
    text = await alice.wait_for_message(bot.user_id, "Weekly digest:")
    assert text["room_id"] != room  # privately, in the DM room
    assert PARITY in body(text)
    assert "service user: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1" in body(text)  # actions per week
    chart, picture = await next_chart(alice, bot.user_id, set())
    assert chart["room_id"] == text["room_id"]
    assert picture.format == "PNG" and picture.size == (800, 400)
    assert len(drawn_colours(picture)) >= 3  # grey text and grid, and a line per side


async def test_the_weekly_digest_arrives_on_monday_with_the_chart_once(people, bots):
    """Monday 7 December 09:00 (UTC, the default zone): the digest and its chart, once."""
    bot, alice, _, room = await a_group_with_an_idea(people, bots)
    bot.clock.advance(timedelta(days=7, minutes=1))
    await bot.bot.settle()
    text = await alice.wait_for_message(bot.user_id, "Weekly digest:")
    assert text["room_id"] != room
    assert "service user: 1 member (50%), 1 active in 4 weeks" in body(text)
    seen: set[str] = set()
    chart, picture = await next_chart(alice, bot.user_id, seen)
    assert chart["room_id"] == text["room_id"]
    assert picture.size == (800, 400) and len(drawn_colours(picture)) >= 3

    bot.clock.advance(timedelta(hours=1))
    await bot.bot.settle()
    # settle has returned, so anything sent again is on the server: the DM room has one.
    history = await alice.history(text["room_id"])
    assert len([e for e in history if "Weekly digest:" in body(e)]) == 1
    assert len([e for e in history if (e.get("content") or {}).get("msgtype") == "m.image"]) == 1


async def test_a_participant_is_refused_the_digest(people, bots):
    """Bob (power 0) asking for the digest is told privately it is for organisers; no chart."""
    bot, _, bob, room = await a_group_with_an_idea(people, bots)
    await bob.say(room, "!digest now")
    refusal = await bob.wait_for_message(bot.user_id, "is for an organiser or above")
    assert refusal["room_id"] != room
    assert body(refusal) == (
        "!digest now is for an organiser or above; you are a participant. "
        "Type !help to see what you can do."
    )
    history = await bob.history(refusal["room_id"])
    assert not [e for e in history if (e.get("content") or {}).get("msgtype") == "m.image"]
