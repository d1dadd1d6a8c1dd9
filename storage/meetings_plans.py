"""Meeting plans: candidate slots and each person's yes / if need be / no."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Tx
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

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def create(
        self,
        tx: Tx,
        *,
        group_id: str,
        channel_id: str,
        title: str,
        minutes: int,
        closes_at: datetime | None,
        slots: Sequence[datetime],
        created_by: str,
        now: datetime,
    ) -> int:
        """Store a plan and its slots, set up by `created_by`; its id."""
        found = await tx.execute_fetchall(
            "INSERT INTO meeting_plans (group_id, channel_id, title, minutes, closes_at,"
            " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (group_id, channel_id, title, minutes, to_db(closes_at) if closes_at else None,
             created_by, to_db(now)),
        )  # fmt: skip
        row = next(iter(found), None)
        assert row is not None
        plan_id = int(row[0])
        await tx.executemany(
            "INSERT INTO meeting_plan_slots (plan_id, position, starts_at) VALUES (?, ?, ?)",
            [(plan_id, i, to_db(s)) for i, s in enumerate(slots, start=1)],
        )
        return plan_id

    async def get(self, plan_id: int, within: Tx | None = None) -> Plan | None:
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

    async def open_in_group(self, group_id: str) -> list[Plan]:
        """The group's plans still finding a time, oldest first."""
        rows = await self.conn.execute_fetchall(
            "SELECT id FROM meeting_plans WHERE group_id = ? AND meeting_id IS NULL ORDER BY id",
            (group_id,),
        )
        found = [await self.get(r[0]) for r in rows]
        return [p for p in found if p is not None]

    async def open_in(self, group_id: str) -> list[tuple[int, str]]:
        """A group's plans still looking for a time, newest first: (number, title)."""
        rows = await self.conn.execute_fetchall(
            "SELECT id, title FROM meeting_plans WHERE group_id = ? AND meeting_id IS NULL"
            " ORDER BY id DESC",
            (group_id,),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def answer(
        self,
        tx: Tx,
        plan_id: int,
        user_id: str,
        answers: dict[int, str],
        now: datetime,
    ) -> None:
        """Record someone's answers for the slots they named."""
        await tx.executemany(
            "INSERT INTO meeting_plan_answers (plan_id, position, user_id, answer, answered_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (plan_id, position, user_id)"
            " DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at",
            [(plan_id, pos, user_id, a, to_db(now)) for pos, a in answers.items()],
        )

    async def activity_since(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime, bool]]:
        """Who set up a plan (True) or answered one (False), and when."""
        rows = await self.conn.execute_fetchall(
            "SELECT created_by, created_at, 1 FROM meeting_plans WHERE group_id = ?"
            " AND created_by IS NOT NULL AND created_at >= ? AND created_at <= ?"
            " UNION ALL SELECT a.user_id, MAX(a.answered_at), 0 FROM meeting_plan_answers a"
            " JOIN meeting_plans p ON p.id = a.plan_id WHERE p.group_id = ?"
            " AND a.answered_at >= ? AND a.answered_at <= ? GROUP BY a.plan_id, a.user_id",
            (group_id, to_db(since), to_db(until), group_id, to_db(since), to_db(until)),
        )
        return [(r[0], w, bool(r[2])) for r in rows if (w := from_db(r[1])) is not None]

    async def set_up_by(self, group_id: str, user_id: str) -> list[int]:
        """The plans someone set up (for export)."""
        rows = await self.conn.execute_fetchall(
            "SELECT id FROM meeting_plans WHERE group_id = ? AND created_by = ? ORDER BY id",
            (group_id, user_id),
        )
        return [r[0] for r in rows]

    async def answers(self, plan_id: int) -> list[tuple[int, str, str]]:
        """(slot, user, answer) for every answer."""
        rows = await self.conn.execute_fetchall(
            "SELECT position, user_id, answer FROM meeting_plan_answers WHERE plan_id = ?",
            (plan_id,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def picked(self, tx: Tx, plan_id: int, meeting_id: int) -> bool:
        """Mark the plan decided; False if it already was."""
        cur = await tx.execute(
            "UPDATE meeting_plans SET meeting_id = ? WHERE id = ? AND meeting_id IS NULL",
            (meeting_id, plan_id),
        )
        return cur.rowcount == 1

    async def answers_of(self, group_id: str, user_id: str) -> list[tuple[int, int, datetime, str]]:
        """Someone's answers in a group (for export): (plan, slot, its start, answer)."""
        rows = await self.conn.execute_fetchall(
            "SELECT a.plan_id, a.position, s.starts_at, a.answer FROM meeting_plan_answers a"
            " JOIN meeting_plans p ON p.id = a.plan_id"
            " JOIN meeting_plan_slots s ON s.plan_id = a.plan_id AND s.position = a.position"
            " WHERE p.group_id = ? AND a.user_id = ? ORDER BY a.plan_id, a.position",
            (group_id, user_id),
        )
        return [(r[0], r[1], at, r[3]) for r in rows if (at := from_db(r[2])) is not None]

    async def forget(self, tx: Tx, group_id: str, user_id: str) -> int:
        """Erase someone's answers, and that they set up a plan (the plan stays)."""
        await tx.execute(
            "UPDATE meeting_plans SET created_by = NULL WHERE group_id = ? AND created_by = ?",
            (group_id, user_id),
        )
        cur = await tx.execute(
            "DELETE FROM meeting_plan_answers WHERE user_id = ? AND plan_id IN"
            " (SELECT id FROM meeting_plans WHERE group_id = ?)",
            (user_id, group_id),
        )
        return cur.rowcount
