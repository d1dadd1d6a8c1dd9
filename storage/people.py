"""What each person chose for themselves in a group: zone, quiet hours, nudges, constituency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Tx
from storage.timefmt import from_db


@dataclass(frozen=True)
class Rostered:
    """A member as the digest counts them: name, when first seen, side, and nudges on or off."""

    user_id: str
    name: str
    joined_at: datetime | None
    constituency: str | None
    nudges: bool


@dataclass(frozen=True)
class Profile:
    """One person's choices in one group; None means the default."""

    group_id: str
    user_id: str
    timezone: str | None = None
    quiet_from: str | None = None  # "21:00", in their zone
    quiet_until: str | None = None
    nudges: bool = True
    constituency: str | None = None
    language: str | None = None  # "cy"; None: the group's


class PeopleRepository:
    """Reads and writes profiles."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def get(self, group_id: str, user_id: str) -> Profile:
        """Someone's profile (all defaults if they never set anything)."""
        found = await self.conn.execute_fetchall(
            "SELECT timezone, quiet_from, quiet_until, nudges, constituency, language FROM people"
            " WHERE group_id = ? AND user_id = ?",
            (group_id, user_id),
        )
        row = next(iter(found), None)
        if row is None:
            return Profile(group_id, user_id)
        return Profile(group_id, user_id, row[0], row[1], row[2], bool(row[3]), row[4], row[5])

    async def save(self, tx: Tx, profile: Profile) -> None:
        """Store a whole profile (the person must be a member of the group)."""
        await tx.execute(
            "INSERT INTO people (group_id, user_id, timezone, quiet_from, quiet_until, nudges,"
            " constituency, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (group_id, user_id) DO UPDATE"
            " SET timezone = excluded.timezone, quiet_from = excluded.quiet_from,"
            " quiet_until = excluded.quiet_until, nudges = excluded.nudges,"
            " constituency = excluded.constituency, language = excluded.language",
            (
                profile.group_id,
                profile.user_id,
                profile.timezone,
                profile.quiet_from,
                profile.quiet_until,
                int(profile.nudges),
                profile.constituency,
                profile.language,
            ),
        )

    async def languages_chosen(self, group_id: str) -> bool:
        """Whether anyone in a group has chosen a language of their own."""
        rows = await self.conn.execute_fetchall(
            "SELECT 1 FROM people WHERE group_id = ? AND language IS NOT NULL LIMIT 1",
            (group_id,),
        )
        return bool(list(rows))

    async def roster(self, group_id: str) -> list[Rostered]:
        """Everyone known in a group with what the digest counts them by, in one read."""
        rows = await self.conn.execute_fetchall(
            "SELECT m.user_id, m.display_name, m.joined_at, p.constituency,"
            " coalesce(p.nudges, 1) FROM members m LEFT JOIN people p"
            " ON p.group_id = m.group_id AND p.user_id = m.user_id WHERE m.group_id = ?",
            (group_id,),
        )
        return [Rostered(r[0], r[1], from_db(r[2]), r[3], bool(r[4])) for r in rows]
