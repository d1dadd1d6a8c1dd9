"""When each group's weekly digest was last sent, and whether one was skipped."""

from __future__ import annotations

from storage.engine import Reads, Tx


class DigestRepository:
    """Reads and writes the digests table."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def state(self, group_id: str) -> tuple[str | None, str | None]:
        """(last week sent, week skipped) for a group."""
        found = await self.conn.execute_fetchall(
            "SELECT last_week, skipped_week FROM digests WHERE group_id = ?", (group_id,)
        )
        row = next(iter(found), None)
        return (row[0], row[1]) if row else (None, None)

    async def sent(self, tx: Tx, group_id: str, week: str) -> bool:
        """Record a week's digest as sent; False if it already was (never twice)."""
        cur = await tx.execute(
            "INSERT INTO digests (group_id, last_week) VALUES (?, ?) ON CONFLICT (group_id)"
            " DO UPDATE SET last_week = excluded.last_week, skipped_week = NULL"
            " WHERE digests.last_week IS NULL OR digests.last_week < excluded.last_week",
            (group_id, week),
        )
        return cur.rowcount == 1

    async def skipped(self, tx: Tx, group_id: str, week: str) -> None:
        """Remember that a week's digest came too late to send."""
        await tx.execute(
            "INSERT INTO digests (group_id, skipped_week) VALUES (?, ?) ON CONFLICT (group_id)"
            " DO UPDATE SET skipped_week = excluded.skipped_week",
            (group_id, week),
        )
