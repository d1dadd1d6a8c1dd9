"""Polls for the weekly digest: which closed in a period, which close soon."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.engine import Reads
from storage.polls_people import FORGOTTEN_AUTHOR
from storage.timefmt import from_db, to_db


class PollDigestRepository:
    """Poll ids by when they closed or will close."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def closed_between(self, group_id: str, since: datetime, until: datetime) -> list[int]:
        """Polls of a group that closed in the period."""
        rows = await self.conn.execute_fetchall(
            "SELECT id FROM polls WHERE group_id = ? AND closed_at >= ? AND closed_at <= ?"
            " ORDER BY closed_at",
            (group_id, to_db(since), to_db(until)),
        )
        return [r[0] for r in rows]

    async def closing_before(self, group_id: str, until: datetime) -> list[int]:
        """Open polls of a group whose deadline comes before `until`."""
        rows = await self.conn.execute_fetchall(
            "SELECT id FROM polls WHERE group_id = ? AND closed_at IS NULL"
            " AND closes_at IS NOT NULL AND closes_at <= ? ORDER BY closes_at",
            (group_id, to_db(until)),
        )
        return [r[0] for r in rows]

    async def votes_between(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """Who cast a named ballot in the period, and when (anonymous ballots keep no time)."""
        rows = await self.conn.execute_fetchall(
            "SELECT b.voter, b.cast_at FROM ballots b JOIN polls p ON p.id = b.poll_id"
            " WHERE p.group_id = ? AND p.anonymous = 0 AND b.cast_at >= ? AND b.cast_at <= ?"
            " AND (p.closed_at IS NULL OR p.closed_at >= ?)",  # no vote comes after a close
            (group_id, to_db(since), to_db(until), to_db(since)),
        )
        return [(r[0], datetime.fromisoformat(r[1]).astimezone(UTC)) for r in rows]

    async def created_between(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """Who created a poll in the period, and when (its author is named, anonymous or not)."""
        rows = await self.conn.execute_fetchall(
            "SELECT author_id, created_at FROM polls WHERE group_id = ? AND author_id != ?"
            " AND created_at >= ? AND created_at <= ?",
            (group_id, FORGOTTEN_AUTHOR, to_db(since), to_db(until)),
        )
        return [(r[0], at) for r in rows if (at := from_db(r[1])) is not None]
