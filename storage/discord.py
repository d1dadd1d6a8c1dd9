"""Discord platform state: the DMs that could not be delivered, and where they went instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Tx
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class DmFallback:
    """A DM that could not be delivered, and the channel where the person was mentioned."""

    id: int
    group_id: str
    user_id: str
    channel_id: str | None
    error_code: int
    created_at: datetime


class DiscordRepository:
    """Reads and writes the Discord platform's own tables."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    # -- DM fallbacks -------------------------------------------------------------------

    async def record_dm_fallback(
        self,
        tx: Tx,
        *,
        group_id: str,
        user_id: str,
        channel_id: str | None,
        error_code: int,
        now: datetime,
    ) -> None:
        """Note that a DM failed and where (if anywhere) the person was mentioned instead."""
        await tx.execute(
            "INSERT INTO discord_dm_fallbacks (group_id, user_id, channel_id, error_code,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            (group_id, user_id, channel_id, error_code, to_db(now)),
        )

    async def dm_fallbacks(self, group_id: str) -> list[DmFallback]:
        """The group's failed DMs, oldest first."""
        rows = await self.conn.execute_fetchall(
            "SELECT id, group_id, user_id, channel_id, error_code, created_at"
            " FROM discord_dm_fallbacks WHERE group_id = ? ORDER BY created_at, id",
            (group_id,),
        )
        found = []
        for r in rows:
            created = from_db(r[5])
            assert created is not None
            found.append(DmFallback(r[0], r[1], r[2], r[3], r[4], created))
        return found
