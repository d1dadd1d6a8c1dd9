"""Organisers on Matrix are known from the room's power levels, before any of them types.

The first weekly digest of a new group reaches its organisers: the room's creator (power 100
in Synapse's default power levels) and anyone raised to the configured organiser level later,
none of whom has used a command.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from bot.core.clock import ManualClock
from tests.matrix.helpers import body, group_room

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # the first digest: Monday 7 December 09:00
NEXT_DIGEST = timedelta(days=7, minutes=1)


async def test_the_room_creator_who_never_typed_gets_the_first_digest(people, bots):
    """Alice made the room (power 100) and typed nothing: the weekly digest reaches her."""
    bot = await bots(clock=ManualClock(MONDAY))
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    bob = await people("bob")
    room = await group_room(alice, bot.user_id, [bob])
    await bob.say(room, '!idea add "Open the drop-in on Saturdays"')  # bob: a participant
    await bob.wait_for_message(bot.user_id, "Idea 1: Open the drop-in on Saturdays", room)

    bot.clock.advance(NEXT_DIGEST)
    await bot.bot.settle()
    digest = await alice.wait_for_message(bot.user_id, "Weekly digest: Group")
    assert digest["room_id"] != room  # privately, in her DM room
    assert "Open the drop-in on Saturdays" in body(digest)


async def test_a_member_raised_to_the_configured_organiser_level_gets_the_digest(people, bots):
    """With organiser_power 50, Bob raised from 0 to 50 (never typing) gets the digest."""
    bot = await bots(clock=ManualClock(MONDAY))
    router = bot.platform.router
    router.config = dataclasses.replace(router.config, facilitator_power=10, organiser_power=50)
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [bob])

    levels = await alice.get_state(room, "m.room.power_levels")
    levels["users"][bob.user_id] = 50
    await alice.set_state(room, "m.room.power_levels", levels)
    # The bot takes in room state in order: once this later command is answered, it has
    # taken in the new levels too.
    await alice.say(room, "!poll list")
    await alice.wait_for_message(bot.user_id, "No polls are open", room)

    bot.clock.advance(NEXT_DIGEST)
    await bot.bot.settle()
    digest = await bob.wait_for_message(bot.user_id, "Weekly digest: Group")
    assert digest["room_id"] != room
