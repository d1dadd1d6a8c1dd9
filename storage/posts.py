"""Where a keyed message (a poll, an idea) was posted on the platform, and its thread."""

from __future__ import annotations

from dataclasses import dataclass

from storage.engine import Reads, Tx


@dataclass(frozen=True)
class Post:
    """A platform message under a feature's key, and the thread opened on it (if any)."""

    group_id: str
    key: str
    channel_id: str
    message_ref: str
    thread_ref: str | None = None


COLUMNS = "group_id, key, channel_id, message_ref, thread_ref"


class PostRepository:
    """Reads and writes where keyed messages live."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def save(self, tx: Tx, post: Post) -> None:
        """Record (or move) where a keyed message lives."""
        await tx.execute(
            f"INSERT INTO posts ({COLUMNS}) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (group_id, key) DO UPDATE SET channel_id = excluded.channel_id,"
            " message_ref = excluded.message_ref, thread_ref = excluded.thread_ref",
            (post.group_id, post.key, post.channel_id, post.message_ref, post.thread_ref),
        )

    async def drop(self, tx: Tx, group_id: str, key: str) -> None:
        """Forget where a keyed thing lives (a native event that is over)."""
        await tx.execute("DELETE FROM posts WHERE group_id = ? AND key = ?", (group_id, key))

    async def get(self, group_id: str, key: str) -> Post | None:
        """Where the keyed message lives, if it was posted."""
        found = await self.conn.execute_fetchall(
            f"SELECT {COLUMNS} FROM posts WHERE group_id = ? AND key = ?", (group_id, key)
        )
        row = next(iter(found), None)
        return Post(*row) if row else None

    async def find(self, channel_id: str, message_ref: str) -> Post | None:
        """The keyed message behind a platform message, if any."""
        found = await self.conn.execute_fetchall(
            f"SELECT {COLUMNS} FROM posts WHERE channel_id = ? AND message_ref = ?",
            (channel_id, message_ref),
        )
        row = next(iter(found), None)
        return Post(*row) if row else None

    async def by_thread(self, thread_ref: str) -> Post | None:
        """The keyed message a thread was opened on (to count messages in a feature's thread)."""
        found = await self.conn.execute_fetchall(
            f"SELECT {COLUMNS} FROM posts WHERE thread_ref = ?", (thread_ref,)
        )
        row = next(iter(found), None)
        return Post(*row) if row else None
