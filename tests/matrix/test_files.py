"""Files on Matrix: uploaded to the real Synapse's media repository and sent as m.file."""

from __future__ import annotations

import json

from mautrix.types import ContentURI

from tests.matrix.helpers import group_room


async def test_me_export_arrives_as_a_file_in_the_dm_room(people, bots):
    """`!me export` sends m.file with size and mimetype; downloading it gives the same JSON."""
    bot = await bots()
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!me timezone Europe/Berlin")
    await alice.wait_for_message(bot.user_id, "Your time zone is now Europe/Berlin")
    await alice.say(room, "!me export")
    sent = await alice.wait_for(
        lambda e: (
            e.get("sender") == bot.user_id and (e.get("content") or {}).get("msgtype") == "m.file"
        )
    )
    content = sent["content"]
    assert sent["room_id"] != room  # privately, in the DM room
    assert content["body"] == "my-data.json"
    assert content["info"]["mimetype"] == "application/json"
    data = await alice.api.download_media(ContentURI(content["url"]))
    assert content["info"]["size"] == len(data)
    exported = json.loads(data)
    assert exported["user_id"] == alice.user_id
    assert exported["groups"][0]["profile"]["timezone"] == "Europe/Berlin"


async def test_a_file_over_the_upload_limit_is_named_not_sent(people, bots):
    """Over the homeserver's m.upload.size, a notice says so instead of a failed upload."""
    bot = await bots()
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!me nudges off")
    await alice.wait_for_message(bot.user_id, "Nudges are off")
    limit = await bot.platform.client.upload_limit()
    assert limit is not None and limit > 0
    bot.platform.client._upload_limit = 10  # as if the homeserver took 10 bytes at most
    await alice.say(room, "!me export")
    notice = await alice.wait_for(
        lambda e: (
            e.get("sender") == bot.user_id
            and "upload limit" in (e.get("content") or {}).get("body", "")
        )
    )
    assert "my-data.json" in notice["content"]["body"]
