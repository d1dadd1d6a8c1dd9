"""Weekly digests for many groups with a year of history, beside the same figures in bare SQL.

Run: .venv/bin/python -m benchmarks.digest [--groups N] [--members M]
The issue's goal: 1,000 groups of 200 members under 10 s and 200 MB. Each digest here is
composed in full (every feature's sections, participation, the chart) as organisers get it.
A year of history per group: two ideas a month with supports, two named polls a month with
40 votes each, and a weekly meeting with 15 answers and 10 attendances each time.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import aiosqlite

from cogs.digest import Digest
from storage.sqlite import PRAGMAS
from tests.harness import START, Harness

SIDES = ("service user", "provider", "carer")
# Active members by constituency over 4 weeks: the digest's participation figure.
BARE = (
    "WITH acts (user_id) AS ("
    " SELECT author_id FROM ideas WHERE group_id = :g AND created_at >= :since"
    " UNION ALL SELECT s.user_id FROM idea_supports s JOIN ideas i ON i.id = s.idea_id"
    "  WHERE i.group_id = :g AND s.created_at >= :since"
    " UNION ALL SELECT b.voter FROM ballots b JOIN polls p ON p.id = b.poll_id"
    "  WHERE p.group_id = :g AND NOT p.anonymous AND b.cast_at >= :since"
    " UNION ALL SELECT r.user_id FROM meeting_rsvps r JOIN meetings m ON m.id = r.meeting_id"
    "  WHERE m.group_id = :g AND r.answered_at >= :since"
    " UNION ALL SELECT user_id FROM contrib_entries WHERE group_id = :g AND worked_at >= :since)"
    " SELECT coalesce(p.constituency, 'not said'), count(*),"
    " sum(m.user_id IN (SELECT user_id FROM acts))"
    " FROM members m LEFT JOIN people p ON p.group_id = m.group_id AND p.user_id = m.user_id"
    " WHERE m.group_id = :g GROUP BY 1"
)


def fill(path: Path, groups: int, members: int) -> None:
    """Groups, members with constituencies, and a year of ideas and supports."""
    rng = random.Random(3)
    conn = sqlite3.connect(path)
    start = START - timedelta(days=365)
    for g in range(groups):
        gid = f"bench:{g}"
        conn.execute(
            "INSERT INTO groups (id, name, created_at) VALUES (?, ?, ?)",
            (gid, f"Group {g}", start.isoformat(timespec="seconds")),
        )
        conn.executemany(
            "INSERT INTO members (group_id, user_id, display_name, role) VALUES (?, ?, ?, ?)",
            [(gid, f"u{u}", f"Person {u}", 3 if u == 0 else 1) for u in range(members)],
        )
        conn.executemany(
            "INSERT INTO people (group_id, user_id, constituency) VALUES (?, ?, ?)",
            [(gid, f"u{u}", SIDES[u % 3]) for u in range(members)],
        )
        for n in range(24):  # about two ideas a month
            at = (start + timedelta(days=15 * n)).isoformat(timespec="seconds")
            cur = conn.execute(
                "INSERT INTO ideas (group_id, channel_id, author_id, anonymous, text, status,"
                " created_at, changed_at) VALUES (?, 'general', ?, 0, ?, 'proposed', ?, ?)",
                (gid, f"u{rng.randrange(members)}", f"Idea {n} of group {g}", at, at),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO idea_supports (idea_id, user_id, created_at)"
                " VALUES (?, ?, ?)",
                [(cur.lastrowid, f"u{rng.randrange(members)}", at) for _ in range(10)],
            )
            cur = conn.execute(
                "INSERT INTO polls (group_id, channel_id, author_id, question, kind, anonymous,"
                " hide_results, created_at, closes_at, closed_at)"
                " VALUES (?, 'general', 'u0', ?, 'single', 0, 0, ?, ?, ?)",
                (gid, f"Poll {n}", at, at, at),
            )
            conn.executemany(
                "INSERT INTO poll_options (poll_id, position, label) VALUES (?, ?, ?)",
                [(cur.lastrowid, 1, "Yes"), (cur.lastrowid, 2, "No")],
            )
            conn.executemany(
                "INSERT INTO ballots (poll_id, voter, choices, cast_at) VALUES (?, ?, ?, ?)",
                [(cur.lastrowid, f"u{u}", str(1 + u % 2), at)
                 for u in rng.sample(range(members), 40)],
            )  # fmt: skip
        first = start.replace(hour=18, minute=0, second=0)
        cur = conn.execute(
            "INSERT INTO meetings (group_id, channel_id, title, starts_local, zone, minutes,"
            " every, created_at) VALUES (?, 'general', 'Steering group', ?, 'Europe/London',"
            " 90, 'week', ?)",
            (gid, first.strftime("%Y-%m-%dT%H:%M"), first.isoformat(timespec="seconds")),
        )
        meeting = cur.lastrowid
        for week in range(52):
            when = (first + timedelta(weeks=week)).isoformat(timespec="seconds")
            people = rng.sample(range(members), 15)
            conn.executemany(
                "INSERT INTO meeting_rsvps (meeting_id, occurrence, user_id, answer,"
                " answered_at) VALUES (?, ?, ?, 'going', ?)",
                [(meeting, when, f"u{u}", when) for u in people],
            )
            conn.executemany(
                "INSERT INTO contrib_entries (group_id, user_id, constituency, minutes, what,"
                " meeting_id, occurrence, state, worked_at)"
                " VALUES (?, ?, ?, 90, 'attended', ?, ?, 'confirmed', ?)",
                [(gid, f"u{u}", SIDES[u % 3], meeting, when, when) for u in people[:10]],
            )
    conn.commit()
    conn.close()


async def digests(path: Path) -> float:
    """Compose every group's digest as the weekly job does; seconds taken."""
    h = await Harness(path).start()
    cog = h.bot.cogs["Digest"]
    assert isinstance(cog, Digest)
    rows = await h.bot.db.reader.execute_fetchall("SELECT id FROM groups WHERE id LIKE 'bench:%'")
    began = time.perf_counter()
    for (gid,) in rows:
        await cog.compose(await h.bot.group(gid), START)
    took = time.perf_counter() - began
    await h.close()
    return took


async def bare(path: Path) -> float:
    """The participation figures alone, straight from SQL; seconds taken."""
    conn = await aiosqlite.connect(path)
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    since = (START - timedelta(days=28)).isoformat(timespec="seconds")
    began = time.perf_counter()
    for (gid,) in await conn.execute_fetchall("SELECT id FROM groups WHERE id LIKE 'bench:%'"):
        await conn.execute_fetchall(BARE, {"g": gid, "since": since})
    took = time.perf_counter() - began
    await conn.close()
    return took


async def main(groups: int, members: int) -> None:
    """Fill a database, then time and trace both."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "digest.sqlite3"
        h = await Harness(path).start()
        await h.close()
        fill(path, groups, members)
        for name, run in (("bare SQL (participation only)", bare), ("digests, composed", digests)):
            seconds = await run(path)
            tracemalloc.start()
            await run(path)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{name:<32} {seconds:8.2f} s   peak Python heap {peak / 1_048_576:7.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak resident memory of the whole run: {rss:.0f} MB")
    print(f"{groups} groups of {members} members, a year of history; goal: under 10 s and 200 MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--members", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.groups, args.members))
