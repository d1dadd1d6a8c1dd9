"""Polls for the weekly digest: which closed in a period, which close soon."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.timefmt import to_db


class PollDigestRepository:
    """Poll ids by when they closed or will close."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def closed_between(self, group_id: str, since: datetime, until: datetime) -> list[int]:
        """Polls of a group that closed in the period."""
        async with self.conn.execute(
            "SELECT id FROM polls WHERE group_id = ? AND closed_at >= ? AND closed_at <= ?"
            " ORDER BY closed_at",
            (group_id, to_db(since), to_db(until)),
        ) as cur:
            return [r[0] for r in await cur.fetchall()]

    async def closing_before(self, group_id: str, until: datetime) -> list[int]:
        """Open polls of a group whose deadline comes before `until`."""
        async with self.conn.execute(
            "SELECT id FROM polls WHERE group_id = ? AND closed_at IS NULL"
            " AND closes_at IS NOT NULL AND closes_at <= ? ORDER BY closes_at",
            (group_id, to_db(until)),
        ) as cur:
            return [r[0] for r in await cur.fetchall()]
