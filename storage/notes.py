"""Notes and who wrote them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.timefmt import to_db


@dataclass(frozen=True)
class Note:
    """A short text someone posted for the group, with a thread to discuss it."""

    id: int
    group_id: str
    author_id: str
    text: str
    pinned: bool


class NoteRepository:
    """Reads and writes notes."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def add(
        self, tx: aiosqlite.Connection, group_id: str, author_id: str, text: str, now: datetime
    ) -> int:
        """Store a note; its number."""
        cur = await tx.execute(
            "INSERT INTO notes (group_id, author_id, text, created_at) VALUES (?, ?, ?, ?)",
            (group_id, author_id, text, to_db(now)),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def get(self, group_id: str, note_id: int) -> Note | None:
        """One note of a group."""
        async with self.conn.execute(
            "SELECT id, group_id, author_id, text, pinned FROM notes WHERE group_id = ? AND id = ?",
            (group_id, note_id),
        ) as cur:
            row = await cur.fetchone()
        return Note(row[0], row[1], row[2], row[3], bool(row[4])) if row else None

    async def pin(self, tx: aiosqlite.Connection, note_id: int) -> None:
        """Mark a note pinned."""
        await tx.execute("UPDATE notes SET pinned = 1 WHERE id = ?", (note_id,))

    async def by_author(self, group_id: str, author_id: str) -> list[Note]:
        """Someone's notes in a group."""
        async with self.conn.execute(
            "SELECT id, group_id, author_id, text, pinned FROM notes"
            " WHERE group_id = ? AND author_id = ? ORDER BY id",
            (group_id, author_id),
        ) as cur:
            return [Note(r[0], r[1], r[2], r[3], bool(r[4])) for r in await cur.fetchall()]

    async def unname(self, tx: aiosqlite.Connection, group_id: str, author_id: str) -> int:
        """A forgotten author's notes stay, without a name."""
        cur = await tx.execute(
            "UPDATE notes SET author_id = 'forgotten' WHERE group_id = ? AND author_id = ?",
            (group_id, author_id),
        )
        return cur.rowcount
