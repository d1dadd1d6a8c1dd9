"""What buttons do, stored once for every platform: Actions and Choices as JSON, by short id."""

from __future__ import annotations

import json

from storage.engine import Reads, Tx


class ButtonRepository:
    """Reads and writes stored actions and choices (their JSON is the core's to read)."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def save_action(self, tx: Tx, group_id: str, spec: str) -> int:
        """Keep an action; the same one in the same group keeps one id."""
        found = await tx.execute_fetchall(
            "INSERT INTO stored_actions (group_id, spec) VALUES (?, ?)"
            " ON CONFLICT (group_id, spec) DO UPDATE SET spec = excluded.spec RETURNING id",
            (group_id, spec),
        )
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def action(self, action_id: int) -> tuple[str, str] | None:
        """(group id, spec) of a stored action."""
        found = await self.conn.execute_fetchall(
            "SELECT group_id, spec FROM stored_actions WHERE id = ?", (action_id,)
        )
        row = next(iter(found), None)
        return (row[0], row[1]) if row else None

    async def save_choice(self, tx: Tx, group_id: str, key: str, spec: str) -> int:
        """Keep (or refresh) the choice shown under `key`; its id stays the same."""
        found = await tx.execute_fetchall(
            "INSERT INTO stored_choices (group_id, key, spec) VALUES (?, ?, ?)"
            " ON CONFLICT (group_id, key) DO UPDATE SET spec = excluded.spec RETURNING id",
            (group_id, key, spec),
        )
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def choice(self, choice_id: int) -> tuple[str, str] | None:
        """(group id, spec) of a stored choice."""
        found = await self.conn.execute_fetchall(
            "SELECT group_id, spec FROM stored_choices WHERE id = ?", (choice_id,)
        )
        row = next(iter(found), None)
        return (row[0], row[1]) if row else None

    async def unname(self, tx: Tx, group_id: str, user_id: str, name: str) -> None:
        """Forget someone in a group's stored buttons (their posted copies are the platform's).

        A choice's option that is their name becomes "someone"; an action that names them,
        by label or by id, goes, so its button answers that it no longer works.
        """
        # Read and matched here, not in SQL: each engine spells JSON queries its own way.
        actions = await tx.execute_fetchall(
            "SELECT id, spec FROM stored_actions WHERE group_id = ?", (group_id,)
        )
        naming = [(row_id,) for row_id, spec in actions if _names(json.loads(spec), name, user_id)]
        await tx.executemany("DELETE FROM stored_actions WHERE id = ?", naming)
        choices = await tx.execute_fetchall(
            "SELECT id, spec FROM stored_choices WHERE group_id = ?", (group_id,)
        )
        rows = [(i, spec) for i, spec in choices if name in json.loads(spec).get("options", ())]
        for row_id, spec in rows:
            data = json.loads(spec)
            data["options"] = ["someone" if o == name else o for o in data["options"]]
            await tx.execute(
                "UPDATE stored_choices SET spec = ? WHERE id = ?", (json.dumps(data), row_id)
            )


def _names(action: dict[str, object], name: str, user_id: str) -> bool:
    """Whether a stored action names someone: as its label, or by id among its arguments."""
    args = action.get("args")
    return action.get("label") == name or (isinstance(args, list) and user_id in args)
