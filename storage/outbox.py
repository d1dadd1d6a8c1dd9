"""The outbox: every message the bot owes, one row per place it goes, marked once delivered."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.claims import LANE
from storage.engine import Reads, Row, Tx
from storage.timefmt import from_db, to_db

SOMEONE = "someone who left"  # a forgotten person, in a message still owed to others

COLUMNS = (
    "s.id, s.group_id, s.kind, s.lane, s.target, s.name, s.answer_to, s.key, t.body,"
    " s.dedupe, s.wanted, s.created_at, s.due_at, s.attempts"
)


@dataclass(frozen=True)
class Send:
    """One message still owed to one place."""

    id: int
    group_id: str
    kind: str  # post | thread | dm | answer | redraw | calendar
    lane: str
    target: str
    name: str
    answer_to: str | None
    key: str | None
    body: str | None  # JSON, decoded by the core; None for a redraw
    dedupe: str | None
    wanted: int
    created_at: datetime
    due_at: datetime
    attempts: int

    @classmethod
    def from_row(cls, r: Row) -> Send:
        """Build from a row of COLUMNS."""
        created, due = from_db(r[11]), from_db(r[12])
        assert created is not None and due is not None
        return cls(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], created, due, r[13]
        )


@dataclass(frozen=True)
class Owed:
    """A row to add: where a message goes, and when."""

    kind: str
    lane: str
    target: str
    due_at: datetime
    name: str = ""
    answer_to: str | None = None
    key: str | None = None


class OutboxRepository:
    """Reads and writes the outbox."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def salt(self) -> str:
        """This database's own random name, for idempotency keys."""
        found = await self.conn.execute_fetchall("SELECT salt FROM bot_instance")
        row = next(iter(found), None)
        return str(row[0]) if row else "0"

    async def text(self, tx: Tx, body: str, now: datetime) -> int:
        """The id of this text, stored once (restored if it was emptied after delivery)."""
        digest = hashlib.sha256(body.encode()).hexdigest()
        found = await tx.execute_fetchall(
            "INSERT INTO outbox_texts (digest, body, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (digest) DO UPDATE SET body = excluded.body RETURNING id",
            (digest, body, to_db(now)),
        )
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def add(
        self,
        tx: Tx,
        group_id: str,
        text_id: int | None,
        owed: Sequence[Owed],
        now: datetime,
        dedupe: str | None = None,
    ) -> int:
        """Owe a text to each place; under a `dedupe` name, places already owed it are kept.

        Returns how many rows were added.
        """
        done = await tx.executemany(
            "INSERT INTO outbox_sends (group_id, kind, lane, target, name, answer_to, key,"
            " text_id, dedupe, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [
                (
                    group_id,
                    o.kind,
                    o.lane,
                    o.target,
                    o.name,
                    o.answer_to,
                    o.key,
                    text_id,
                    dedupe,
                    to_db(now),
                    to_db(o.due_at),
                )
                for o in owed
            ],
        )
        return done.rowcount

    async def coalesce(
        self,
        tx: Tx,
        group_id: str,
        owed: Owed,
        text_id: int | None,
        now: datetime,
    ) -> None:
        """Ask for a redraw (or calendar change) of a message: one pending row a message.

        A pending one keeps its time (a long burst still redraws every so often) and counts
        one more request, so one being delivered right now is done again afterwards.
        """
        await tx.execute(
            "INSERT INTO outbox_sends (group_id, kind, lane, target, text_id, created_at, due_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (group_id, kind, target) WHERE kind IN ('redraw', 'calendar')"
            " AND sent_at IS NULL DO UPDATE SET wanted = outbox_sends.wanted + 1,"
            " text_id = excluded.text_id",
            (group_id, owed.kind, owed.lane, owed.target, text_id, to_db(now), to_db(owed.due_at)),
        )

    async def due(
        self, now: datetime, limit: int = 1000, *, not_held_by_others_of: str | None = None
    ) -> list[Send]:
        """Undelivered rows whose time has come, in the order they were decided.

        With `not_held_by_others_of` (a process's claim holder): only lanes no other
        process is sending now.
        """
        free = ""
        params: list[object] = [to_db(now)]
        if not_held_by_others_of is not None:
            free = (
                f" AND NOT EXISTS (SELECT 1 FROM work_claims c WHERE c.what = '{LANE}' || s.lane"
                " AND c.holder <> ? AND c.until > ?)"
            )
            params += [not_held_by_others_of, to_db(now)]
        rows = await self.conn.execute_fetchall(
            f"SELECT {COLUMNS} FROM outbox_sends s LEFT JOIN outbox_texts t ON t.id = s.text_id"
            f" WHERE s.sent_at IS NULL AND s.due_at <= ?{free} ORDER BY s.id LIMIT ?",
            [*params, limit],
        )
        return [Send.from_row(r) for r in rows]

    async def next_due(
        self, group_id: str | None = None, dedupe: str | None = None
    ) -> datetime | None:
        """When the earliest undelivered row falls due (of one fan-out, if named)."""
        sql, params = "SELECT min(due_at) FROM outbox_sends WHERE sent_at IS NULL", []
        if group_id is not None and dedupe is not None:
            sql += " AND group_id = ? AND dedupe = ?"
            params = [group_id, dedupe]
        found = await self.conn.execute_fetchall(sql, params)
        row = next(iter(found), None)
        return from_db(row[0]) if row else None

    async def mark_sent(self, tx: Tx, send_id: int, now: datetime, wanted: int) -> bool:
        """Delivered; False if more was asked for meanwhile (a redraw to do again)."""
        cur = await tx.execute(
            "UPDATE outbox_sends SET sent_at = ?, error = NULL"
            " WHERE id = ? AND sent_at IS NULL AND wanted = ?",
            (to_db(now), send_id, wanted),
        )
        return cur.rowcount == 1

    async def give_up(self, tx: Tx, send_id: int, now: datetime, why: str) -> None:
        """Stop trying a row, keeping why."""
        await tx.execute(
            "UPDATE outbox_sends SET sent_at = ?, error = ? WHERE id = ? AND sent_at IS NULL",
            (to_db(now), why[:300], send_id),
        )

    async def postpone(self, tx: Tx, send: Send, until: datetime, error: str) -> None:
        """A row failed: it and everything due after it in its lane wait until `until`."""
        await tx.execute(
            "UPDATE outbox_sends SET attempts = attempts + 1, error = ? WHERE id = ?",
            (error[:300], send.id),
        )
        await tx.execute(
            "UPDATE outbox_sends SET due_at = ? WHERE lane = ? AND sent_at IS NULL"
            " AND id >= ? AND due_at < ?",
            (to_db(until), send.lane, send.id, to_db(until)),
        )

    async def owed_with_key(self, group_id: str, key: str) -> bool:
        """Whether a message to be kept under `key` is still owed (its redraws wait for it)."""
        found = await self.conn.execute_fetchall(
            "SELECT 1 FROM outbox_sends WHERE group_id = ? AND key = ? AND sent_at IS NULL"
            " AND kind IN ('post', 'thread', 'answer') LIMIT 1",
            (group_id, key),
        )
        return bool(list(found))

    async def sent_to(self, group_id: str, dedupe: str) -> set[str]:
        """Who (or which channel) has been sent a fan-out."""
        rows = await self.conn.execute_fetchall(
            "SELECT target FROM outbox_sends"
            " WHERE group_id = ? AND dedupe = ? AND sent_at IS NOT NULL",
            (group_id, dedupe),
        )
        return {r[0] for r in rows}

    async def drop_delivered_text(self, tx: Tx) -> None:
        """Empty the text of messages delivered everywhere: only who-got-what stays.

        A message can name other people (a pairing's intro); kept past its delivery, it
        would outlive their `!me forget`.
        """
        await tx.execute(
            "UPDATE outbox_texts SET body = '' WHERE body != '' AND NOT EXISTS"
            " (SELECT 1 FROM outbox_sends s WHERE s.text_id = outbox_texts.id"
            " AND s.sent_at IS NULL)"
        )

    async def forget(self, tx: Tx, group_id: str, user_id: str, name: str, now: datetime) -> None:
        """Drop what is owed to someone who left or asked to be forgotten, and their name.

        A message still owed to others that names them ("Did you and alice meet?", held for
        someone's quiet hours) goes out saying "someone who left" instead.
        """
        await tx.execute(
            "DELETE FROM outbox_sends WHERE group_id = ? AND (target = ? OR lane = ?)",
            (group_id, user_id, "@" + user_id),
        )
        # A process's claim on their lane names them too (several processes share the work).
        await tx.execute("DELETE FROM work_claims WHERE what = ?", (LANE + "@" + user_id,))
        if not name.strip():
            return
        quoted = json.dumps(name, ensure_ascii=False)[1:-1]  # as it stands inside the JSON
        owed = await tx.execute_fetchall(
            "SELECT DISTINCT t.id, t.body FROM outbox_texts t JOIN outbox_sends s"
            " ON s.text_id = t.id WHERE s.group_id = ? AND s.sent_at IS NULL",
            (group_id,),
        )
        named = [(text_id, body) for text_id, body in owed if quoted in body]
        for text_id, body in named:
            unnamed = await self.text(tx, body.replace(quoted, SOMEONE), now)
            await tx.execute(
                "UPDATE outbox_sends SET text_id = ? WHERE text_id = ? AND group_id = ?"
                " AND sent_at IS NULL",
                (unnamed, text_id, group_id),
            )
        await self.drop_delivered_text(tx)
        await tx.execute(
            "DELETE FROM outbox_texts WHERE NOT EXISTS"
            " (SELECT 1 FROM outbox_sends s WHERE s.text_id = outbox_texts.id)"
        )

    async def prune(self, tx: Tx, before: datetime) -> None:
        """Forget delivered rows older than `before` (a fan-out's dedupe window is over)."""
        await tx.execute(
            "DELETE FROM outbox_sends WHERE sent_at IS NOT NULL AND created_at < ?",
            (to_db(before),),
        )
        await tx.execute(
            "DELETE FROM outbox_texts WHERE NOT EXISTS"
            " (SELECT 1 FROM outbox_sends s WHERE s.text_id = outbox_texts.id)"
        )
