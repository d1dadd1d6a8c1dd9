"""An idea and its thread in an encrypted room, read back and decrypted by an independent client."""

from __future__ import annotations

import asyncio

from tests.matrix.e2ee_client import was_encrypted
from tests.matrix.helpers import body


async def test_an_idea_and_its_thread_in_an_encrypted_room(secret_people, bots):
    """The idea, its thread opener and its status line are encrypted; talk there is counted."""
    bot = await bots()
    alice = await secret_people("alice", accept_dms_from=(bot.user_id,))
    room = await alice.create_room("Group", [bot.user_id])
    await alice.wait_for_membership(room, bot.user_id, "join")
    await alice.say(room, '!idea add "Open the drop-in on Saturdays"')
    idea = await alice.wait_for_message(bot.user_id, "Open the drop-in on Saturdays", room)
    assert was_encrypted(idea)
    opener = await alice.wait_for(
        lambda e: (e.get("content") or {}).get("m.relates_to", {}).get("rel_type") == "m.thread"
    )
    assert was_encrypted(opener)
    assert opener["content"]["m.relates_to"]["event_id"] == idea["event_id"]

    thread = {"rel_type": "m.thread", "event_id": idea["event_id"]}
    await alice.send(
        room,
        "m.room.message",
        {"msgtype": "m.text", "body": "We could ask the volunteers", "m.relates_to": thread},
    )
    for _ in range(200):  # the bot counts it once its sync brings the message
        rows = await bot.bot.db.reader.execute_fetchall(
            "SELECT messages FROM idea_thread_days WHERE idea_id = 1"
        )
        if list(rows):
            break
        await asyncio.sleep(0.05)
    assert [tuple(r) for r in rows] == [(1,)]

    await alice.say(room, "!idea status 1 discussing")
    line = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and body(e) == "Status: under discussion"
    )
    assert was_encrypted(line)
    assert line["content"]["m.relates_to"]["rel_type"] == "m.thread"
    assert line["content"]["m.relates_to"]["event_id"] == idea["event_id"]
