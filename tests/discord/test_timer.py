"""The real timer path on Discord (through the fake HTTP layer): work happens with nobody typing."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.clock import OffsetClock
from tests.discord import payloads as p
from tests.discord.conftest import running

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday
RATE = 20.0  # a bot minute is 3 real seconds
ON_TIME = 1.0  # real seconds


@pytest.mark.asyncio
async def test_closes_a_reminder_and_the_digest_happen_on_time_with_nobody_typing(
    tmp_path: Path,
) -> None:
    """Polls closing at 09:01 and 09:02, a reminder at 09:03, the digest at 09:04: on time."""
    clock = OffsetClock(START, RATE)
    began = time.monotonic()
    groups = {"timezone": "UTC", "reminder_hours": 1, "digest_time": "09:04"}
    async with running(tmp_path, clock=clock, groups=groups) as app:
        await app.slash("me show", user=p.OWNER_ID)  # the owner is known: the digest is theirs
        for question, closes in (("Q1", "09:01"), ("Q2", "09:02"), ("Q3", "10:03")):
            await app.slash(
                "poll create", question=question, option1="A", option2="B", closes=closes
            )
        seen: dict[str, float] = {}
        steps = {
            "Results of poll 1": (p.GENERAL_ID, 1),  # where, and minutes after 09:00
            "Results of poll 2": (p.GENERAL_ID, 2),
            "A poll is closing soon": (p.OWNER_ID, 3),
            "Weekly digest": (p.OWNER_ID, 4),
        }
        deadline = began + (4 * 60 + 20) / RATE
        while len(seen) < len(steps) and time.monotonic() < deadline:
            for marker, (where, _) in steps.items():
                found = (
                    app.fd.channel_messages(where) if where == p.GENERAL_ID else app.fd.dms(where)
                )
                if marker not in seen and any(marker in str(m) for m in found):
                    seen[marker] = time.monotonic() - began
            await asyncio.sleep(0.02)
    for marker, (_, minutes) in steps.items():
        due = minutes * 60 / RATE
        assert marker in seen, f"{marker!r} never came"
        assert due - 0.05 <= seen[marker] <= due + ON_TIME, (marker, seen[marker], due)
