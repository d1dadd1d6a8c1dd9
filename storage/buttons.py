"""What buttons do, stored once for every platform: Actions and Choices as JSON, by short id."""

from __future__ import annotations

import aiosqlite


class ButtonRepository:
    """Reads and writes stored actions and choices (their JSON is the core's to read)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def save_action(self, tx: aiosqlite.Connection, group_id: str, spec: str) -> int:
        """Keep an action; the same one in the same group keeps one id."""
        async with tx.execute(
            "INSERT INTO stored_actions (group_id, spec) VALUES (?, ?)"
            " ON CONFLICT (group_id, spec) DO UPDATE SET spec = excluded.spec RETURNING id",
            (group_id, spec),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def action(self, action_id: int) -> tuple[str, str] | None:
        """(group id, spec) of a stored action."""
        async with self.conn.execute(
            "SELECT group_id, spec FROM stored_actions WHERE id = ?", (action_id,)
        ) as cur:
            row = await cur.fetchone()
        return (row[0], row[1]) if row else None

    async def save_choice(
        self, tx: aiosqlite.Connection, group_id: str, key: str, spec: str
    ) -> int:
        """Keep (or refresh) the choice shown under `key`; its id stays the same."""
        async with tx.execute(
            "INSERT INTO stored_choices (group_id, key, spec) VALUES (?, ?, ?)"
            " ON CONFLICT (group_id, key) DO UPDATE SET spec = excluded.spec RETURNING id",
            (group_id, key, spec),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def choice(self, choice_id: int) -> tuple[str, str] | None:
        """(group id, spec) of a stored choice."""
        async with self.conn.execute(
            "SELECT group_id, spec FROM stored_choices WHERE id = ?", (choice_id,)
        ) as cur:
            row = await cur.fetchone()
        return (row[0], row[1]) if row else None
