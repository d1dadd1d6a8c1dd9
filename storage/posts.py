"""Where a living message (e.g. a poll showing its turnout) was posted on the platform."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite


@dataclass(frozen=True)
class Post:
    """A platform message that later updates edit."""

    group_id: str
    key: str
    channel_id: str
    message_ref: str


class PostRepository:
    """Reads and writes living-message locations."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def save(self, tx: aiosqlite.Connection, post: Post) -> None:
        """Record (or move) where a keyed message lives."""
        await tx.execute(
            "INSERT INTO posts (group_id, key, channel_id, message_ref) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (group_id, key) DO UPDATE SET channel_id = excluded.channel_id,"
            " message_ref = excluded.message_ref",
            (post.group_id, post.key, post.channel_id, post.message_ref),
        )

    async def get(self, group_id: str, key: str) -> Post | None:
        """Where the keyed message lives, if it was posted."""
        async with self.conn.execute(
            "SELECT group_id, key, channel_id, message_ref FROM posts"
            " WHERE group_id = ? AND key = ?",
            (group_id, key),
        ) as cur:
            row = await cur.fetchone()
        return Post(*row) if row else None

    async def find(self, channel_id: str, message_ref: str) -> Post | None:
        """The keyed message behind a platform message, if any."""
        async with self.conn.execute(
            "SELECT group_id, key, channel_id, message_ref FROM posts"
            " WHERE channel_id = ? AND message_ref = ?",
            (channel_id, message_ref),
        ) as cur:
            row = await cur.fetchone()
        return Post(*row) if row else None
