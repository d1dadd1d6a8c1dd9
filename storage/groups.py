"""Groups (one Discord server or Matrix room), the settings they changed, known members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Row, Tx
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class Group:
    """One Discord server or Matrix room where the bot lives."""

    id: str
    name: str

    @classmethod
    def from_row(cls, row: Row) -> Group:
        """Build from a `groups` row."""
        return cls(id=row["id"], name=row["name"])


@dataclass(frozen=True)
class Member:
    """Someone the bot has seen in a group."""

    user_id: str
    display_name: str
    joined_at: datetime | None = None  # unknown for members seen before release 0.2


class GroupRepository:
    """Reads and writes groups and members."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def ids(self) -> list[str]:
        """Every group the bot knows."""
        return [r[0] for r in await self.conn.execute_fetchall("SELECT id FROM groups")]

    async def get(self, group_id: str) -> Group | None:
        """One group, or None."""
        found = await self.conn.execute_fetchall("SELECT * FROM groups WHERE id = ?", (group_id,))
        row = next(iter(found), None)
        return Group.from_row(row) if row else None

    async def create(
        self,
        tx: Tx,
        group_id: str,
        name: str,
        now: datetime,
    ) -> None:
        """Add a group, if it is new (it starts with the default settings)."""
        await tx.execute(
            "INSERT INTO groups (id, name, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            (group_id, name, to_db(now)),
        )

    async def settings(self, group_id: str) -> dict[str, str]:
        """The settings a group changed from the defaults: name -> canonical text."""
        rows = await self.conn.execute_fetchall(
            "SELECT name, value FROM group_settings WHERE group_id = ?", (group_id,)
        )
        return {r[0]: r[1] for r in rows}

    async def set_setting(self, tx: Tx, group_id: str, name: str, value: str) -> None:
        """Change one setting (the caller checked the value against its declaration)."""
        await tx.execute(
            "INSERT INTO group_settings (group_id, name, value) VALUES (?, ?, ?)"
            " ON CONFLICT (group_id, name) DO UPDATE SET value = excluded.value",
            (group_id, name, value),
        )

    async def add_member(
        self,
        tx: Tx,
        group_id: str,
        user_id: str,
        name: str,
        role: int | None = None,
        joined_at: datetime | None = None,
    ) -> None:
        """Remember someone, or update their display name (and the role they acted with)."""
        await tx.execute(
            "INSERT INTO members (group_id, user_id, display_name, role, joined_at)"
            " VALUES (?, ?, ?, coalesce(?, 1), ?) ON CONFLICT (group_id, user_id) DO UPDATE"
            " SET display_name = excluded.display_name, role = coalesce(?, members.role)",
            (group_id, user_id, name, role, to_db(joined_at) if joined_at else None, role),
        )

    async def with_role(self, group_id: str, role: int) -> list[Member]:
        """Members whose last command was made with at least `role` (3: organisers)."""
        rows = await self.conn.execute_fetchall(
            "SELECT user_id, display_name FROM members WHERE group_id = ? AND role >= ?"
            " ORDER BY display_name",
            (group_id, role),
        )
        return [Member(r[0], r[1]) for r in rows]

    async def remove_member(self, tx: Tx, group_id: str, user_id: str) -> bool:
        """Forget someone who left; True if they were known."""
        cur = await tx.execute(
            "DELETE FROM members WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
        return cur.rowcount == 1

    async def members(self, group_id: str) -> list[Member]:
        """Everyone known in a group, by name."""
        rows = await self.conn.execute_fetchall(
            "SELECT user_id, display_name, joined_at FROM members WHERE group_id = ?"
            " ORDER BY display_name",
            (group_id,),
        )
        return [Member(r[0], r[1], from_db(r[2]) if r[2] else None) for r in rows]

    async def groups_of(self, user_id: str) -> list[Group]:
        """Every group someone is a member of."""
        rows = await self.conn.execute_fetchall(
            "SELECT g.id, g.name FROM groups g JOIN members m ON m.group_id = g.id"
            " WHERE m.user_id = ? ORDER BY g.name",
            (user_id,),
        )
        return [Group(r[0], r[1]) for r in rows]

    async def member(self, group_id: str, user_id: str) -> Member | None:
        """One member of a group, if known."""
        found = await self.conn.execute_fetchall(
            "SELECT user_id, display_name, joined_at FROM members WHERE group_id = ?"
            " AND user_id = ?",
            (group_id, user_id),
        )
        return next((Member(r[0], r[1], from_db(r[2])) for r in found), None)

    async def is_member(self, group_id: str, user_id: str) -> bool:
        """Whether the bot knows someone in a group."""
        found = await self.conn.execute_fetchall(
            "SELECT 1 FROM members WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
        return next(iter(found), None) is not None

    async def member_count(self, group_id: str) -> int:
        """How many people the bot knows in a group."""
        found = await self.conn.execute_fetchall(
            "SELECT count(*) FROM members WHERE group_id = ?", (group_id,)
        )
        row = next(iter(found), None)
        return int(row[0]) if row else 0
