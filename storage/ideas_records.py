"""What the digest, `!me export` and `!me forget` read and erase of ideas."""

from __future__ import annotations

from datetime import datetime

from storage.engine import Reads, Tx
from storage.ideas import FORGOTTEN, Change, Idea
from storage.timefmt import from_db, to_db


class IdeaRecords:
    """A period's idea history and activity, and one person's part in the group's ideas."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def changes_between(
        self, group_id: str, since: datetime, until: datetime
    ) -> dict[int, list[Change]]:
        """Every history line of a group's ideas in a period, by idea (the digest's one read)."""
        rows = await self.conn.execute_fetchall(
            "SELECT h.idea_id, h.at, h.by_id, h.status, h.reason FROM idea_history h"
            " JOIN ideas i ON i.id = h.idea_id WHERE i.group_id = ? AND h.at >= ? AND h.at <= ?"
            " ORDER BY h.at, h.rowid",
            (group_id, to_db(since), to_db(until)),
        )
        found: dict[int, list[Change]] = {}
        for r in rows:
            at = from_db(r[1])
            assert at is not None
            found.setdefault(r[0], []).append(Change(at, r[2], r[3], r[4]))
        return found

    async def last_message_days(self, group_id: str) -> dict[int, str]:
        """The last day anyone wrote in each of a group's idea threads (the digest's one read)."""
        rows = await self.conn.execute_fetchall(
            "SELECT d.idea_id, max(d.day) FROM idea_thread_days d JOIN ideas i ON i.id = d.idea_id"
            " WHERE i.group_id = ? GROUP BY d.idea_id",
            (group_id,),
        )
        return {r[0]: r[1] for r in rows}

    async def proposed_between(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """(author id, when) of every named idea proposed in a period.

        An anonymous idea's author is kept only to tell them of it, so it is left out.
        """
        rows = await self.conn.execute_fetchall(
            "SELECT author_id, created_at FROM ideas WHERE group_id = ? AND anonymous = 0"
            " AND author_id != ? AND created_at >= ? AND created_at <= ?",
            (group_id, FORGOTTEN, to_db(since), to_db(until)),
        )
        return [(r[0], at) for r in rows if (at := from_db(r[1])) is not None]

    async def supports_between(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """(user id, when) of every support given in a period."""
        rows = await self.conn.execute_fetchall(
            "SELECT s.user_id, s.created_at FROM idea_supports s JOIN ideas i ON i.id = s.idea_id"
            " WHERE i.group_id = ? AND s.created_at >= ? AND s.created_at <= ?",
            (group_id, to_db(since), to_db(until)),
        )
        return [(r[0], at) for r in rows if (at := from_db(r[1])) is not None]

    async def moves_between(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """(who, when) of every step someone took an idea on in a period (not proposing it).

        An anonymous idea's author withdrawing or reviewing it is left out: counting it
        would tie them to the idea.
        """
        rows = await self.conn.execute_fetchall(
            "SELECT h.by_id, h.at FROM idea_history h JOIN ideas i ON i.id = h.idea_id"
            " WHERE i.group_id = ? AND h.by_id IS NOT NULL AND h.status != 'proposed'"
            " AND NOT (i.anonymous <> 0 AND h.by_id = i.author_id) AND h.at >= ? AND h.at <= ?",
            (group_id, to_db(since), to_db(until)),
        )
        return [(r[0], at) for r in rows if (at := from_db(r[1])) is not None]

    # -- people -----------------------------------------------------------------------------

    async def of_person(
        self, group_id: str, user_id: str
    ) -> tuple[list[Idea], list[int], list[tuple[int, Change]]]:
        """Ideas someone proposed, the ones they support, and the history lines they wrote."""
        rows = await self.conn.execute_fetchall(
            "SELECT * FROM ideas WHERE group_id = ? AND author_id = ? ORDER BY id",
            (group_id, user_id),
        )
        mine = [Idea.from_row(r) for r in rows]
        rows = await self.conn.execute_fetchall(
            "SELECT s.idea_id FROM idea_supports s JOIN ideas i ON i.id = s.idea_id"
            " WHERE i.group_id = ? AND s.user_id = ? ORDER BY s.idea_id",
            (group_id, user_id),
        )
        supported = [r[0] for r in rows]
        rows = await self.conn.execute_fetchall(
            "SELECT h.idea_id, h.at, h.status, h.reason FROM idea_history h"
            " JOIN ideas i ON i.id = h.idea_id WHERE i.group_id = ? AND h.by_id = ?"
            " ORDER BY h.at, h.rowid",
            (group_id, user_id),
        )
        acted = [(r[0], Change(at, user_id, r[2], r[3])) for r in rows if (at := from_db(r[1]))]
        return mine, supported, acted

    async def forget(self, tx: Tx, group_id: str, user_id: str) -> tuple[list[int], list[int]]:
        """Unname someone's ideas and history; drop their supports. (their ideas, supported)."""
        ids = "SELECT id FROM ideas WHERE group_id = ?"
        rows = await tx.execute_fetchall(
            f"DELETE FROM idea_supports WHERE user_id = ? AND idea_id IN ({ids}) RETURNING idea_id",
            (user_id, group_id),
        )
        supported = sorted(r[0] for r in rows)
        await tx.execute(
            f"UPDATE idea_history SET by_id = NULL WHERE by_id = ? AND idea_id IN ({ids})",
            (user_id, group_id),
        )
        rows = await tx.execute_fetchall(
            "UPDATE ideas SET author_id = ? WHERE group_id = ? AND author_id = ? RETURNING id",
            (FORGOTTEN, group_id, user_id),
        )
        mine = sorted(r[0] for r in rows)
        return mine, supported
