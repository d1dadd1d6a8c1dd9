"""Meetings, their skipped occurrences and RSVPs, and the contribution log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Row, Tx
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class Meeting:
    """A meeting or a series, kept in wall-clock time in its zone."""

    id: int
    group_id: str
    channel_id: str
    title: str
    starts_local: str
    zone: str
    minutes: int
    place: str | None
    every: str
    until_local: str | None
    sequence: int
    created_at: datetime
    cancelled_at: datetime | None
    by_day: str | None = None  # a monthly series on a weekday: '1TU', '-1FR' (iCalendar BYDAY)


@dataclass(frozen=True)
class Rsvp:
    """One person's answer for one occurrence."""

    occurrence: str
    user_id: str
    answer: str


@dataclass(frozen=True)
class Entry:
    """Time given to the group."""

    id: int
    group_id: str
    user_id: str | None
    constituency: str | None
    minutes: int
    what: str
    meeting_id: int | None
    state: str
    reason: str | None
    worked_at: datetime


def _meeting(r: Row) -> Meeting:
    created = from_db(r["created_at"])
    assert created is not None
    return Meeting(
        r["id"], r["group_id"], r["channel_id"], r["title"], r["starts_local"], r["zone"],
        r["minutes"], r["place"], r["every"], r["until_local"], r["sequence"], created,
        from_db(r["cancelled_at"]), r["by_day"],
    )  # fmt: skip


def _entry(r: Row) -> Entry:
    worked = from_db(r["worked_at"])
    assert worked is not None
    return Entry(
        r["id"], r["group_id"], r["user_id"], r["constituency"], r["minutes"], r["what"],
        r["meeting_id"], r["state"], r["reason"], worked,
    )  # fmt: skip


class MeetingRepository:
    """Reads and writes meetings, RSVPs and contribution entries."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    # -- meetings ---------------------------------------------------------------------

    async def create(
        self,
        tx: Tx,
        *,
        group_id: str,
        channel_id: str,
        title: str,
        starts_local: str,
        zone: str,
        minutes: int,
        place: str | None,
        every: str,
        until_local: str | None,
        now: datetime,
        created_by: str | None,
        by_day: str | None = None,
    ) -> int:
        """Store a new meeting (set up by `created_by`, if a person did); returns its id."""
        found = await tx.execute_fetchall(
            "INSERT INTO meetings (group_id, channel_id, title, starts_local, zone, minutes,"
            " place, every, until_local, created_at, created_by, by_day)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (group_id, channel_id, title, starts_local, zone, minutes, place, every,
             until_local, to_db(now), created_by, by_day),
        )  # fmt: skip
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def get(self, meeting_id: int, within: Tx | None = None) -> Meeting | None:
        """A meeting by id (`within` a transaction: as it sees it)."""
        found = await (within or self.conn).execute_fetchall(
            "SELECT * FROM meetings WHERE id = ?", (meeting_id,)
        )
        row = next(iter(found), None)
        return _meeting(row) if row else None

    async def in_group(self, group_id: str) -> list[Meeting]:
        """The group's meetings not cancelled as a whole, oldest first."""
        rows = await self.conn.execute_fetchall(
            "SELECT * FROM meetings WHERE group_id = ? AND cancelled_at IS NULL ORDER BY id",
            (group_id,),
        )
        return [_meeting(r) for r in rows]

    async def move(
        self,
        tx: Tx,
        meeting_id: int,
        starts_local: str,
        until_local: str | None,
    ) -> None:
        """A new start (and a series' end); SEQUENCE goes up so calendars replace the old."""
        await tx.execute(
            "UPDATE meetings SET starts_local = ?, until_local = ?, sequence = sequence + 1"
            " WHERE id = ?",
            (starts_local, until_local, meeting_id),
        )

    async def cancel(self, tx: Tx, meeting_id: int, now: datetime) -> None:
        """Call off the whole meeting or series."""
        await tx.execute(
            "UPDATE meetings SET cancelled_at = ?, sequence = sequence + 1 WHERE id = ?",
            (to_db(now), meeting_id),
        )

    async def skip(self, tx: Tx, meeting_id: int, occurrence: str) -> None:
        """Call off one occurrence of a series; SEQUENCE goes up so calendars drop it."""
        cur = await tx.execute(
            "INSERT INTO meeting_skips (meeting_id, occurrence) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (meeting_id, occurrence),
        )
        if cur.rowcount:
            await tx.execute(
                "UPDATE meetings SET sequence = sequence + 1 WHERE id = ?", (meeting_id,)
            )

    async def skips(self, meeting_id: int) -> set[str]:
        """Occurrences called off."""
        rows = await self.conn.execute_fetchall(
            "SELECT occurrence FROM meeting_skips WHERE meeting_id = ?", (meeting_id,)
        )
        return {r[0] for r in rows}

    # -- RSVPs ------------------------------------------------------------------------

    async def answer(
        self,
        tx: Tx,
        meeting_id: int,
        occurrence: str,
        user_id: str,
        answer: str,
        now: datetime,
    ) -> None:
        """Record or change someone's answer for one occurrence."""
        await tx.execute(
            "INSERT INTO meeting_rsvps (meeting_id, occurrence, user_id, answer, answered_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, occurrence, user_id)"
            " DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at",
            (meeting_id, occurrence, user_id, answer, to_db(now)),
        )

    async def rsvps(self, meeting_id: int, occurrence: str) -> list[Rsvp]:
        """Every answer for one occurrence."""
        rows = await self.conn.execute_fetchall(
            "SELECT occurrence, user_id, answer FROM meeting_rsvps"
            " WHERE meeting_id = ? AND occurrence = ? ORDER BY answered_at",
            (meeting_id, occurrence),
        )
        return [Rsvp(*r) for r in rows]

    async def carry(self, tx: Tx, meeting_id: int, old: str, new: str) -> None:
        """A moved occurrence keeps its answers (over any given for the new date)."""
        await tx.execute(
            "DELETE FROM meeting_rsvps WHERE meeting_id = ? AND occurrence = ? AND user_id IN"
            " (SELECT user_id FROM meeting_rsvps WHERE meeting_id = ? AND occurrence = ?)",
            (meeting_id, new, meeting_id, old),
        )
        await tx.execute(
            "UPDATE meeting_rsvps SET occurrence = ? WHERE meeting_id = ? AND occurrence = ?",
            (new, meeting_id, old),
        )

    async def rsvps_of(self, group_id: str, user_id: str) -> list[tuple[int, Rsvp]]:
        """Someone's answers in a group (for export)."""
        rows = await self.conn.execute_fetchall(
            "SELECT r.meeting_id, r.occurrence, r.user_id, r.answer FROM meeting_rsvps r"
            " JOIN meetings m ON m.id = r.meeting_id WHERE m.group_id = ? AND r.user_id = ?",
            (group_id, user_id),
        )
        return [(r[0], Rsvp(r[1], r[2], r[3])) for r in rows]

    async def answered_since(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """Who answered when (participation balance)."""
        rows = await self.conn.execute_fetchall(
            "SELECT r.user_id, r.answered_at FROM meeting_rsvps r JOIN meetings m"
            " ON m.id = r.meeting_id WHERE m.group_id = ? AND r.answered_at >= ?"
            " AND r.answered_at <= ?",
            (group_id, to_db(since), to_db(until)),
        )
        return [(r[0], w) for r in rows if (w := from_db(r[1])) is not None]

    async def set_up_since(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime]]:
        """Who set up a meeting, and when (participation balance)."""
        rows = await self.conn.execute_fetchall(
            "SELECT created_by, created_at FROM meetings WHERE group_id = ?"
            " AND created_by IS NOT NULL AND created_at >= ? AND created_at <= ?",
            (group_id, to_db(since), to_db(until)),
        )
        return [(r[0], w) for r in rows if (w := from_db(r[1])) is not None]

    async def set_up_by(self, group_id: str, user_id: str) -> list[int]:
        """The meetings someone set up (for export)."""
        rows = await self.conn.execute_fetchall(
            "SELECT id FROM meetings WHERE group_id = ? AND created_by = ? ORDER BY id",
            (group_id, user_id),
        )
        return [r[0] for r in rows]

    async def worked_since(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime, bool]]:
        """Who came to a meeting or logged time, when, and whether it was a meeting."""
        rows = await self.conn.execute_fetchall(
            "SELECT user_id, worked_at, meeting_id IS NOT NULL FROM contrib_entries"
            " WHERE group_id = ? AND user_id IS NOT NULL AND worked_at >= ? AND worked_at <= ?",
            (group_id, to_db(since), to_db(until)),
        )
        return [(r[0], w, bool(r[2])) for r in rows if (w := from_db(r[1])) is not None]

    # -- contributions ----------------------------------------------------------------

    async def log(
        self,
        tx: Tx,
        *,
        group_id: str,
        user_id: str,
        constituency: str | None,
        minutes: int,
        what: str,
        state: str,
        worked_at: datetime,
        meeting_id: int | None = None,
        occurrence: str | None = None,
    ) -> int:
        """Add an entry (attendance again for the same occurrence updates it); its id."""
        found = await tx.execute_fetchall(
            "INSERT INTO contrib_entries (group_id, user_id, constituency, minutes, what,"
            " meeting_id, occurrence, state, worked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (meeting_id, occurrence, user_id) DO UPDATE SET"
            " state = CASE WHEN excluded.state = 'confirmed' THEN 'confirmed'"
            " ELSE contrib_entries.state END"
            " RETURNING id",
            (group_id, user_id, constituency, minutes, what, meeting_id, occurrence, state,
             to_db(worked_at)),
        )  # fmt: skip
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def entry(self, entry_id: int) -> Entry | None:
        """One entry by number."""
        found = await self.conn.execute_fetchall(
            "SELECT * FROM contrib_entries WHERE id = ?", (entry_id,)
        )
        row = next(iter(found), None)
        return _entry(row) if row else None

    async def judge(self, tx: Tx, entry_id: int, state: str, reason: str | None) -> None:
        """A facilitator confirms or queries an entry."""
        await tx.execute(
            "UPDATE contrib_entries SET state = ?, reason = ? WHERE id = ?",
            (state, reason, entry_id),
        )

    async def entries(
        self, group_id: str, since: datetime, until: datetime, user_id: str | None = None
    ) -> list[Entry]:
        """Entries worked in [since, until), of one person or everyone (unnamed too)."""
        sql = (
            "SELECT * FROM contrib_entries WHERE group_id = ? AND worked_at >= ? AND worked_at < ?"
        )
        params: list[object] = [group_id, to_db(since), to_db(until)]
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        rows = await self.conn.execute_fetchall(sql + " ORDER BY worked_at, id", params)
        return [_entry(r) for r in rows]

    async def waiting(self, group_id: str) -> list[Entry]:
        """Entries waiting for a facilitator: not yet looked at, or queried and not settled."""
        rows = await self.conn.execute_fetchall(
            "SELECT * FROM contrib_entries WHERE group_id = ?"
            " AND state IN ('pending', 'queried') ORDER BY id",
            (group_id,),
        )
        return [_entry(r) for r in rows]

    async def forget(self, tx: Tx, group_id: str, user_id: str) -> tuple[int, int, int]:
        """Erase someone: answers and unconfirmed entries go; confirmed hours stay unnamed."""
        cur = await tx.execute(
            "DELETE FROM meeting_rsvps WHERE user_id = ? AND meeting_id IN"
            " (SELECT id FROM meetings WHERE group_id = ?)",
            (user_id, group_id),
        )
        answers = cur.rowcount
        cur = await tx.execute(
            "DELETE FROM contrib_entries WHERE group_id = ? AND user_id = ?"
            " AND state != 'confirmed'",
            (group_id, user_id),
        )
        dropped = cur.rowcount
        await tx.execute(  # the meetings stay; who set them up goes
            "UPDATE meetings SET created_by = NULL WHERE group_id = ? AND created_by = ?",
            (group_id, user_id),
        )
        cur = await tx.execute(
            "UPDATE contrib_entries SET user_id = NULL, what = 'unnamed'"
            " WHERE group_id = ? AND user_id = ?",
            (group_id, user_id),
        )
        return answers, dropped, cur.rowcount
