"""The terminal shell's own state: where its movable clock stood when it last ran."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.timefmt import from_db, to_db


class ShellRepository:
    """Reads and writes the shell's clock."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def clock(self) -> datetime | None:
        """The shell clock's last saved time, if a shell ever ran on this file."""
        found = await self.conn.execute_fetchall("SELECT now FROM shell_clock WHERE id = 1")
        row = next(iter(found), None)
        return from_db(row[0]) if row else None

    async def save_clock(self, tx: aiosqlite.Connection, now: datetime) -> None:
        """Remember the shell's time (never moving it back)."""
        await tx.execute(
            "INSERT INTO shell_clock (id, now) VALUES (1, ?)"
            " ON CONFLICT (id) DO UPDATE SET now = max(now, excluded.now)",
            (to_db(now),),
        )
