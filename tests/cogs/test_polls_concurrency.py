"""Many people voting at once: every acknowledged ballot is counted exactly."""

from __future__ import annotations

import asyncio
import random

from bot.core.model import Role
from tests.harness import Harness


async def test_thousand_concurrent_ballots_tally_exactly(harness: Harness) -> None:
    """1,000 users vote concurrently; the tally equals what each was told was recorded."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.ok("fran", '!poll create "Which evening?" Mon Tue Wed Thu')
    rng = random.Random(7)
    picks = {f"user{i:04d}": rng.randint(1, 4) for i in range(1000)}
    for name in picks:
        h.shell.people[name] = Role.PARTICIPANT
    replies = await asyncio.gather(
        *(h.bot.handle_text(f"!poll vote 1 {p}", h.shell.invocation(n)) for n, p in picks.items())
    )
    assert not any(r.error for r in replies)
    expected = [sum(1 for p in picks.values() if p == k) for k in range(1, 5)]
    counted = [
        c
        for (c,) in h.rows(
            "SELECT count(*) FROM poll_options o LEFT JOIN ballots b ON b.poll_id = o.poll_id"
            " AND b.choices = CAST(o.position AS TEXT) GROUP BY o.position ORDER BY o.position"
        )
    ]
    assert counted == expected
    results = await h.ok("fran", "!poll results 1")
    for label, n in zip(("Mon", "Tue", "Wed", "Thu"), expected, strict=True):
        assert f"{label}: {n} votes (" in results.body
    turnout = next(f.value for f in results.fields if f.name == "Turnout")
    assert turnout == "1000 of 1002 members have voted (99%)"  # with olivia and fran
