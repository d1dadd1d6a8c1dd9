"""The real timer path on Matrix, against the real Synapse: work happens with nobody typing."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from bot.core.clock import OffsetClock
from storage.scheduled import ScheduledRepository
from tests.matrix.helpers import body, group_room

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday
RATE = 20.0  # a bot minute is 3 real seconds
ON_TIME = 1.0  # real seconds


async def test_closes_a_reminder_and_the_digest_happen_on_time_with_nobody_typing(
    people, bots
) -> None:
    """Two closes (each booking its announcement), a reminder and the digest, each on time.

    Times are set relative to when the polls are typed (setting up the room takes a few
    real seconds, which are minutes of this clock); each step is checked against the due
    time the bot stored for it, converted to real time at the clock's rate.
    """
    clock = OffsetClock(START, RATE)
    began = time.monotonic()
    bot = await bots(clock=clock)
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!settings set reminder_hours 1")
    await alice.wait_for_message(bot.user_id, "reminder_hours")
    at = clock.now() + timedelta(minutes=5)
    await alice.say(room, f"!settings set digest_time {at:%H:%M}")
    await alice.wait_for_message(bot.user_id, "digest_time")
    for n, minutes in ((1, 2), (2, 3), (3, 64)):
        await alice.say(room, f"!poll create Q{n} A B --closes in {minutes} minutes")
        await alice.wait_for_message(bot.user_id, f"Poll {n}: Q{n}", room)

    repo = ScheduledRepository(bot.bot.db.reader)
    due = {row.kind + ":" + row.ref: row.due_at for row in await repo.pending()}
    steps = {  # what each step looks like to alice, and the row it is due by
        "Results of poll 1": due["poll_close:1"],
        "Results of poll 2": due["poll_close:2"],
        "A poll is closing soon": due["poll_reminder:3"],
        "Weekly digest": next(at for key, at in due.items() if key.startswith("digest")),
    }
    last = max(steps.values())
    await asyncio.sleep((last - clock.now()).total_seconds() / RATE + ON_TIME + 1)
    for marker, at in steps.items():
        seen = next(
            (e for e in alice.events if e.get("sender") == bot.user_id and marker in body(e)),
            None,
        )
        assert seen is not None, f"{marker!r} never came"
        came = alice.arrived[seen["event_id"]] - began
        expected = (at - START).total_seconds() / RATE
        assert expected - 0.05 <= came <= expected + ON_TIME, (marker, came, expected)
