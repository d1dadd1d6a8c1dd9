"""The terminal shell's own state: where its movable clock stood, and who had which role."""

from __future__ import annotations

from datetime import datetime

from storage.engine import Reads, Tx
from storage.timefmt import from_db, to_db


class ShellRepository:
    """Reads and writes the shell's clock; reads the roles its people last had."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def clock(self) -> datetime | None:
        """The shell clock's last saved time, if a shell ever ran on this file."""
        found = await self.conn.execute_fetchall("SELECT now FROM shell_clock WHERE id = 1")
        row = next(iter(found), None)
        return from_db(row[0]) if row else None

    async def save_clock(self, tx: Tx, now: datetime) -> None:
        """Remember the shell's time (never moving it back)."""
        await tx.execute(
            "INSERT INTO shell_clock (id, now) VALUES (1, ?)"
            " ON CONFLICT (id) DO UPDATE SET now = CASE WHEN excluded.now > shell_clock.now"
            " THEN excluded.now ELSE shell_clock.now END",
            (to_db(now),),
        )

    async def roles(self, group_id: str) -> dict[str, int]:
        """Each known person's role in the shell's group, as `:as NAME ROLE` last set it."""
        # The shell gives every command the role `:as` set, so the role stored with the
        # member is the one the person had when the last shell ended.
        found = await self.conn.execute_fetchall(
            "SELECT user_id, role FROM members WHERE group_id = ?", (group_id,)
        )
        return {r[0]: int(r[1]) for r in found}
