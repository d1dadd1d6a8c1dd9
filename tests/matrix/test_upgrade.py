"""A native poll that release 0.1.0 posted on Matrix still takes answers after the upgrade."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.clock import ManualClock
from bot.platforms.matrix.crypto import crypto_path
from storage.polls import PollRepository
from tests.matrix.helpers import POLL_START, group_room, unique
from tests.release_0_1_0 import copy_into

MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # poll 1 of the fixture is open


@pytest.mark.sqlite_file  # release 0.1.0's SQLite file
async def test_an_old_native_poll_takes_an_answer_and_an_emptied_one(
    people, bots, synapse, tmp_path: Path
):
    """Answering 0.1.0's poll votes; emptying the answer withdraws, as it did before."""
    account = await synapse.aregister_user(unique("coprod"))
    alice = await people("alice")
    first = await bots(account, db_name="first.sqlite3")
    room = await group_room(alice, first.user_id, [])
    await first.stop()
    # What 0.1.0 had sent in this room: the poll message and its native poll.
    message = await alice.say(room, "Poll 1: Which evening?")
    start = await alice.send(
        room,
        POLL_START,
        {POLL_START: {"question": {"body": "Which evening?"}, "answers": []}},
    )
    copy_into(
        tmp_path / "old.sqlite3",
        group="matrix:!r:hs",
        to_group="matrix:" + room,
        channel=room,
        polls=(1,),
        renames={
            ("matrix_polls", "room_id"): ("!r:hs", room),
            ("matrix_polls", "start_event_id"): ("$start1", start),
            ("matrix_poll_responses", "start_event_id"): ("$start1", start),
            ("posts", "channel_id"): ("!r:hs", room),
            ("posts", "message_ref"): ("$ev1", message),
        },
    )
    # The same device goes on: its keys (their own file) come along.
    shutil.copy(crypto_path(tmp_path / "first.sqlite3"), crypto_path(tmp_path / "old.sqlite3"))
    bot = await bots(account, db_name="old.sqlite3", clock=ManualClock(MONDAY))
    ballots = PollRepository(bot.bot.db.reader)

    async def alices_ballot(expected: tuple[int, ...] | None) -> None:
        """Wait until alice's ballot on poll 1 is `expected` (the bot acts after a sync)."""
        for _ in range(200):
            found = [b.choices for b in await ballots.ballots(1) if b.voter == alice.user_id]
            if (found[0] if found else None) == expected:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"alice's ballot never became {expected}")

    await alice.answer_poll(room, start, ["2"])
    await alices_ballot((2,))
    await alice.answer_poll(room, start, [])
    await alices_ballot(None)
