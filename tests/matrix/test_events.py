"""Room events: invites from allowed people, members, history not replayed."""

from __future__ import annotations

from bot.core.events import MemberJoined
from bot.platforms.matrix.events import fresh_join_index, group_id_of, inviter_allowed
from tests.matrix.helpers import body, group_room


def test_allowlist_takes_user_ids_and_server_names():
    """A listed user or server is allowed; an empty list means the bot's own server."""
    assert inviter_allowed("@ann:example.org", ("example.org",), "hs")
    assert inviter_allowed("@ann:example.org", ("@ann:example.org",), "hs")
    assert not inviter_allowed("@bob:example.org", ("@ann:example.org",), "hs")
    assert not inviter_allowed("@ann:evil.org", ("example.org",), "hs")
    assert inviter_allowed("@ann:hs", (), "hs")
    assert not inviter_allowed("@ann:other", (), "hs")
    assert not inviter_allowed("", (), "hs")


def test_history_before_the_bots_own_join_is_skipped():
    """Only events after the bot's new join are acted on; a name change is not a join."""
    me = "@bot:hs"
    join = {"type": "m.room.member", "state_key": me, "content": {"membership": "join"}}
    rename = {**join, "unsigned": {"prev_content": {"membership": "join"}}}
    msg = {"type": "m.room.message", "content": {"body": "!help"}}
    assert fresh_join_index([msg, join, msg], me) == 2
    assert fresh_join_index([msg, rename, msg], me) == 0
    assert fresh_join_index([msg], me) == 0


async def test_joins_when_an_allowed_person_invites_and_registers_members(people, bots, synapse):
    """Invited by an allowed user, the bot joins; members are recorded, newcomers announced."""
    alice = await people("alice")
    bot = await bots(allowlist=(alice.user_id,))
    joined = []

    async def on_member_joined(event):
        joined.append((event.group_id, event.user.id))

    bot.bot.events.listen(MemberJoined, on_member_joined)
    bob = await people("bob")
    room = await alice.create_room("Allowed", [bob.user_id])
    await bob.join(room)
    await alice.api.invite_user(room, bot.user_id)
    await alice.wait_for_membership(room, bot.user_id, "join")
    carol = await people("carol")
    await alice.api.invite_user(room, carol.user_id)
    await carol.join(room)
    await alice.say(room, "!poll list")  # handled after carol's join: she is known by then
    await alice.wait_for_message(bot.user_id, "No polls are open", room)

    group = await bot.bot.groups.get(group_id_of(room))
    assert group is not None and group.name == "Allowed"
    members = {m.user_id for m in await bot.bot.groups.members(group_id_of(room))}
    assert members == {alice.user_id, bob.user_id, carol.user_id}
    # Only carol joined after the bot; the others were already there.
    assert joined == [(group_id_of(room), carol.user_id)]


async def test_refuses_an_invite_from_someone_not_allowed(people, bots):
    """An invite from a person not on the allowlist is rejected, and no group is made."""
    alice = await people("alice")
    bot = await bots(allowlist=(alice.user_id,))
    mallory = await people("mallory")
    room = await mallory.create_room("Not allowed", [bot.user_id])

    await mallory.wait_for_membership(room, bot.user_id, "leave")
    assert await bot.bot.groups.get(group_id_of(room)) is None
    assert room not in await bot.platform.client.joined_rooms()


async def test_member_who_leaves_the_room_is_forgotten(people, bots):
    """Someone who leaves the group's room no longer counts as a member."""
    bot = await bots()
    alice = await people("alice")
    bob = await people("bob")
    room = await group_room(alice, bot.user_id, [bob])
    await alice.say(room, "!poll list")
    await alice.wait_for_message(bot.user_id, "No polls are open", room)
    members = {m.user_id for m in await bot.bot.groups.members(group_id_of(room))}
    assert bob.user_id in members
    await bob.api.leave_room(room)
    await alice.say(room, '!poll create "Still here?" Yes No')  # handled after bob's leave
    poll = await alice.wait_for_message(bot.user_id, "Poll 1: Still here?", room)
    members = {m.user_id for m in await bot.bot.groups.members(group_id_of(room))}
    assert members == {alice.user_id}
    assert "0 of 1 member has voted" in body(poll)
