"""Ideas, their supporters, their history and how busy their threads are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Row, Tx
from storage.timefmt import from_db, to_db

FORGOTTEN = "forgotten"
OPEN = ("proposed", "discussing")


@dataclass(frozen=True)
class Idea:
    """A proposal someone made to the group."""

    id: int
    group_id: str
    channel_id: str
    author_id: str
    anonymous: bool
    text: str
    status: str
    reason: str | None
    created_at: datetime
    changed_at: datetime
    edited_at: datetime | None
    review_at: datetime | None
    review_outcome: str | None
    poll_id: int | None
    poll_done: bool
    poll_review_at: datetime | None  # the review date the poll gives it, if it adopts it

    @classmethod
    def from_row(cls, r: Row) -> Idea:
        """Build from an `ideas` row."""
        created, changed = from_db(r["created_at"]), from_db(r["changed_at"])
        assert created is not None and changed is not None
        return cls(
            id=r["id"],
            group_id=r["group_id"],
            channel_id=r["channel_id"],
            author_id=r["author_id"],
            anonymous=bool(r["anonymous"]),
            text=r["text"],
            status=r["status"],
            reason=r["reason"],
            created_at=created,
            changed_at=changed,
            edited_at=from_db(r["edited_at"]),
            review_at=from_db(r["review_at"]),
            review_outcome=r["review_outcome"],
            poll_id=r["poll_id"],
            poll_done=bool(r["poll_done"]),
            poll_review_at=from_db(r["poll_review_at"]),
        )


@dataclass(frozen=True)
class Change:
    """One line of an idea's history."""

    at: datetime
    by_id: str | None
    status: str
    reason: str | None


class IdeaRepository:
    """Reads and writes ideas."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def add(
        self,
        tx: Tx,
        *,
        group_id: str,
        channel_id: str,
        author_id: str,
        anonymous: bool,
        text: str,
        now: datetime,
    ) -> int:
        """Store a new idea (proposed) and its first history line; its number."""
        found = await tx.execute_fetchall(
            "INSERT INTO ideas (group_id, channel_id, author_id, anonymous, text, status,"
            " created_at, changed_at) VALUES (?, ?, ?, ?, ?, 'proposed', ?, ?) RETURNING id",
            (group_id, channel_id, author_id, int(anonymous), text, to_db(now), to_db(now)),
        )
        idea_id = int(found[0][0])
        await self.record(tx, idea_id, now, author_id, "proposed", None)
        return idea_id

    async def record(
        self,
        tx: Tx,
        idea_id: int,
        now: datetime,
        by_id: str | None,
        status: str,
        reason: str | None,
    ) -> None:
        """Add a history line."""
        await tx.execute(
            "INSERT INTO idea_history (idea_id, at, by_id, status, reason) VALUES (?, ?, ?, ?, ?)",
            (idea_id, to_db(now), by_id, status, reason),
        )

    async def get(self, group_id: str, idea_id: int) -> Idea | None:
        """One idea of a group."""
        found = await self.conn.execute_fetchall(
            "SELECT * FROM ideas WHERE group_id = ? AND id = ?", (group_id, idea_id)
        )
        row = next(iter(found), None)
        return Idea.from_row(row) if row else None

    async def group_of(self, idea_id: int) -> str | None:
        """The group an idea belongs to (idea numbers are unique across groups)."""
        found = await self.conn.execute_fetchall(
            "SELECT group_id FROM ideas WHERE id = ?", (idea_id,)
        )
        row = next(iter(found), None)
        return str(row[0]) if row else None

    async def by_poll(self, poll_id: int) -> Idea | None:
        """The idea a poll was opened on."""
        found = await self.conn.execute_fetchall(
            "SELECT * FROM ideas WHERE poll_id = ?", (poll_id,)
        )
        row = next(iter(found), None)
        return Idea.from_row(row) if row else None

    async def open_texts(self, group_id: str) -> list[tuple[int, str]]:
        """(id, text) of the group's open ideas, for the similar-idea check."""
        rows = await self.conn.execute_fetchall(
            "SELECT id, text FROM ideas WHERE group_id = ?"
            " AND status IN ('proposed', 'discussing')",
            (group_id,),
        )
        return [(r[0], r[1]) for r in rows]

    async def set_status(
        self,
        tx: Tx,
        idea_id: int,
        was: str,
        status: str,
        reason: str | None,
        now: datetime,
        by_id: str | None,
        review_at: datetime | None = None,
    ) -> bool:
        """Move an idea that is still `was`, with its history line; False if it moved meanwhile.

        Checking the old status in the UPDATE itself means two facilitators answering at once
        cannot both move it (adopted twice, or declined over an adoption).
        """
        cur = await tx.execute(
            "UPDATE ideas SET status = ?, reason = ?, changed_at = ?, review_at = ?"
            " WHERE id = ? AND status = ?",
            (status, reason, to_db(now), to_db(review_at) if review_at else None, idea_id, was),
        )
        if cur.rowcount != 1:
            return False
        await self.record(tx, idea_id, now, by_id, status, reason)
        return True

    async def edit(self, tx: Tx, idea_id: int, text: str, now: datetime) -> bool:
        """New text, shown as edited; False if the idea is no longer open (it moved meanwhile)."""
        cur = await tx.execute(
            "UPDATE ideas SET text = ?, edited_at = ?, changed_at = ? WHERE id = ?"
            " AND status IN ('proposed', 'discussing')",
            (text, to_db(now), to_db(now), idea_id),
        )
        return cur.rowcount == 1

    async def link_poll(
        self, tx: Tx, idea_id: int, poll_id: int, review_at: datetime | None
    ) -> None:
        """Remember the decision opened on an idea, and the review it sets if it adopts it."""
        await tx.execute(
            "UPDATE ideas SET poll_id = ?, poll_done = 0, poll_review_at = ? WHERE id = ?",
            (poll_id, to_db(review_at) if review_at else None, idea_id),
        )

    async def poll_applied(self, tx: Tx, idea_id: int, poll_id: int) -> bool:
        """Mark the poll's outcome applied; False if it already was (the event came twice)."""
        cur = await tx.execute(
            "UPDATE ideas SET poll_done = 1 WHERE id = ? AND poll_id = ? AND poll_done = 0",
            (idea_id, poll_id),
        )
        return cur.rowcount == 1

    async def review(self, tx: Tx, idea_id: int, outcome: str) -> None:
        """Record what the review decided."""
        await tx.execute("UPDATE ideas SET review_outcome = ? WHERE id = ?", (outcome, idea_id))

    async def history(self, idea_id: int) -> list[Change]:
        """An idea's history, oldest first."""
        rows = await self.conn.execute_fetchall(
            "SELECT at, by_id, status, reason FROM idea_history WHERE idea_id = ? ORDER BY at,"
            " rowid",
            (idea_id,),
        )
        found = []
        for r in rows:
            at = from_db(r[0])
            assert at is not None
            found.append(Change(at, r[1], r[2], r[3]))
        return found

    # -- supports ---------------------------------------------------------------------------

    async def support(self, tx: Tx, idea_id: int, user_id: str, now: datetime) -> bool:
        """Add a support; False if they already supported it."""
        cur = await tx.execute(
            "INSERT INTO idea_supports (idea_id, user_id, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (idea_id, user_id, to_db(now)),
        )
        return cur.rowcount == 1

    async def unsupport(self, tx: Tx, idea_id: int, user_id: str) -> bool:
        """Remove a support; False if there was none."""
        cur = await tx.execute(
            "DELETE FROM idea_supports WHERE idea_id = ? AND user_id = ?", (idea_id, user_id)
        )
        return cur.rowcount == 1

    async def supporters(self, idea_id: int) -> list[str]:
        """Who supports an idea, earliest first."""
        rows = await self.conn.execute_fetchall(
            "SELECT user_id FROM idea_supports WHERE idea_id = ? ORDER BY created_at, user_id",
            (idea_id,),
        )
        return [r[0] for r in rows]

    # -- lists ------------------------------------------------------------------------------

    async def listed(
        self, group_id: str, status: str | None, sort: str, since: datetime, limit: int = 25
    ) -> list[tuple[Idea, int, int]]:
        """(idea, supports, thread messages since `since`), sorted; one query."""
        order = {
            "support": "supports DESC, i.id DESC",
            "new": "i.id DESC",
            "active": "messages DESC, i.id DESC",
        }[sort]
        where = "i.group_id = ?" + (" AND i.status = ?" if status else "")
        params: tuple[object, ...] = (to_db(since)[:10], group_id) + ((status,) if status else ())
        rows = await self.conn.execute_fetchall(
            "SELECT i.*, (SELECT count(*) FROM idea_supports s WHERE s.idea_id = i.id) AS supports,"
            " (SELECT coalesce(sum(messages), 0) FROM idea_thread_days d"
            "  WHERE d.idea_id = i.id AND d.day >= ?) AS messages"
            f" FROM ideas i WHERE {where} ORDER BY {order} LIMIT {int(limit)}",
            params,
        )
        return [(Idea.from_row(r), int(r["supports"]), int(r["messages"])) for r in rows]

    async def thread_message(self, tx: Tx, idea_id: int, day: str) -> None:
        """Count one message in an idea's thread on a day (the text is never kept)."""
        await tx.execute(
            "INSERT INTO idea_thread_days (idea_id, day, messages) VALUES (?, ?, 1)"
            " ON CONFLICT (idea_id, day) DO UPDATE SET messages = idea_thread_days.messages + 1",
            (idea_id, day),
        )

    async def in_group(self, group_id: str) -> list[Idea]:
        """Every idea of a group (digest, stale check)."""
        rows = await self.conn.execute_fetchall(
            "SELECT * FROM ideas WHERE group_id = ? ORDER BY id", (group_id,)
        )
        return [Idea.from_row(r) for r in rows]

    async def last_message_day(self, idea_id: int) -> str | None:
        """The last day anyone wrote in the idea's thread."""
        found = await self.conn.execute_fetchall(
            "SELECT max(day) FROM idea_thread_days WHERE idea_id = ?", (idea_id,)
        )
        row = next(iter(found), None)
        return row[0] if row else None
