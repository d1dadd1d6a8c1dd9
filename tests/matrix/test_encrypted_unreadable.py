"""An encrypted message the bot cannot read gets a plain answer, once, instead of silence."""

from __future__ import annotations

from tests.matrix.e2ee_client import was_encrypted
from tests.matrix.helpers import body, replies_to

ANSWER = "I could not read your last message; please send it again."


async def test_a_message_whose_key_never_came_is_answered_once(secret_people, bots):
    """Sent with a room key withheld from the bot: one plain answer to it, then work goes on."""
    bot = await bots()
    bot.platform.router.key_wait = 1.0  # seconds the bot waits for the missing room key
    alice = await secret_people("alice")
    room = await alice.create_room("Group", [bot.user_id])
    await alice.wait_for_membership(room, bot.user_id, "join")

    unreadable = await alice.send_withheld(room, "!poll list")
    answer = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == unreadable
    )
    assert body(answer) == ANSWER
    assert answer["room_id"] == room and was_encrypted(answer)

    readable = await alice.say(room, "!poll list")
    later = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == readable
    )
    assert "No polls are open" in body(later)
    answers = [e for e in alice.events if e.get("sender") == bot.user_id and body(e) == ANSWER]
    assert [e["event_id"] for e in answers] == [answer["event_id"]]
