"""The real timer path in the shell: with nobody typing, a chain of work happens on time."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_bot
from bot.config import Config
from bot.core.clock import OffsetClock
from bot.core.model import Role
from bot.platforms.shell import ShellPlatform

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday
RATE = 20.0  # the bot's clock runs 20 times faster: a minute of it is 3 real seconds
ON_TIME = 1.0  # real seconds: how late a step may show


async def test_a_chain_of_work_happens_on_time_with_nobody_typing(tmp_path: Path) -> None:
    """Two closes (each booking its announcement), a reminder and the digest, each on time.

    Three polls are typed at 09:00 and then nothing more: poll 1 closes at 09:01, poll 2 at
    09:02 (the second close is what stalled before: a timer re-armed while the first ran),
    poll 3's reminder is due at 09:03 (an hour before its 10:03 close), the digest at 09:04.
    """
    config = Config(groups={"timezone": "UTC", "reminder_hours": 1, "digest_time": "09:04"})
    clock = OffsetClock(START, RATE)
    began = time.monotonic()  # the clock's own start is a moment before: the check is fair
    bot = await build_bot(config, clock, tmp_path / "group.sqlite3")
    seen: list[tuple[float, str]] = []
    shell = ShellPlatform(
        bot,
        clock,
        user="olivia",
        role=Role.ORGANISER,
        out=lambda t: seen.append((time.monotonic(), t)),
    )
    read, write = os.pipe()
    typed = os.fdopen(write, "w")
    running = asyncio.create_task(shell.run(os.fdopen(read)))
    for line in ("poll create Q1 A B --closes 09:01", "poll create Q2 A B --closes 09:02",
                 "poll create Q3 A B --closes 10:03"):  # fmt: skip
        typed.write(line + "\n")
        typed.flush()
    await asyncio.sleep((4 * 60 + 10) / RATE)  # past 09:04, typing nothing
    typed.close()
    await asyncio.wait_for(running, 30)
    await bot.stop()
    await bot.db.close()

    def first(marker: str) -> float:
        return next(at for at, text in seen if marker in text) - began

    steps = {
        "Results of poll 1": 1,  # minutes after 09:00
        "Results of poll 2": 2,
        "A poll is closing soon": 3,  # poll 3's reminder, privately
        "Weekly digest": 4,
    }
    for marker, minutes in steps.items():
        due = minutes * 60 / RATE
        shown = first(marker)
        assert due - 0.05 <= shown <= due + ON_TIME, (marker, round(shown, 2), due)
    dms = [text for _, text in seen if text.startswith("[DM to olivia]")]
    assert len(dms) == 2, dms  # the reminder and the digest, once each
