"""Polls in an end-to-end encrypted room, read back and decrypted by an independent client."""

from __future__ import annotations

from tests.matrix.e2ee_client import was_encrypted
from tests.matrix.helpers import POLL_END, POLL_START, body, is_edit, replies_to


async def test_a_whole_poll_in_an_encrypted_room(secret_people, bots):
    """Create, native answers, a typed vote, close and results: all encrypted both ways."""
    bot = await bots()
    alice = await secret_people("alice")
    bob, carol = [await secret_people(n, accept_dms_from=(bot.user_id,)) for n in ("bob", "carol")]
    room = await alice.create_room("Evening group", [bot.user_id, bob.user_id, carol.user_id])
    for person in (bob, carol):
        await person.join(room)
    await alice.wait_for_membership(room, bot.user_id, "join")

    create = await alice.say(room, '!poll create "Which evening?" Monday Tuesday')
    message = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == create
    )
    assert "Poll 1: Which evening?" in body(message)
    assert was_encrypted(message)
    start = await alice.wait_for(lambda e: e.get("type") == POLL_START)
    assert was_encrypted(start)
    assert [a["id"] for a in start["content"][POLL_START]["answers"]] == ["1", "2"]

    await bob.say(room, "!poll vote 1 2")
    confirmation = await bob.wait_for_message(bot.user_id, "Your vote on poll 1 is in: Tuesday")
    assert confirmation["room_id"] != room
    await carol.answer_poll(room, start["event_id"], ["1"])
    edit = await alice.wait_for(
        lambda e: is_edit(e) and "2 of 3 members have voted" in body(e) and e["room_id"] == room
    )
    assert was_encrypted(edit)

    await alice.say(room, "!poll close 1")
    end = await alice.wait_for(lambda e: e.get("type") == POLL_END)
    assert was_encrypted(end)
    assert end["content"]["m.relates_to"]["event_id"] == start["event_id"]
    results = body(end)
    assert "Monday" in results and "Tuesday" in results
