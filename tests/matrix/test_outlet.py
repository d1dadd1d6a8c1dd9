"""Delivery on Matrix: living messages, discussion threads, and DM rooms kept or remade."""

from __future__ import annotations

import asyncio
import shutil

from bot.core.model import Reply
from bot.core.outlet import Handle
from bot.platforms.matrix.crypto import crypto_path
from tests.matrix.helpers import body, group_room, replies_to, wait_until


async def recorded(bot, group_id: str, key: str) -> Handle:
    """The handle the bot records for a keyed answer (just after people can see it)."""
    for _ in range(200):
        handle = await bot.bot.posting.handle(group_id, key)
        if handle is not None:
            return handle
        await asyncio.sleep(0.05)
    raise AssertionError(f"nothing recorded under {key}")


async def test_poll_thread_opens_on_the_poll_message(people, bots):
    """With poll_threads on, the poll message gets a first message in an m.thread under it."""
    bot = await bots()
    alice = await people("alice")
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!settings set poll_threads on")
    await alice.wait_for_message(bot.user_id, "poll_threads is now on", room)

    create = await alice.say(room, '!poll create "Where to meet?" Library Cafe')
    poll = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == create
    )
    opener = await alice.wait_for(
        lambda e: (e.get("content") or {}).get("m.relates_to", {}).get("rel_type") == "m.thread"
    )
    assert opener["content"]["m.relates_to"]["event_id"] == poll["event_id"]
    assert "Poll 1: Where to meet?" in body(opener)
    handle = await recorded(bot, "matrix:" + room, "poll:1")
    assert handle.message_ref == poll["event_id"] and handle.channel_id == room


async def test_dm_room_in_m_direct_is_reused_after_losing_sqlite(people, bots, synapse, tmp_path):
    """A bot on a fresh database finds its DM room in m.direct and does not make it a group."""
    account = await synapse.aregister_user("coprod_direct")
    first = await bots(account, db_name="one.sqlite3")
    alice = await people("alice", accept_dms_from=(account.user_id,))
    room = await group_room(alice, account.user_id, [])
    await alice.say(room, "!help")
    dm = (await alice.wait_for_message(account.user_id, "Commands"))["room_id"]
    await first.stop()
    # The group file is lost; the device's keys (their own file) are kept.
    shutil.copy(crypto_path(tmp_path / "one.sqlite3"), crypto_path(tmp_path / "two.sqlite3"))

    second = await bots(account, db_name="two.sqlite3")
    await alice.say(room, "!help poll")
    again = await alice.wait_for_message(account.user_id, "!poll commands")
    assert again["room_id"] == dm
    assert await second.bot.groups.get("matrix:" + dm) is None
    assert await second.bot.groups.get("matrix:" + room) is not None


async def test_leaving_the_dm_room_makes_the_next_one_new(people, bots):
    """When someone leaves their DM room the bot leaves too and later makes a new one."""
    bot = await bots()
    alice = await people("alice")
    alice.accept_invites_from.add(bot.user_id)
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!help")
    dm = (await alice.wait_for_message(bot.user_id, "Commands"))["room_id"]

    await alice.api.leave_room(dm)
    await wait_until(lambda: alice.user_id not in bot.platform.outlet.dm_by_user)
    await alice.say(room, "!help poll")
    again = await alice.wait_for_message(bot.user_id, "!poll commands")
    assert again["room_id"] != dm
    assert dm not in await bot.platform.client.joined_rooms()


async def test_a_feature_posts_into_the_polls_thread(people, bots):
    """posting.in_thread sends an m.thread reply rooted at the poll message."""
    bot = await bots()
    alice = await people("alice")
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!settings set poll_threads on")
    await alice.wait_for_message(bot.user_id, "poll_threads is now on", room)
    create = await alice.say(room, '!poll create "Where to meet?" Library Cafe')
    poll = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == create
    )
    handle = await recorded(bot, "matrix:" + room, "poll:1")
    assert handle.thread_ref == poll["event_id"]
    await bot.bot.posting.in_thread("matrix:" + room, "poll:1", Reply("Status: adopted"))
    status = await alice.wait_for_message(bot.user_id, "Status: adopted", room)
    relates = status["content"]["m.relates_to"]
    assert relates["rel_type"] == "m.thread" and relates["event_id"] == poll["event_id"]


async def test_a_thread_on_an_event_the_server_does_not_know_falls_back_to_the_room(
    people, bots, caplog
):
    """A thread root Synapse refuses (400): the status goes to the room, and the log says so."""
    bot = await bots()
    alice = await people("alice")
    room = await group_room(alice, bot.user_id, [])
    gone = Handle(room, "$gone0000000000000000000000000000000000000:localhost")
    await bot.bot.group("matrix:" + room)  # known now, not only once the bot has synced
    await bot.bot.posting.answered("matrix:" + room, "idea:1", gone)
    await bot.bot.posting.in_thread("matrix:" + room, "idea:1", Reply("Adopted"))
    await bot.bot.settle()
    status = await alice.wait_for_message(bot.user_id, "Adopted", room)
    assert "m.relates_to" not in status["content"]
    assert "posting in the room instead" in caplog.text
