"""Languages on Matrix: a Welsh reader in an English room is told privately in Welsh."""

from __future__ import annotations

from datetime import timedelta

from tests.matrix.helpers import body, group_room


async def test_a_welsh_reader_gets_welsh_privately_and_the_room_stays_english(people, bots):
    """bob chose Welsh: his vote's confirmation and reminder come in Welsh, the room's in English."""
    bot = await bots()
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    bob = await people("bob", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [bob])

    await bob.say(room, "!me language cy")
    chosen = await bob.wait_for_message(bot.user_id, "Mae'r bot yn ysgrifennu atoch chi")
    assert chosen["room_id"] != room
    assert body(chosen).startswith(
        "Mae'r bot yn ysgrifennu atoch chi'n breifat yn yr iaith hon nawr: Cymraeg."
    )

    await alice.say(room, '!poll create "Picnic?" Yes No --closes "in 3 days"')
    posted = await alice.wait_for_message(bot.user_id, "Poll 1: Picnic?", room)
    assert "Vote by typing !poll vote 1 CHOICE." in body(posted)
    await bob.say(room, "!poll vote 1 1")
    confirmation = await bob.wait_for_message(bot.user_id, "Mae eich pleidlais")
    assert confirmation["room_id"] == chosen["room_id"]
    assert body(confirmation) == (
        "Mae eich pleidlais ym mhôl 1 wedi'i chofnodi: Yes. Gallwch ei newid nes i'r pôl gau."
    )

    await alice.say(room, '!poll create "Which room?" Hall Library --closes "in 3 days"')
    await alice.wait_for_message(bot.user_id, "Poll 2: Which room?", room)
    bot.clock.advance(timedelta(days=2, hours=1))  # Wednesday 10:00, a day before the close
    await bot.bot.settle()

    nudge = await bob.wait_for_message(bot.user_id, "Mae pôl yn cau cyn bo hir")
    assert nudge["room_id"] == chosen["room_id"]
    assert (
        "Mae pôl 2, Which room?, yn cau Iau 03 Rhag 2026, 09:00 UTC (ymhen 23 awr) a dydych chi "
        "ddim wedi pleidleisio eto." in body(nudge)
    )
    english = await alice.wait_for_message(bot.user_id, "A poll is closing soon")
    assert "closes Thu 03 Dec 2026, 09:00 UTC (in 23 hours)" in body(english)
