"""Claims on work, so several processes sharing one database never do the same work twice.

A process claims a piece of work (a lane of messages, a scheduled row) for a while (its
lease); another process leaves it alone until the claim is let go or the lease runs out, so
the work of a process that died comes back. Times are the bot's clock, stored as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from storage.engine import Reads, Tx
from storage.timefmt import to_db

BATCH = 200  # claims written in one statement (SQLite takes up to 32,766 values in one)
# What a claim names: a lane of messages ("lane:@ann"), or a scheduled row ("job:12").
LANE = "lane:"
JOB = "job:"


class ClaimRepository:
    """Reads and writes `work_claims`."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def claim(
        self, tx: Tx, what: Iterable[str], holder: str, now: datetime, until: datetime
    ) -> set[str]:
        """Claim each piece of work nobody else holds now; the ones this holder now has."""
        won: set[str] = set()
        names = sorted(set(what))  # always in one order: two processes never deadlock
        for start in range(0, len(names), BATCH):
            batch = names[start : start + BATCH]
            rows = ", ".join("(?, ?, ?)" for _ in batch)
            found = await tx.execute_fetchall(
                f"INSERT INTO work_claims (what, holder, until) VALUES {rows}"
                " ON CONFLICT (what) DO UPDATE SET holder = excluded.holder,"
                " until = excluded.until"
                " WHERE work_claims.holder = excluded.holder OR work_claims.until <= ?"
                " RETURNING what",
                [v for name in batch for v in (name, holder, to_db(until))] + [to_db(now)],
            )
            won.update(row[0] for row in found)
        return won

    async def release(self, tx: Tx, what: Iterable[str], holder: str) -> None:
        """Let go of work this holder claimed (what others hold stays theirs)."""
        names = sorted(set(what))
        for start in range(0, len(names), BATCH):
            batch = names[start : start + BATCH]
            marks = ", ".join("?" for _ in batch)
            await tx.execute(
                f"DELETE FROM work_claims WHERE holder = ? AND what IN ({marks})",
                [holder, *batch],
            )
