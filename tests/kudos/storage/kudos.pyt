"""Kudos: who thanked whom, for what, and when."""

from __future__ import annotations

from datetime import datetime

from storage.engine import Reads, Tx
from storage.timefmt import from_db, to_db


class KudosRepository:
    """Reads and writes thanks."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def add(
        self, tx: Tx, group_id: str, giver: str, taker: str, said: str,
        at: datetime,
    ) -> None:  # fmt: skip
        """Store one thank-you."""
        await tx.execute(
            "INSERT INTO kudos (group_id, giver_id, taker_id, said, at) VALUES (?, ?, ?, ?, ?)",
            (group_id, giver, taker, said, to_db(at)),
        )

    async def of_person(self, group_id: str, user_id: str) -> tuple[list[str], list[str]]:
        """What someone thanked people for, and what they were thanked for."""
        rows = await self.conn.execute_fetchall(
            "SELECT giver_id, taker_id, said FROM kudos WHERE group_id = ? ORDER BY id",
            (group_id,),
        )
        given = [r[2] for r in rows if r[0] == user_id]
        return given, [r[2] for r in rows if r[1] == user_id]

    async def between(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """Who thanked someone, and when, in a stretch of time."""
        rows = await self.conn.execute_fetchall(
            "SELECT giver_id, at FROM kudos WHERE group_id = ? AND at >= ? AND at < ?",
            (group_id, to_db(since), to_db(until)),
        )
        return [(r[0], at) for r in rows if (at := from_db(r[1])) is not None]

    async def forget(self, tx: Tx, group_id: str, user_id: str) -> None:
        """Thanks someone gave or received."""
        await tx.execute(
            "DELETE FROM kudos WHERE group_id = ? AND ? IN (giver_id, taker_id)",
            (group_id, user_id),
        )
