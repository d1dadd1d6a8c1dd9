"""The private room the bot makes with each person: encrypted by default, plain when configured."""

from __future__ import annotations

from mautrix.errors import MNotFound

from tests.matrix.e2ee_client import was_encrypted
from tests.matrix.helpers import body


async def test_the_private_room_is_encrypted_by_default(secret_people, bots):
    """A vote's confirmation goes to a new private room that is encrypted from its start."""
    bot = await bots(encrypt_private_rooms=True)
    alice = await secret_people("alice")
    bob = await secret_people("bob", accept_dms_from=(bot.user_id,))
    room = await alice.create_room("Group", [bot.user_id, bob.user_id])
    await bob.join(room)
    await alice.wait_for_membership(room, bot.user_id, "join")
    await alice.say(room, '!poll create "Which evening?" Monday Tuesday')
    await alice.wait_for_message(bot.user_id, "Poll 1: Which evening?", room)
    await bob.say(room, "!poll vote 1 1")
    confirmation = await bob.wait_for_message(bot.user_id, "Your vote on poll 1 is in: Monday")
    private = confirmation["room_id"]
    assert private != room and was_encrypted(confirmation)
    state = await bob.get_state(private, "m.room.encryption")
    assert state == {"algorithm": "m.megolm.v1.aes-sha2"}
    await bob.say(private, "!poll vote 1 2")  # and the bot reads what bob types there
    changed = await bob.wait_for_message(bot.user_id, "Your vote on poll 1 is in: Tuesday", private)
    assert was_encrypted(changed)


async def test_a_deployment_can_keep_private_rooms_plain(people, bots):
    """With matrix.encrypt_private_rooms = false the private room has no encryption."""
    bot = await bots(encrypt_private_rooms=False)
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    room = await alice.create_room("Group", [bot.user_id])
    await alice.wait_for_membership(room, bot.user_id, "join")
    await alice.say(room, "!me nudges off")
    answer = await alice.wait_for_message(bot.user_id, "Nudges are off")
    assert answer["room_id"] != room and "Nudges are off" in body(answer)
    try:
        await alice.get_state(answer["room_id"], "m.room.encryption")
    except MNotFound:
        pass
    else:
        raise AssertionError("the private room was encrypted")
