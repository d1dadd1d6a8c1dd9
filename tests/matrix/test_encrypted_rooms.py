"""Encrypted rooms: the bot stays, keys go only to members' devices, and a restart keeps its device."""

from __future__ import annotations

import pytest

from bot.core.errors import ConfigError
from bot.platforms.matrix.crypto import crypto_path
from tests.matrix.e2ee_client import SESSION, was_encrypted
from tests.matrix.helpers import unique


async def test_a_room_that_turns_encryption_on_keeps_its_bot(secret_people, bots):
    """Encryption turned on later: the bot stays, reads the next command, answers encrypted."""
    bot = await bots()
    alice = await secret_people("alice")
    room = await alice.create_room("Group", [bot.user_id], encrypted=False)
    await alice.wait_for_membership(room, bot.user_id, "join")
    await alice.say(room, "!poll list")
    plain = await alice.wait_for_message(bot.user_id, "No polls are open", room)
    assert not was_encrypted(plain)

    await alice.set_state(room, "m.room.encryption", {"algorithm": "m.megolm.v1.aes-sha2"})
    await alice.wait_for(lambda e: e.get("type") == "m.room.encryption" and e["room_id"] == room)
    await alice.say(room, '!poll create "Still here?" Yes No')
    poll = await alice.wait_for_message(bot.user_id, "Poll 1: Still here?", room)
    assert was_encrypted(poll)
    assert bot.user_id in await bot.platform.client.api.get_joined_members(room)


async def test_someone_who_left_gets_no_key_for_what_is_sent_after(secret_people, bots):
    """The room key is shared with members' devices; bob leaves and the next one skips him."""
    bot = await bots()
    alice = await secret_people("alice")
    bob = await secret_people("bob")
    room = await alice.create_room("Group", [bot.user_id, bob.user_id])
    await bob.join(room)
    await alice.wait_for_membership(room, bot.user_id, "join")
    await alice.say(room, '!poll create "Before?" Yes No')
    before = await bob.wait_for_message(bot.user_id, "Poll 1: Before?", room)
    assert was_encrypted(before)
    assert bob.has_room_key(room, before[SESSION])

    await bob.nio.room_leave(room)
    await alice.wait_for_membership(room, bob.user_id, "leave")
    await alice.say(room, '!poll create "After?" Yes No')
    after = await alice.wait_for_message(bot.user_id, "Poll 2: After?", room)
    assert was_encrypted(after)
    assert after[SESSION] != before[SESSION]
    assert not bob.has_room_key(room, after[SESSION])
    assert alice.has_room_key(room, after[SESSION])


async def test_a_restart_keeps_the_device_and_its_keys(secret_people, bots, synapse):
    """Stopped and started on the same files: same device and identity key, still reads and writes."""
    account = await synapse.aregister_user(unique("coprod_e2ee"))
    first = await bots(account, db_name="kept.sqlite3", encrypt_private_rooms=True)
    device, key = first.platform.client.device_id, first.platform.encryption.identity_key
    alice = await secret_people("alice")
    bob = await secret_people("bob", accept_dms_from=(account.user_id,))
    room = await alice.create_room("Group", [account.user_id, bob.user_id])
    await bob.join(room)
    await alice.wait_for_membership(room, account.user_id, "join")
    await alice.say(room, '!poll create "Which evening?" Monday Tuesday')
    await alice.wait_for_message(account.user_id, "Poll 1: Which evening?", room)
    await first.stop()

    second = await bots(account, db_name="kept.sqlite3", encrypt_private_rooms=True)
    assert second.platform.client.device_id == device
    assert second.platform.encryption.identity_key == key
    await bob.say(room, "!poll vote 1 2")  # bob's room key was shared before the restart
    confirmation = await bob.wait_for_message(account.user_id, "Your vote on poll 1 is in: Tuesday")
    assert was_encrypted(confirmation)  # in his new private room, made after the restart
    edit = await alice.wait_for(
        lambda e: "1 of 2 members has voted" in str(e.get("content")) and e["room_id"] == room
    )
    assert was_encrypted(edit)
    devices = await second.platform.client.api.query_keys([account.user_id])
    assert list(devices.device_keys[account.user_id]) == [device]


async def test_a_lost_crypto_file_with_the_same_token_is_refused_clearly(bots, synapse, tmp_path):
    """The old device's keys are gone: starting it again is refused, saying to make a new token."""
    account = await synapse.aregister_user(unique("coprod_lost"))
    first = await bots(account, db_name="lost.sqlite3")
    await first.stop()
    crypto_path(tmp_path / "lost.sqlite3").unlink()
    with pytest.raises(ConfigError, match="Make a new access token"):
        await bots(account, db_name="lost.sqlite3")
