"""Mentoring's people: who opted in and how, whom they avoid, concerns, the round schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Tx
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class OptIn:
    """How someone takes part in pairing rounds."""

    group_id: str
    user_id: str
    role: str
    topics: tuple[str, ...]
    every: str | None
    paused_until: datetime | None
    carried: bool
    joined_at: datetime


@dataclass(frozen=True)
class Concern:
    """A private note to the organisers."""

    id: int
    user_id: str
    text: str
    raised_at: datetime
    followed_up_at: datetime | None


def _topics(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(", ") if t)


class MentoringRepository:
    """Reads and writes opt-ins, avoid lists, concerns and the next round's date."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def get(self, group_id: str, user_id: str) -> OptIn | None:
        """Someone's opt-in, if they are in."""
        found = await self.opted_in(group_id, user_id)
        return found[0] if found else None

    async def opted_in(self, group_id: str, user_id: str | None = None) -> list[OptIn]:
        """Everyone opted in (or one person), by user id."""
        sql = (
            "SELECT group_id, user_id, role, topics, every, paused_until, carried, joined_at"
            " FROM mentoring_people WHERE group_id = ?"
        )
        params: tuple[str, ...] = (group_id,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params += (user_id,)
        rows = await self.conn.execute_fetchall(sql + " ORDER BY user_id", params)
        return [
            OptIn(r[0], r[1], r[2], _topics(r[3]), r[4], from_db(r[5]), bool(r[6]), from_db(r[7]))  # type: ignore[arg-type]
            for r in rows
        ]

    async def save(self, tx: Tx, m: OptIn) -> None:
        """Opt someone in, or change how they are in."""
        await tx.execute(
            "INSERT INTO mentoring_people (group_id, user_id, role, topics, every, paused_until,"
            " carried, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role,"
            " topics = excluded.topics, every = excluded.every,"
            " paused_until = excluded.paused_until, carried = excluded.carried",
            (
                m.group_id,
                m.user_id,
                m.role,
                ", ".join(m.topics),
                m.every,
                to_db(m.paused_until) if m.paused_until else None,
                int(m.carried),
                to_db(m.joined_at),
            ),
        )

    async def leave(self, tx: Tx, group_id: str, user_id: str) -> bool:
        """Opt someone out; True if they were in."""
        cur = await tx.execute(
            "DELETE FROM mentoring_people WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
        return cur.rowcount > 0

    async def set_carried(
        self, tx: Tx, group_id: str, carried: set[str], matched: set[str]
    ) -> None:
        """Those left out of a round go first next time; those paired lose the priority."""
        for user_id, flag in [(u, 1) for u in carried] + [(u, 0) for u in matched]:
            await tx.execute(
                "UPDATE mentoring_people SET carried = ? WHERE group_id = ? AND user_id = ?",
                (flag, group_id, user_id),
            )

    # -- avoid lists ----------------------------------------------------------------------

    async def avoid(self, tx: Tx, group_id: str, user_id: str, other: str, on: bool) -> bool:
        """Add (or remove) someone from a person's avoid list; True if it changed."""
        if on:
            cur = await tx.execute(
                "INSERT INTO mentoring_avoid (group_id, user_id, avoided_id)"
                " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (group_id, user_id, other),
            )
        else:
            cur = await tx.execute(
                "DELETE FROM mentoring_avoid WHERE group_id = ? AND user_id = ? AND avoided_id = ?",
                (group_id, user_id, other),
            )
        return cur.rowcount > 0

    async def avoided_by(self, group_id: str, user_id: str) -> list[str]:
        """Whom one person avoids (theirs alone to see)."""
        rows = await self.conn.execute_fetchall(
            "SELECT avoided_id FROM mentoring_avoid WHERE group_id = ? AND user_id = ?"
            " ORDER BY avoided_id",
            (group_id, user_id),
        )
        return [r[0] for r in rows]

    async def avoid_pairs(self, group_id: str) -> frozenset[frozenset[str]]:
        """Every pair that must never be made, whichever of the two asked."""
        rows = await self.conn.execute_fetchall(
            "SELECT user_id, avoided_id FROM mentoring_avoid WHERE group_id = ?", (group_id,)
        )
        return frozenset(frozenset((r[0], r[1])) for r in rows)

    # -- concerns -------------------------------------------------------------------------

    async def raise_concern(
        self, tx: Tx, group_id: str, user_id: str, text: str, at: datetime
    ) -> int:
        """Record a note for the organisers; returns its number."""
        found = await tx.execute_fetchall(
            "INSERT INTO mentoring_concerns (group_id, user_id, text, raised_at)"
            " VALUES (?, ?, ?, ?) RETURNING id",
            (group_id, user_id, text, to_db(at)),
        )
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def concerns(self, group_id: str, user_id: str | None = None) -> list[Concern]:
        """The group's concerns (or one person's), oldest first."""
        sql = (
            "SELECT id, user_id, text, raised_at, followed_up_at FROM mentoring_concerns"
            " WHERE group_id = ?"
        )
        params: tuple[str, ...] = (group_id,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params += (user_id,)
        rows = await self.conn.execute_fetchall(sql + " ORDER BY id", params)
        return [Concern(r[0], r[1], r[2], from_db(r[3]), from_db(r[4])) for r in rows]  # type: ignore[arg-type]

    async def follow_up(self, tx: Tx, group_id: str, concern_id: int, at: datetime) -> bool:
        """Mark a concern followed up; False if there is no such open concern."""
        cur = await tx.execute(
            "UPDATE mentoring_concerns SET followed_up_at = ? WHERE group_id = ? AND id = ?"
            " AND followed_up_at IS NULL",
            (to_db(at), group_id, concern_id),
        )
        return cur.rowcount > 0

    # -- schedule -------------------------------------------------------------------------

    async def next_round(self, group_id: str) -> datetime | None:
        """When the next scheduled round runs, if rounds run by themselves."""
        found = await self.conn.execute_fetchall(
            "SELECT next_at FROM mentoring_schedule WHERE group_id = ?", (group_id,)
        )
        row = next(iter(found), None)
        return from_db(row[0]) if row else None

    async def set_next_round(self, tx: Tx, group_id: str, when: datetime | None) -> None:
        """Remember (or clear) the next scheduled round's time."""
        if when is None:
            await tx.execute("DELETE FROM mentoring_schedule WHERE group_id = ?", (group_id,))
            return
        await tx.execute(
            "INSERT INTO mentoring_schedule (group_id, next_at) VALUES (?, ?)"
            " ON CONFLICT (group_id) DO UPDATE SET next_at = excluded.next_at",
            (group_id, to_db(when)),
        )

    async def forget(self, tx: Tx, group_id: str, user_id: str) -> list[int]:
        """Erase someone's opt-in, their avoid list, others' entries naming them, their notes.

        Returns counts of (opt-in, their own avoid entries, notes): whether anyone avoided
        them is never told, not even by a count.
        """
        counts = []
        for sql in (
            "DELETE FROM mentoring_people WHERE group_id = ? AND user_id = ?",
            "DELETE FROM mentoring_avoid WHERE group_id = ? AND user_id = ?",
            "DELETE FROM mentoring_concerns WHERE group_id = ? AND user_id = ?",
            "DELETE FROM mentoring_avoid WHERE group_id = ? AND avoided_id = ?",
        ):
            cur = await tx.execute(sql, (group_id, user_id))
            counts.append(cur.rowcount)
        return counts[:3]

    async def joined_between(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """(who, when) of everyone still in who opted in during a period."""
        rows = await self.conn.execute_fetchall(
            "SELECT user_id, joined_at FROM mentoring_people WHERE group_id = ?"
            " AND joined_at >= ? AND joined_at < ?",
            (group_id, to_db(since), to_db(until)),
        )
        return [(r[0], at) for r in rows if (at := from_db(r[1])) is not None]

    async def groups_with_opt_ins(self) -> list[str]:
        """Every group where someone is opted in (scheduled rounds matter only there)."""
        rows = await self.conn.execute_fetchall(
            "SELECT DISTINCT group_id FROM mentoring_people ORDER BY group_id"
        )
        return [r[0] for r in rows]
