"""Device trust and key backup from the recovery key, on the real Synapse.

The bot's device is cross-signed by its own self-signing key (checked with vodozemac, not
the bot's code); a bot that lost its crypto file and signs in as a new device restores the
room keys from the backup and reads a message sent before that device existed.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote

from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.types import UserID
from vodozemac import Ed25519PublicKey, Ed25519Signature

from bot.platforms.matrix.backup import new_recovery_key
from bot.platforms.matrix.crypto import crypto_path
from tests.matrix.e2ee_client import was_encrypted
from tests.matrix.helpers import unique
from tests.matrix.synapse import RegisteredUser


def signed_by(obj: dict, user_id: str, key_id: str, public_key: str) -> bool:
    """Whether a signed JSON object carries a valid signature by the given ed25519 key."""
    signature = ((obj.get("signatures") or {}).get(user_id) or {}).get(f"ed25519:{key_id}")
    if signature is None:
        return False
    rest = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    canonical = json.dumps(rest, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    try:
        Ed25519PublicKey.from_base64(public_key).verify_signature(
            canonical.encode(), Ed25519Signature.from_base64(signature)
        )
    except Exception:
        return False
    return True


async def cross_signed(api: ClientAPI, user_id: str, device_id: str) -> bool:
    """The device's keys are signed by the user's self-signing key, itself signed by the master."""
    keys = await api.api.request(Method.POST, Path.v3.keys.query, {"device_keys": {user_id: []}})
    master = keys["master_keys"][user_id]
    self_signing = keys["self_signing_keys"][user_id]
    (master_key,) = master["keys"].values()
    (ssk,) = self_signing["keys"].values()
    device = keys["device_keys"][user_id][device_id]
    return signed_by(self_signing, user_id, master_key, master_key) and signed_by(
        device, user_id, ssk, ssk
    )


async def new_device(base_url: str, user: RegisteredUser) -> RegisteredUser:
    """Sign in again with the password: a new device with a new access token."""
    api = ClientAPI(UserID(user.user_id), base_url=base_url)
    try:
        login = await api.login(identifier=UserID(user.user_id), password=user.password)
    finally:
        await api.api.session.close()
    return RegisteredUser(user.user_id, login.access_token, user.password, str(login.device_id))


async def a_poll_in_a_secret_room(secret_people, bot, account: RegisteredUser):
    """alice makes an encrypted room with the bot and a poll in it: room keys on both sides."""
    alice = await secret_people("alice", accept_dms_from=(account.user_id,))
    room = await alice.create_room("Group", [account.user_id])
    await alice.wait_for_membership(room, account.user_id, "join")
    await alice.say(room, '!poll create "Which evening?" Monday Tuesday')
    await alice.wait_for_message(account.user_id, "Poll 1: Which evening?", room)
    await bot.bot.settle()
    return alice, room


async def test_a_new_device_restores_room_keys_and_reads_what_came_before(
    secret_people, bots, synapse, tmp_path
):
    """Cross-signed on each start; its crypto file lost, a new device reads an older message."""
    recovery = new_recovery_key()
    account = await synapse.aregister_user(unique("coprod_backup"))
    first = await bots(account, db_name="moved.sqlite3", recovery_key=recovery)
    old_device = first.platform.client.device_id
    assert await cross_signed(first.platform.client.api, account.user_id, old_device)
    alice, room = await a_poll_in_a_secret_room(secret_people, first, account)
    await first.stop()
    crypto_path(tmp_path / "moved.sqlite3").unlink()  # the device's keys are lost

    # Encrypted with the room key the old device had: the new one can only get it from backup.
    await alice.say(room, "!poll vote 1 2")
    moved = await new_device(synapse.base_url, account)
    second = await bots(moved, db_name="moved.sqlite3", recovery_key=recovery)
    assert second.platform.client.device_id != old_device
    confirmation = await alice.wait_for_message(
        account.user_id, "Your vote on poll 1 is in: Tuesday"
    )
    assert not confirmation.get("e2ee.unreadable")
    assert await cross_signed(second.platform.client.api, account.user_id, moved.device_id)
    await alice.say(room, "!poll list")  # and it still writes: the answer is encrypted
    answer = await alice.wait_for_message(account.user_id, "Which evening?", room)
    assert was_encrypted(answer)


def room_keys(synapse, token: str, room: str) -> str:
    """The address of a room's keys in the account's current key backup."""
    status, current = synapse.request_json(
        "GET", "/_matrix/client/v3/room_keys/version", None, token
    )
    assert status == 200, current
    return f"/_matrix/client/v3/room_keys/keys/{quote(room)}?version={current['version']}"


def backed_up(synapse, token: str, room: str) -> set[str]:
    """The ids of a room's keys in the account's current backup, as the homeserver holds them."""
    status, body = synapse.request_json("GET", room_keys(synapse, token, room), None, token)
    if status == 404:
        return set()
    assert status == 200, body
    return set(body.get("sessions") or {})


async def test_a_room_key_the_backup_lacks_is_backed_up_at_the_next_start(
    secret_people, bots, synapse
):
    """A key received but not backed up (a crash between the two) reaches the backup at start.

    The test makes that state for real: it deletes the room's keys from the server's backup,
    which then lacks a key the bot's store holds, as it would after such a crash.
    """
    recovery = new_recovery_key()
    account = await synapse.aregister_user(unique("coprod_catch_up"))
    token = account.access_token
    first = await bots(account, db_name="kept.sqlite3", recovery_key=recovery)
    _, room = await a_poll_in_a_secret_room(secret_people, first, account)
    held = await asyncio.to_thread(backed_up, synapse, token, room)
    assert len(held) == 2  # alice's room key and the bot's own (it answered), as they came
    await first.stop()
    status, body = synapse.request_json("DELETE", room_keys(synapse, token, room), None, token)
    assert status == 200, body
    assert await asyncio.to_thread(backed_up, synapse, token, room) == set()

    again = await bots(account, db_name="kept.sqlite3", recovery_key=recovery)  # same device
    assert again.platform.client.device_id == first.platform.client.device_id
    assert await asyncio.to_thread(backed_up, synapse, token, room) == held
