"""Nudges on Matrix: a poll closing soon DMs the members who have not voted."""

from __future__ import annotations

from datetime import timedelta

from tests.matrix.helpers import body, group_room


async def test_non_voter_is_nudged_in_a_dm_and_voter_is_not(people, bots):
    """After the clock passes the reminder time, only people who have not voted get a DM."""
    bot = await bots()
    alice = await people("alice")
    bob, carol = [await people(n, accept_dms_from=(bot.user_id,)) for n in ("bob", "carol")]
    room = await group_room(alice, bot.user_id, [bob, carol])

    await alice.say(room, '!poll create "Picnic?" Yes No --closes "in 3 days"')
    await alice.wait_for_message(bot.user_id, "Poll 1: Picnic?", room)
    await bob.say(room, "!poll vote 1 1")
    confirmation = await bob.wait_for_message(bot.user_id, "Your vote on poll 1 is in")

    bot.clock.advance(timedelta(days=2, hours=1))
    await bot.bot.settle()  # the reminder (and a digest, if one fell due)

    nudge = await carol.wait_for_message(bot.user_id, "A poll is closing soon")
    assert nudge["room_id"] != room
    assert "Picnic?" in body(nudge) and "!poll vote 1 CHOICE" in body(nudge)
    # settle has returned, so every DM is on the server: bob's room holds no nudge.
    bob_dm = await bob.history(confirmation["room_id"])
    assert not [e for e in bob_dm if "closing soon" in e["content"].get("body", "")]
    dm_rooms = await bot.platform.repo.dm_rooms()
    assert set(dm_rooms) == {alice.user_id, bob.user_id, carol.user_id}
