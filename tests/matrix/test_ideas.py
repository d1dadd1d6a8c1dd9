"""Ideas on Matrix: the idea's thread is an m.thread on its message, and talk there is counted."""

from __future__ import annotations

import asyncio

from tests.matrix.helpers import body, group_room


async def test_an_idea_opens_a_thread_and_messages_in_it_are_counted(people, bots):
    """The idea has an m.thread opener; a reply there counts (text unkept); status lines go there."""
    bot = await bots()
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, '!idea add "Open the drop-in on Saturdays"')
    idea = await alice.wait_for(
        lambda e: (
            e.get("sender") == bot.user_id
            and "Open the drop-in on Saturdays" in body(e)
            and e.get("room_id") == room
        )
    )
    opener = await alice.wait_for(
        lambda e: (e.get("content") or {}).get("m.relates_to", {}).get("rel_type") == "m.thread"
    )
    assert opener["content"]["m.relates_to"]["event_id"] == idea["event_id"]
    await alice.send(
        room,
        "m.room.message",
        {
            "msgtype": "m.text",
            "body": "We could ask the volunteers",
            "m.relates_to": {"rel_type": "m.thread", "event_id": idea["event_id"]},
        },
    )
    for _ in range(200):  # the bot counts it once its sync brings the message
        rows = await bot.bot.db.reader.execute_fetchall(
            "SELECT messages FROM idea_thread_days WHERE idea_id = 1"
        )
        if list(rows):
            break
        await asyncio.sleep(0.05)
    assert [tuple(r) for r in rows] == [(1,)]
    kept = await bot.bot.db.reader.execute_fetchall("SELECT * FROM ideas")
    assert "volunteers" not in repr(list(kept))
    await alice.say(room, "!idea status 1 discussing")  # alice made the room: she organises
    line = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and body(e) == "Status: under discussion"
    )
    assert line["content"]["m.relates_to"]["rel_type"] == "m.thread"
    assert line["content"]["m.relates_to"]["event_id"] == idea["event_id"]
