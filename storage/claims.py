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


class ClaimRepository:
    """Reads and writes `work_claims`."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def claim(
        self, tx: Tx, what: Iterable[str], holder: str, now: datetime, until: datetime
    ) -> set[str]:
        """Claim each piece of work nobody else holds now; the ones this holder now has."""
        won: set[str] = set()
        # Always in the same order, so two processes claiming at once never deadlock.
        for name in sorted(set(what)):
            found = await tx.execute_fetchall(
                "INSERT INTO work_claims (what, holder, until) VALUES (?, ?, ?)"
                " ON CONFLICT (what) DO UPDATE SET holder = excluded.holder,"
                " until = excluded.until"
                " WHERE work_claims.holder = excluded.holder OR work_claims.until <= ?"
                " RETURNING what",
                (name, holder, to_db(until), to_db(now)),
            )
            won.update(row[0] for row in found)
        return won

    async def release(self, tx: Tx, what: Iterable[str], holder: str) -> None:
        """Let go of work this holder claimed (what others hold stays theirs)."""
        await tx.executemany(
            "DELETE FROM work_claims WHERE what = ? AND holder = ?",
            [(name, holder) for name in sorted(set(what))],
        )
