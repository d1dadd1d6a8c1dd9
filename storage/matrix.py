"""Matrix platform state: sync position, events acted on, DM rooms and native polls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Row, Tx
from storage.timefmt import to_db


@dataclass(frozen=True)
class NativePoll:
    """A poll.start event the bot sent, and the command its answers run."""

    start_event_id: str
    room_id: str
    group_id: str
    key: str
    choice_id: int  # what its answers run, in the core's stored choices
    ended: bool

    @classmethod
    def from_row(cls, row: Row) -> NativePoll:
        """Build from a `matrix_polls` row."""
        return cls(
            start_event_id=row["start_event_id"],
            room_id=row["room_id"],
            group_id=row["group_id"],
            key=row["key"],
            choice_id=row["choice_id"],
            ended=bool(row["ended"]),
        )


class MatrixRepository:
    """Reads and writes the Matrix platform's own tables."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    # -- sync position ------------------------------------------------------------------

    async def sync_token(self, account: str) -> str | None:
        """The next_batch token saved after the last fully handled sync, if any."""
        found = await self.conn.execute_fetchall(
            "SELECT next_batch FROM matrix_sync WHERE account = ?", (account,)
        )
        row = next(iter(found), None)
        return str(row[0]) if row else None

    async def save_sync_token(self, tx: Tx, account: str, token: str, now: datetime) -> None:
        """Remember where the sync stream stands."""
        await tx.execute(
            "INSERT INTO matrix_sync (account, next_batch, saved_at) VALUES (?, ?, ?)"
            " ON CONFLICT (account) DO UPDATE SET next_batch = excluded.next_batch,"
            " saved_at = excluded.saved_at",
            (account, token, to_db(now)),
        )

    # -- events acted on ----------------------------------------------------------------

    async def claim_event(self, tx: Tx, event_id: str, room_id: str, now: datetime) -> bool:
        """Record an event as acted on; False if it already was (then do not act again)."""
        cur = await tx.execute(
            "INSERT INTO matrix_events (event_id, room_id, seen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (event_id) DO NOTHING",
            (event_id, room_id, to_db(now)),
        )
        return cur.rowcount == 1

    async def was_claimed(self, event_id: str) -> bool:
        """Whether an event was already acted on."""
        found = await self.conn.execute_fetchall(
            "SELECT 1 FROM matrix_events WHERE event_id = ?", (event_id,)
        )
        return next(iter(found), None) is not None

    async def forget_events_before(self, tx: Tx, when: datetime) -> int:
        """Drop claims older than any sync that could still be replayed; returns how many."""
        cur = await tx.execute("DELETE FROM matrix_events WHERE seen_at < ?", (to_db(when),))
        return cur.rowcount

    # -- direct-message rooms -----------------------------------------------------------

    async def dm_rooms(self) -> dict[str, str]:
        """Every DM room the bot made: user id -> room id."""
        rows = await self.conn.execute_fetchall("SELECT user_id, room_id FROM matrix_dm_rooms")
        return {r[0]: r[1] for r in rows}

    async def save_dm_room(self, tx: Tx, user_id: str, room_id: str) -> None:
        """Record (or replace) someone's DM room."""
        await tx.execute(
            "INSERT INTO matrix_dm_rooms (user_id, room_id) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET room_id = excluded.room_id",
            (user_id, room_id),
        )

    async def forget_dm_room(self, tx: Tx, room_id: str) -> None:
        """Drop a DM room the person left."""
        await tx.execute("DELETE FROM matrix_dm_rooms WHERE room_id = ?", (room_id,))

    # -- native polls -------------------------------------------------------------------

    async def save_poll(self, tx: Tx, poll: NativePoll) -> None:
        """Record a sent poll.start; a newer one for the same living message replaces it."""
        await tx.execute(
            "DELETE FROM matrix_polls WHERE group_id = ? AND key = ?", (poll.group_id, poll.key)
        )
        await tx.execute(
            "INSERT INTO matrix_polls (start_event_id, room_id, group_id, key, choice_id, ended)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                poll.start_event_id,
                poll.room_id,
                poll.group_id,
                poll.key,
                poll.choice_id,
                int(poll.ended),
            ),
        )

    async def poll_by_event(self, start_event_id: str) -> NativePoll | None:
        """The native poll a response refers to, if the bot sent it."""
        found = await self.conn.execute_fetchall(
            "SELECT * FROM matrix_polls WHERE start_event_id = ?", (start_event_id,)
        )
        row = next(iter(found), None)
        return NativePoll.from_row(row) if row else None

    async def poll_by_key(self, group_id: str, key: str) -> NativePoll | None:
        """The native poll shown beside a living message, if any."""
        found = await self.conn.execute_fetchall(
            "SELECT * FROM matrix_polls WHERE group_id = ? AND key = ?", (group_id, key)
        )
        row = next(iter(found), None)
        return NativePoll.from_row(row) if row else None

    async def end_poll(self, tx: Tx, start_event_id: str) -> bool:
        """Mark a native poll ended; False if it already was (send poll.end only once)."""
        cur = await tx.execute(
            "UPDATE matrix_polls SET ended = 1 WHERE start_event_id = ? AND ended = 0",
            (start_event_id,),
        )
        return cur.rowcount == 1

    async def newer_response(
        self, tx: Tx, start_event_id: str, user_id: str, sent_at_ms: int
    ) -> bool:
        """Record a response's time; False if the person already sent a later one."""
        cur = await tx.execute(
            "INSERT INTO matrix_poll_responses (start_event_id, user_id, sent_at_ms)"
            " VALUES (?, ?, ?) ON CONFLICT (start_event_id, user_id) DO UPDATE"
            " SET sent_at_ms = excluded.sent_at_ms"
            " WHERE excluded.sent_at_ms >= matrix_poll_responses.sent_at_ms",
            (start_event_id, user_id, sent_at_ms),
        )
        return cur.rowcount == 1
