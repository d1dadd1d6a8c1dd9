"""Roles on Matrix come from room power levels, with thresholds from the config."""

from __future__ import annotations

from bot.core.model import Role
from bot.platforms.matrix.rooms import RoomInfo
from storage.polls import PollRepository
from tests.matrix.helpers import body, group_room, replies_to


def _room(version: str, users: dict[str, int] | None, creator: str = "@ann:hs") -> RoomInfo:
    state = [
        {
            "type": "m.room.create",
            "state_key": "",
            "sender": creator,
            "content": {"room_version": version},
        },
    ]
    if users is not None:
        state.append(
            {
                "type": "m.room.power_levels",
                "state_key": "",
                "sender": creator,
                "content": {"users": users, "users_default": 0},
            }
        )
    return RoomInfo.from_state("!r:hs", state)


def test_power_levels_map_to_roles_by_threshold():
    """50 and up is a facilitator, 100 and up an organiser, by default thresholds."""
    room = _room("10", {"@ann:hs": 100, "@fay:hs": 50, "@pat:hs": 49})
    assert room.role_of("@ann:hs", 50, 100) is Role.ORGANISER
    assert room.role_of("@fay:hs", 50, 100) is Role.FACILITATOR
    assert room.role_of("@pat:hs", 50, 100) is Role.PARTICIPANT
    assert room.role_of("@new:hs", 50, 100) is Role.PARTICIPANT
    assert room.role_of("@fay:hs", 40, 50) is Role.ORGANISER


def test_room_v12_creators_outrank_power_levels():
    """In room version 12 the creator is not listed in power levels but has all power."""
    room = _room("12", {"@fay:hs": 50})
    assert room.role_of("@ann:hs", 50, 100) is Role.ORGANISER
    old = _room("10", {"@fay:hs": 50})
    assert old.role_of("@ann:hs", 50, 100) is Role.PARTICIPANT


def test_no_power_levels_event_gives_the_creator_100():
    """Without a power levels event the creator has 100 and others 0."""
    room = _room("10", None)
    assert room.role_of("@ann:hs", 50, 100) is Role.ORGANISER
    assert room.role_of("@bob:hs", 50, 100) is Role.PARTICIPANT


async def test_facilitator_command_refused_at_power_0_then_allowed_at_50(people, bots):
    """`!poll create` needs a facilitator: power 0 is refused privately, power 50 may."""
    bot = await bots()
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [bob])

    await bob.say(room, '!poll create "Snacks?" Yes No')
    refusal = await bob.wait_for_message(bot.user_id, "Only a facilitator or above")
    assert refusal["room_id"] != room
    assert "you are a participant" in body(refusal)
    assert await PollRepository(bot.bot.db.reader).open_polls("matrix:" + room) == []

    levels = await alice.get_state(room, "m.room.power_levels")
    levels["users"][bob.user_id] = 50
    await alice.set_state(room, "m.room.power_levels", levels)
    command = await bob.say(room, '!poll create "Snacks?" Yes No')
    poll = await bob.wait_for(lambda e: e.get("sender") == bot.user_id and replies_to(e) == command)
    assert "Poll 1: Snacks?" in body(poll)
