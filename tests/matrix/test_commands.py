"""Text commands on Matrix: answered as replies, with HTML and plain bodies, or privately."""

from __future__ import annotations

from storage.polls import PollRepository
from tests.matrix.helpers import body, group_room, replies_to


async def test_public_command_is_answered_as_a_formatted_reply(people, bots):
    """`!poll list` gets an m.notice replying to the command, with HTML beside plain text."""
    bot = await bots()
    alice = await people("alice")
    room = await group_room(alice, bot.user_id, [], "Evening group")

    command = await alice.say(room, "!poll list")
    answer = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == command
    )

    content = answer["content"]
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert "No polls are open" in content["body"]
    assert "<code>!poll create</code>" in content["formatted_body"]
    assert "`" not in content["body"]


async def test_private_answer_goes_to_a_dm_room_made_once(people, bots):
    """`!help` is private: it arrives in a DM room, and a second one reuses that room."""
    bot = await bots()
    alice = await people("alice", accept_dms_from=())
    alice.accept_invites_from.add(bot.user_id)
    room = await group_room(alice, bot.user_id, [])

    await alice.say(room, "!help")
    first = await alice.wait_for_message(bot.user_id, "Commands")
    assert first["room_id"] != room
    assert "<b>Vote and decide</b>" in first["content"]["formatted_body"]

    await alice.say(room, "!help poll")
    second = await alice.wait_for_message(bot.user_id, "!poll commands")
    assert second["room_id"] == first["room_id"]
    rooms = await bot.platform.repo.dm_rooms()
    assert rooms == {alice.user_id: first["room_id"]}
    direct = await bot.platform.client.direct_rooms()
    assert direct[alice.user_id] == [first["room_id"]]
    # The bot made no other room: its rooms are the group and the one DM room.
    assert await bot.platform.client.joined_rooms() == {room, first["room_id"]}


async def test_mistyped_command_gets_a_private_refusal(people, bots):
    """An unknown command is refused privately with a suggestion, not ignored."""
    bot = await bots()
    alice = await people("alice")
    alice.accept_invites_from.add(bot.user_id)
    room = await group_room(alice, bot.user_id, [])

    await alice.say(room, "!poll lst")
    refusal = await alice.wait_for_message(bot.user_id, "There is no command")
    assert "!poll list" in body(refusal)
    assert refusal["room_id"] != room


async def test_commands_in_the_dm_room_point_back_to_the_group(people, bots):
    """A group command typed in the bot's DM room is answered with a hint, not run."""
    bot = await bots()
    alice = await people("alice")
    alice.accept_invites_from.add(bot.user_id)
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!help")
    dm = (await alice.wait_for_message(bot.user_id, "Commands"))["room_id"]

    command = await alice.say(dm, "!poll list")
    hint = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == command
    )
    assert "group's room" in body(hint)


async def test_anonymous_vote_sent_in_the_dm_room_counts_unseen(people, bots):
    """A vote typed in the DM room counts in the poll's group; the group room never sees it."""
    bot = await bots()
    alice = await people("alice")
    bob = await people("bob")
    bob.accept_invites_from.add(bot.user_id)
    room = await group_room(alice, bot.user_id, [bob])
    await alice.say(room, '!poll create "Secret?" Yes No --anonymous')
    await alice.wait_for_message(bot.user_id, "Poll 1: Secret?", room)
    await bob.say(room, "!help")
    dm = (await bob.wait_for_message(bot.user_id, "Commands"))["room_id"]

    vote = await bob.say(dm, "!poll vote 1 2")
    confirmed = await bob.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == vote
    )
    assert confirmed["room_id"] == dm and "Your vote on poll 1 is in: No" in body(confirmed)
    results = PollRepository(bot.bot.db.reader)
    assert [b.choices for b in await results.ballots(1)] == [(2,)]
    from_bob = [body(e) for e in await alice.history(room) if e.get("sender") == bob.user_id]
    assert from_bob and all("poll vote" not in text for text in from_bob)

    stranger = await bob.say(dm, "!poll vote 99 1")
    refusal = await bob.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == stranger
    )
    assert "can't find ID 99" in body(refusal)
