"""Polls, their options and ballots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Row, Tx
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class Poll:
    """A question the group votes on."""

    id: int
    group_id: str
    channel_id: str
    author_id: str
    question: str
    kind: str
    anonymous: bool
    hide_results: bool
    created_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None
    options: tuple[str, ...]

    @property
    def is_open(self) -> bool:
        """Whether ballots are still taken."""
        return self.closed_at is None


@dataclass(frozen=True)
class Ballot:
    """One person's vote: option positions in order of preference."""

    voter: str
    choices: tuple[int, ...]
    reason: str | None


# Every ballot change checks the same rule, in the transaction of its write: not closed, and
# the deadline not reached (the close job may run a little after it).
_TAKES_BALLOTS = (
    "SELECT 1 FROM polls WHERE id = ? AND closed_at IS NULL"
    " AND (closes_at IS NULL OR closes_at > ?)"
)


def _choices(text: str) -> tuple[int, ...]:
    return tuple(int(c) for c in text.split(",")) if text else ()


class PollRepository:
    """Reads and writes polls and ballots."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def create(
        self,
        tx: Tx,
        *,
        group_id: str,
        channel_id: str,
        author_id: str,
        question: str,
        kind: str,
        options: Sequence[str],
        anonymous: bool,
        hide_results: bool,
        created_at: datetime,
        closes_at: datetime | None,
    ) -> int:
        """Store a new poll and its options; returns its id."""
        found = await tx.execute_fetchall(
            "INSERT INTO polls (group_id, channel_id, author_id, question, kind, anonymous,"
            " hide_results, created_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            (
                group_id,
                channel_id,
                author_id,
                question,
                kind,
                int(anonymous),
                int(hide_results),
                to_db(created_at),
                to_db(closes_at) if closes_at else None,
            ),
        )
        row = next(iter(found), None)
        assert row is not None
        poll_id = int(row[0])
        await tx.executemany(
            "INSERT INTO poll_options (poll_id, position, label) VALUES (?, ?, ?)",
            [(poll_id, i, label) for i, label in enumerate(options, start=1)],
        )
        return poll_id

    async def _build(self, rows: Sequence[Row]) -> list[Poll]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" * len(ids))
        options: dict[int, list[str]] = {i: [] for i in ids}
        labels = await self.conn.execute_fetchall(
            f"SELECT poll_id, label FROM poll_options WHERE poll_id IN ({marks})"
            " ORDER BY poll_id, position",
            ids,
        )
        for poll_id, label in labels:
            options[poll_id].append(label)
        polls = []
        for r in rows:
            created = from_db(r["created_at"])
            assert created is not None
            polls.append(
                Poll(
                    id=r["id"],
                    group_id=r["group_id"],
                    channel_id=r["channel_id"],
                    author_id=r["author_id"],
                    question=r["question"],
                    kind=r["kind"],
                    anonymous=bool(r["anonymous"]),
                    hide_results=bool(r["hide_results"]),
                    created_at=created,
                    closes_at=from_db(r["closes_at"]),
                    closed_at=from_db(r["closed_at"]),
                    options=tuple(options[r["id"]]),
                )
            )
        return polls

    _COLUMNS = (
        "id, group_id, channel_id, author_id, question, kind, anonymous, hide_results,"
        " created_at, closes_at, closed_at"
    )

    async def get(self, poll_id: int) -> Poll | None:
        """One poll with its options."""
        rows = await self.conn.execute_fetchall(
            f"SELECT {self._COLUMNS} FROM polls WHERE id = ?", (poll_id,)
        )
        polls = await self._build(list(rows))
        return polls[0] if polls else None

    async def open_polls(self, group_id: str) -> list[Poll]:
        """Polls still taking ballots in a group, soonest deadline first."""
        rows = await self.conn.execute_fetchall(
            f"SELECT {self._COLUMNS} FROM polls WHERE group_id = ? AND closed_at IS NULL"
            " ORDER BY closes_at IS NULL, closes_at, id",
            (group_id,),
        )
        return await self._build(list(rows))

    async def secrets_in_database(self) -> list[tuple[int, bytes]]:
        """Keys of open anonymous polls still in the database (written by release 0.1.0)."""
        rows = await self.conn.execute_fetchall(
            "SELECT id, secret FROM polls WHERE secret IS NOT NULL AND closed_at IS NULL"
        )
        return [(int(r[0]), bytes(r[1])) for r in rows]

    async def drop_secrets_in_database(self, tx: Tx) -> None:
        """Empty the old secret column (the keys now live beside the database)."""
        await tx.execute("UPDATE polls SET secret = NULL WHERE secret IS NOT NULL")

    async def open_ids(self) -> set[int]:
        """Every poll still taking ballots, in every group."""
        rows = await self.conn.execute_fetchall("SELECT id FROM polls WHERE closed_at IS NULL")
        return {int(r[0]) for r in rows}

    async def closed_ids(self) -> set[int]:
        """Every poll that has stopped taking ballots, in every group."""
        rows = await self.conn.execute_fetchall("SELECT id FROM polls WHERE closed_at IS NOT NULL")
        return {int(r[0]) for r in rows}

    async def any_group(self) -> str | None:
        """Some group that has polls (scheduled work needs one)."""
        found = await self.conn.execute_fetchall("SELECT group_id FROM polls LIMIT 1")
        row = next(iter(found), None)
        return str(row[0]) if row else None

    async def cast(
        self,
        tx: Tx,
        poll_id: int,
        voter: str,
        choices: Sequence[int],
        reason: str | None,
        now: datetime,
    ) -> bool:
        """Store or replace a ballot, only while the poll takes them; False if it does not.

        A named poll's ballot keeps when it was cast; an anonymous one's keeps no time.
        """
        if not choices:
            raise ValueError("a ballot names at least one option")
        cur = await tx.execute(
            "INSERT INTO ballots (poll_id, voter, choices, reason, cast_at)"
            " SELECT ?, ?, ?, ?, CASE WHEN p.anonymous <> 0 THEN NULL ELSE ? END"
            f" FROM polls p WHERE p.id = ? AND EXISTS ({_TAKES_BALLOTS})"
            " ON CONFLICT (poll_id, voter) DO UPDATE SET choices = excluded.choices,"
            " reason = excluded.reason, cast_at = excluded.cast_at",
            (poll_id, voter, ",".join(map(str, choices)), reason, to_db(now), poll_id,
             poll_id, to_db(now)),
        )  # fmt: skip
        return cur.rowcount == 1

    async def withdraw(self, tx: Tx, poll_id: int, voter: str, now: datetime) -> bool:
        """Remove a ballot while the poll takes ballots; True if there was one."""
        cur = await tx.execute(
            f"DELETE FROM ballots WHERE poll_id = ? AND voter = ? AND EXISTS ({_TAKES_BALLOTS})",
            (poll_id, voter, poll_id, to_db(now)),
        )
        return cur.rowcount == 1

    async def ballots(self, poll_id: int) -> list[Ballot]:
        """Every ballot of a poll."""
        rows = await self.conn.execute_fetchall(
            "SELECT voter, choices, reason FROM ballots WHERE poll_id = ?", (poll_id,)
        )
        return [Ballot(r[0], _choices(r[1]), r[2]) for r in rows]

    async def ballot(self, poll_id: int, voter: str) -> Ballot | None:
        """One voter's ballot."""
        found = await self.conn.execute_fetchall(
            "SELECT voter, choices, reason FROM ballots WHERE poll_id = ? AND voter = ?",
            (poll_id, voter),
        )
        row = next(iter(found), None)
        return Ballot(row[0], _choices(row[1]), row[2]) if row else None

    async def voter_count(self, poll_id: int) -> int:
        """How many ballots a poll has."""
        found = await self.conn.execute_fetchall(
            "SELECT count(*) FROM ballots WHERE poll_id = ?", (poll_id,)
        )
        row = next(iter(found), None)
        return int(row[0]) if row else 0

    async def voters_among(self, poll_id: int, voters: Sequence[str]) -> set[str]:
        """Which of these voter keys have a ballot."""
        found: set[str] = set()
        for start in range(0, len(voters), 500):
            chunk = list(voters[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = await self.conn.execute_fetchall(
                f"SELECT voter FROM ballots WHERE poll_id = ? AND voter IN ({marks})",
                (poll_id, *chunk),
            )
            found.update(r[0] for r in rows)
        return found

    async def close(self, tx: Tx, poll_id: int, when: datetime) -> bool:
        """Stop taking ballots; True if it was open (the caller erases an anonymous key)."""
        cur = await tx.execute(
            "UPDATE polls SET closed_at = ?, secret = NULL WHERE id = ? AND closed_at IS NULL",
            (to_db(when), poll_id),
        )
        return cur.rowcount == 1
