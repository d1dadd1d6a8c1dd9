"""Start-up with 100,000 pending meeting reminders across 1,000 groups: re-arming them.

Run: .venv/bin/python -m benchmarks.reminders [REMINDERS] [GROUPS]

The bot's start (the scheduler reading every pending row and arming its timer) is timed
beside reading the same rows with bare aiosqlite in the same run; memory is the peak
Python allocation (tracemalloc) during each. Goal: at most 2x the bare read, under 2 s.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.clock import OffsetClock
from bot.core.members import Members
from bot.core.scheduler import Scheduler
from bot.core.settings import SettingsRegistry
from cogs.meetings._settings import REMIND
from storage.db import Database

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a fixed start: the figures never depend on today


async def fill(path: Path, reminders: int, groups: int) -> None:
    """A database as the bot would leave it: groups, and pending reminder rows for each."""
    db = await Database.open(path)
    await db.close()
    now = START
    async with aiosqlite.connect(path) as conn:
        await conn.executemany(
            "INSERT INTO groups (id, name, created_at) VALUES (?, ?, ?)",
            [(f"bench:{g}", f"group {g}", now.isoformat()) for g in range(groups)],
        )
        rows = []
        for i in range(reminders):
            start = now + timedelta(days=2 + i % 60, minutes=i % 1440)
            lead = "24h" if i % 2 else "1h"
            due = start - (timedelta(hours=24) if lead == "24h" else timedelta(hours=1))
            ref = f"meeting:{i // 2}:{start:%Y-%m-%dT%H:%M}:{lead}"
            group = f"bench:{i % groups}"
            rows.append((group, REMIND, ref, due.isoformat(), start.isoformat()))
        await conn.executemany(
            "INSERT INTO scheduled (group_id, kind, ref, due_at, stale_at) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        await conn.commit()


async def bare_read(path: Path) -> int:
    """The baseline: the same pending rows, read with nothing on top."""
    async with (
        aiosqlite.connect(path) as conn,
        conn.execute("SELECT * FROM scheduled WHERE done_at IS NULL ORDER BY due_at, id") as cur,
    ):
        return len(list(await cur.fetchall()))


async def rearm(path: Path) -> int:
    """The bot's start-up of its scheduler: read every pending row, arm every timer."""
    db = await Database.open(path, migrate=False)
    clock = OffsetClock(START)  # moves by itself, from the same fixed start as the rows
    scheduler = Scheduler(db, clock, Members(db, clock, SettingsRegistry(), {}))

    async def nothing(_: Any) -> None:
        return None

    scheduler.register(REMIND, nothing)
    await scheduler.start(keep_time=True)
    armed = scheduler.armed
    await scheduler.stop()
    await db.close()
    return armed


async def measure(run: Callable[[], Awaitable[int]]) -> tuple[float, float, int]:
    """Seconds, peak MiB and the count a step returned."""
    tracemalloc.start()
    began = time.perf_counter()
    count = await run()
    took = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return took, peak / 2**20, count


async def main(reminders: int, groups: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        await fill(path, reminders, groups)
        bare = await measure(lambda: bare_read(path))
        bot = await measure(lambda: rearm(path))
        print(f"{reminders} pending reminders in {groups} groups")
        print(f"bare aiosqlite read : {bare[0]:.3f} s, peak {bare[1]:.1f} MiB, {bare[2]} rows")
        print(f"bot re-arm at start : {bot[0]:.3f} s, peak {bot[1]:.1f} MiB, {bot[2]} timers")
        print(f"ratio               : {bot[0] / bare[0]:.3f}x the bare read (goal <= 2x, < 2 s)")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
                     int(sys.argv[2]) if len(sys.argv) > 2 else 1_000))  # fmt: skip
