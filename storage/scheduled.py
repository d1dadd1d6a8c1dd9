"""Rows of work that must happen later: what, when, for which group, done or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.claims import JOB
from storage.engine import Reads, Row, Tx
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class Scheduled:
    """One piece of later work."""

    id: int
    group_id: str
    kind: str
    ref: str
    due_at: datetime
    stale_at: datetime | None
    done_at: datetime | None
    outcome: str | None
    attempts: int = 0

    @classmethod
    def from_row(cls, row: Row) -> Scheduled:
        """Build from a `scheduled` row."""
        due = from_db(row["due_at"])
        assert due is not None
        return cls(
            id=row["id"],
            group_id=row["group_id"],
            kind=row["kind"],
            ref=row["ref"],
            due_at=due,
            stale_at=from_db(row["stale_at"]),
            done_at=from_db(row["done_at"]),
            outcome=row["outcome"],
            attempts=row["attempts"],
        )


class ScheduledRepository:
    """Reads and writes scheduled rows."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def add(
        self,
        tx: Tx,
        group_id: str,
        kind: str,
        ref: str,
        due_at: datetime,
        stale_at: datetime | None = None,
    ) -> int:
        """Record work to do at `due_at`; the same (kind, ref, due_at) is only stored once.

        Work that was cancelled and is asked for again (cancel then re-arm at the same time,
        in one transaction) is pending again; work already done is not run twice.
        """
        found = await tx.execute_fetchall(
            "INSERT INTO scheduled (group_id, kind, ref, due_at, stale_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, ref, due_at) DO UPDATE SET"
            " done_at = CASE WHEN scheduled.outcome = 'cancelled' THEN NULL"
            " ELSE scheduled.done_at END,"
            " outcome = CASE WHEN scheduled.outcome = 'cancelled' THEN NULL"
            " ELSE scheduled.outcome END"
            " RETURNING id",
            (group_id, kind, ref, to_db(due_at), to_db(stale_at) if stale_at else None),
        )
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def pending(
        self,
        due_before: datetime | None = None,
        *,
        kind: str | None = None,
        ref: str | None = None,
        not_held_by_others_of: str | None = None,
        limit: int | None = None,
    ) -> list[Scheduled]:
        """Work not yet done, soonest first.

        Only what is due by `due_before`, or of one `kind` (and `ref`), if given; with
        `not_held_by_others_of` (a process's claim holder) and `due_before`, only what no
        other process is running then; at most `limit` rows.
        """
        sql = "SELECT * FROM scheduled s WHERE done_at IS NULL"
        params: list[str] = []
        for clause, value in (
            (" AND due_at <= ?", to_db(due_before) if due_before else None),
            (" AND kind = ?", kind),
            (" AND ref = ?", ref),
        ):
            if value is not None:
                sql += clause
                params.append(value)
        if not_held_by_others_of is not None and due_before is not None:
            sql += (
                f" AND NOT EXISTS (SELECT 1 FROM work_claims c WHERE c.what = '{JOB}' || s.id"
                " AND c.holder <> ? AND c.until > ?)"
            )
            params += [not_held_by_others_of, to_db(due_before)]
        sql += " ORDER BY due_at, id" + (f" LIMIT {int(limit)}" if limit else "")
        rows = await self.conn.execute_fetchall(sql, params)
        return [Scheduled.from_row(r) for r in rows]

    async def next_due(self) -> datetime | None:
        """When the soonest pending work falls due (one indexed look-up)."""
        found = await self.conn.execute_fetchall(
            "SELECT MIN(due_at) FROM scheduled WHERE done_at IS NULL"
        )
        row = next(iter(found), None)
        return from_db(row[0]) if row else None

    async def get(self, row_id: int) -> Scheduled | None:
        """One row."""
        found = await self.conn.execute_fetchall("SELECT * FROM scheduled WHERE id = ?", (row_id,))
        row = next(iter(found), None)
        return Scheduled.from_row(row) if row else None

    async def finish(self, tx: Tx, row_id: int, when: datetime, outcome: str) -> bool:
        """Mark done, unless it already was; True if this call finished it."""
        cur = await tx.execute(
            "UPDATE scheduled SET done_at = ?, outcome = ? WHERE id = ? AND done_at IS NULL",
            (to_db(when), outcome, row_id),
        )
        return cur.rowcount == 1

    async def retry(self, tx: Tx, row_id: int, due_at: datetime, error: str) -> None:
        """Try a failed row again at `due_at`, counting the attempt."""
        await tx.execute(
            "UPDATE scheduled SET due_at = ?, attempts = attempts + 1, outcome = ?"
            " WHERE id = ? AND done_at IS NULL",
            (to_db(due_at), error[:200], row_id),
        )

    async def cancel(self, tx: Tx, kind: str, ref: str, when: datetime) -> None:
        """Drop pending work of a kind about a thing (e.g. a closed poll's reminder)."""
        await tx.execute(
            "UPDATE scheduled SET done_at = ?, outcome = 'cancelled'"
            " WHERE kind = ? AND ref = ? AND done_at IS NULL",
            (to_db(when), kind, ref),
        )
