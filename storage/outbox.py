"""The outbox: one row per recipient of a fan-out, marked when it is sent."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class Delivery:
    """One message still owed to one recipient."""

    id: int
    group_id: str
    dedupe: str
    recipient: str
    name: str
    reply: str  # JSON, decoded by the core
    due_at: datetime


class OutboxRepository:
    """Reads and writes the outbox."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def enqueue(
        self,
        tx: aiosqlite.Connection,
        group_id: str,
        dedupe: str,
        reply: str,
        recipients: Sequence[tuple[str, str, datetime]],
        now: datetime,
    ) -> None:
        """Owe `reply` to each (recipient, name, due_at); those already owed or sent are kept."""
        digest = hashlib.sha256(reply.encode()).hexdigest()
        await tx.execute(
            "INSERT INTO outbox_messages (group_id, dedupe, digest, reply, created_at)"
            # The same digest is the same text: restore it if it was emptied after delivery.
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET reply = excluded.reply",
            (group_id, dedupe, digest, reply, to_db(now)),
        )
        await tx.executemany(
            "INSERT INTO outbox (group_id, dedupe, digest, recipient, name, due_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(group_id, dedupe, digest, who, name, to_db(at)) for who, name, at in recipients],
        )

    async def due(
        self,
        now: datetime,
        group_id: str | None = None,
        dedupe: str | None = None,
        limit: int = 500,
    ) -> list[Delivery]:
        """Unsent rows whose time has come, oldest first (optionally of one fan-out)."""
        sql = (
            "SELECT o.id, o.group_id, o.dedupe, o.recipient, o.name, m.reply, o.due_at"
            " FROM outbox o JOIN outbox_messages m USING (group_id, dedupe, digest)"
            " WHERE o.sent_at IS NULL AND o.due_at <= ?"
        )
        params: list[str | int] = [to_db(now)]
        if group_id is not None and dedupe is not None:
            sql += " AND o.group_id = ? AND o.dedupe = ?"
            params += [group_id, dedupe]
        sql += " ORDER BY o.due_at, o.id LIMIT ?"
        params.append(limit)
        rows = await self.conn.execute_fetchall(sql, params)
        return [Delivery(r[0], r[1], r[2], r[3], r[4], r[5], from_db(r[6]) or now) for r in rows]

    async def next_due(self, group_id: str, dedupe: str) -> datetime | None:
        """When the earliest unsent row of a fan-out falls due."""
        found = await self.conn.execute_fetchall(
            "SELECT min(due_at) FROM outbox WHERE group_id = ? AND dedupe = ? AND sent_at IS NULL",
            (group_id, dedupe),
        )
        row = next(iter(found), None)
        return from_db(row[0]) if row else None

    async def mark_sent(self, tx: aiosqlite.Connection, delivery_id: int, now: datetime) -> bool:
        """Claim a row for sending; False if it was already sent (then it must not be)."""
        cur = await tx.execute(
            "UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
            (to_db(now), delivery_id),
        )
        return cur.rowcount == 1

    async def sent_to(self, group_id: str, dedupe: str) -> set[str]:
        """Who has been sent a fan-out."""
        rows = await self.conn.execute_fetchall(
            "SELECT recipient FROM outbox"
            " WHERE group_id = ? AND dedupe = ? AND sent_at IS NOT NULL",
            (group_id, dedupe),
        )
        return {r[0] for r in rows}

    async def drop_delivered_text(self, tx: aiosqlite.Connection) -> None:
        """Empty the text of messages everyone has been sent: only who-got-what stays.

        A message can name other people (a pairing's intro); kept past its delivery, it
        would outlive their `!me forget`.
        """
        await tx.execute(
            "UPDATE outbox_messages SET reply = '' WHERE reply != '' AND NOT EXISTS"
            " (SELECT 1 FROM outbox o WHERE o.group_id = outbox_messages.group_id"
            " AND o.dedupe = outbox_messages.dedupe AND o.digest = outbox_messages.digest"
            " AND o.sent_at IS NULL)"
        )

    async def forget(self, tx: aiosqlite.Connection, group_id: str, recipient: str) -> None:
        """Drop what is owed to someone who left or asked to be forgotten."""
        await tx.execute(
            "DELETE FROM outbox WHERE group_id = ? AND recipient = ?", (group_id, recipient)
        )

    async def prune(self, tx: aiosqlite.Connection, before: datetime) -> None:
        """Forget fan-outs created before `before` (their dedupe window is over)."""
        await tx.execute("DELETE FROM outbox_messages WHERE created_at < ?", (to_db(before),))
