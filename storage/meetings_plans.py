"""Meeting plans: candidate slots and each person's yes / if need be / no."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class Plan:
    """A meeting still looking for its time."""

    id: int
    group_id: str
    channel_id: str
    title: str
    minutes: int
    closes_at: datetime | None
    meeting_id: int | None
    slots: tuple[datetime, ...]


class PlanRepository:
    """Reads and writes plans, slots and answers."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def create(
        self,
        tx: aiosqlite.Connection,
        *,
        group_id: str,
        channel_id: str,
        title: str,
        minutes: int,
        closes_at: datetime | None,
        slots: Sequence[datetime],
    ) -> int:
        """Store a plan and its slots; its id."""
        found = await tx.execute_fetchall(
            "INSERT INTO meeting_plans (group_id, channel_id, title, minutes, closes_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (group_id, channel_id, title, minutes, to_db(closes_at) if closes_at else None),
        )
        row = next(iter(found), None)
        assert row is not None
        plan_id = int(row[0])
        await tx.executemany(
            "INSERT INTO meeting_plan_slots (plan_id, position, starts_at) VALUES (?, ?, ?)",
            [(plan_id, i, to_db(s)) for i, s in enumerate(slots, start=1)],
        )
        return plan_id

    async def get(self, plan_id: int, within: aiosqlite.Connection | None = None) -> Plan | None:
        """A plan with its slots in order."""
        conn = within or self.conn
        found = await conn.execute_fetchall("SELECT * FROM meeting_plans WHERE id = ?", (plan_id,))
        r = next(iter(found), None)
        if r is None:
            return None
        rows = await conn.execute_fetchall(
            "SELECT starts_at FROM meeting_plan_slots WHERE plan_id = ? ORDER BY position",
            (plan_id,),
        )
        slots = tuple(s for (t,) in rows if (s := from_db(t)) is not None)
        return Plan(r["id"], r["group_id"], r["channel_id"], r["title"], r["minutes"],
                    from_db(r["closes_at"]), r["meeting_id"], slots)  # fmt: skip

    async def open_in(self, group_id: str) -> list[tuple[int, str]]:
        """A group's plans still looking for a time, newest first: (number, title)."""
        rows = await self.conn.execute_fetchall(
            "SELECT id, title FROM meeting_plans WHERE group_id = ? AND meeting_id IS NULL"
            " ORDER BY id DESC",
            (group_id,),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def answer(
        self, tx: aiosqlite.Connection, plan_id: int, user_id: str, answers: dict[int, str]
    ) -> None:
        """Record someone's answers for the slots they named."""
        await tx.executemany(
            "INSERT INTO meeting_plan_answers (plan_id, position, user_id, answer)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (plan_id, position, user_id)"
            " DO UPDATE SET answer = excluded.answer",
            [(plan_id, pos, user_id, a) for pos, a in answers.items()],
        )

    async def answers(self, plan_id: int) -> list[tuple[int, str, str]]:
        """(slot, user, answer) for every answer."""
        rows = await self.conn.execute_fetchall(
            "SELECT position, user_id, answer FROM meeting_plan_answers WHERE plan_id = ?",
            (plan_id,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def picked(self, tx: aiosqlite.Connection, plan_id: int, meeting_id: int) -> bool:
        """Mark the plan decided; False if it already was."""
        cur = await tx.execute(
            "UPDATE meeting_plans SET meeting_id = ? WHERE id = ? AND meeting_id IS NULL",
            (meeting_id, plan_id),
        )
        return cur.rowcount == 1

    async def forget(self, tx: aiosqlite.Connection, group_id: str, user_id: str) -> int:
        """Erase someone's answers."""
        cur = await tx.execute(
            "DELETE FROM meeting_plan_answers WHERE user_id = ? AND plan_id IN"
            " (SELECT id FROM meeting_plans WHERE group_id = ?)",
            (user_id, group_id),
        )
        return cur.rowcount
