"""Groups (one Discord server or Matrix room), their settings and known members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.timefmt import to_db

SETTING_COLUMNS = ("timezone", "poll_creators", "reminder_hours", "poll_threads", "bot_channel")


@dataclass(frozen=True)
class GroupSettings:
    """What an organiser may change for their group."""

    timezone: str
    poll_creators: str
    reminder_hours: int
    poll_threads: bool
    bot_channel: str | None


@dataclass(frozen=True)
class Group:
    """One Discord server or Matrix room where the bot lives."""

    id: str
    name: str
    settings: GroupSettings

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Group:
        """Build from a `groups` row."""
        return cls(
            id=row["id"],
            name=row["name"],
            settings=GroupSettings(
                timezone=row["timezone"],
                poll_creators=row["poll_creators"],
                reminder_hours=row["reminder_hours"],
                poll_threads=bool(row["poll_threads"]),
                bot_channel=row["bot_channel"],
            ),
        )


@dataclass(frozen=True)
class Member:
    """Someone the bot has seen in a group."""

    user_id: str
    display_name: str


class GroupRepository:
    """Reads and writes groups and members."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def get(self, group_id: str) -> Group | None:
        """One group, or None."""
        async with self.conn.execute("SELECT * FROM groups WHERE id = ?", (group_id,)) as cur:
            row = await cur.fetchone()
        return Group.from_row(row) if row else None

    async def create(
        self,
        tx: aiosqlite.Connection,
        group_id: str,
        name: str,
        defaults: GroupSettings,
        now: datetime,
    ) -> None:
        """Add a group with default settings, if it is new."""
        await tx.execute(
            "INSERT INTO groups (id, name, timezone, poll_creators, reminder_hours, poll_threads,"
            " bot_channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            (
                group_id,
                name,
                defaults.timezone,
                defaults.poll_creators,
                defaults.reminder_hours,
                int(defaults.poll_threads),
                defaults.bot_channel,
                to_db(now),
            ),
        )

    async def set_setting(
        self, tx: aiosqlite.Connection, group_id: str, column: str, value: object
    ) -> None:
        """Change one setting."""
        if column not in SETTING_COLUMNS:
            raise ValueError(f"unknown setting {column}")
        await tx.execute(f"UPDATE groups SET {column} = ? WHERE id = ?", (value, group_id))

    async def add_member(
        self, tx: aiosqlite.Connection, group_id: str, user_id: str, name: str
    ) -> None:
        """Remember someone, or update their display name."""
        await tx.execute(
            "INSERT INTO members (group_id, user_id, display_name) VALUES (?, ?, ?)"
            " ON CONFLICT (group_id, user_id) DO UPDATE SET display_name = excluded.display_name",
            (group_id, user_id, name),
        )

    async def remove_member(self, tx: aiosqlite.Connection, group_id: str, user_id: str) -> bool:
        """Forget someone who left; True if they were known."""
        cur = await tx.execute(
            "DELETE FROM members WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
        return cur.rowcount == 1

    async def members(self, group_id: str) -> list[Member]:
        """Everyone known in a group, by name."""
        async with self.conn.execute(
            "SELECT user_id, display_name FROM members WHERE group_id = ? ORDER BY display_name",
            (group_id,),
        ) as cur:
            return [Member(r[0], r[1]) for r in await cur.fetchall()]

    async def is_member(self, group_id: str, user_id: str) -> bool:
        """Whether the bot knows someone in a group."""
        async with self.conn.execute(
            "SELECT 1 FROM members WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        ) as cur:
            return await cur.fetchone() is not None

    async def member_count(self, group_id: str) -> int:
        """How many people the bot knows in a group."""
        async with self.conn.execute(
            "SELECT count(*) FROM members WHERE group_id = ?", (group_id,)
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
