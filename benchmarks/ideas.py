"""`!idea list --sort support` over 10,000 ideas with 100,000 supports, beside the bare query.

Run: .venv/bin/python -m benchmarks.ideas [--ideas N] [--supports M] [--rounds R]
Both read the same file in the same process; the goal is the command at most 2x the query.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import aiosqlite

from storage.sqlite import PRAGMAS
from tests.harness import GROUP_ID, Harness

# The fastest plain query for the same answer (an index lookup of supports per idea); a
# GROUP BY join over all supports is slower still (about 50 ms here).
BARE = (
    "SELECT i.id, i.text, i.status,"
    " (SELECT count(*) FROM idea_supports s WHERE s.idea_id = i.id) AS supports"
    " FROM ideas i WHERE i.group_id = ? ORDER BY supports DESC, i.id DESC LIMIT 25"
)


def fill(path: Path, ideas: int, supports: int) -> None:
    """Write the ideas and supports straight into the bot's own tables."""
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    now = "2026-11-30T09:00:00+00:00"
    conn.executemany(
        "INSERT INTO ideas (id, group_id, channel_id, author_id, anonymous, text, status,"
        " created_at, changed_at) VALUES (?, ?, 'general', ?, 0, ?, 'proposed', ?, ?)",
        [(i, GROUP_ID, f"p{i % 200}", f"Idea number {i}", now, now) for i in range(1, ideas + 1)],
    )
    pairs = {(rng.randint(1, ideas), f"p{rng.randint(0, 999)}") for _ in range(supports)}
    conn.executemany(
        "INSERT INTO idea_supports (idea_id, user_id, created_at) VALUES (?, ?, ?)",
        [(i, u, now) for i, u in pairs],
    )
    conn.commit()
    conn.close()


async def main(ideas: int, supports: int, rounds: int) -> None:
    """Time both, alternating, and print the medians and their ratio."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ideas.sqlite3"
        h = await Harness(path).start()
        await h.close()
        fill(path, ideas, supports)
        h = await Harness(path).start()
        conn = await aiosqlite.connect(path, isolation_level=None)
        for pragma in PRAGMAS:
            await conn.execute(pragma)
        command, bare = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            reply = await h.say("olivia", "!idea list --sort support")
            command.append(time.perf_counter() - start)
            start = time.perf_counter()
            async with conn.execute(BARE, (GROUP_ID,)) as cur:
                rows = list(await cur.fetchall())
            bare.append(time.perf_counter() - start)
        assert not reply.error and len(rows) == 25
        await conn.close()
        await h.close()
    c, b = statistics.median(command) * 1000, statistics.median(bare) * 1000
    print(f"{ideas} ideas, {supports} supports, {rounds} rounds each, medians:")
    print(f"bare SQL (top 25 by support)      {b:8.2f} ms")
    print(f"!idea list --sort support          {c:8.2f} ms")
    print(f"ratio: {c / b:.2f}x   goal: at most 2x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(main(args.ideas, args.supports, args.rounds))
