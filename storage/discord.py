"""Discord platform state: stored choices, long and asking buttons, DM fallbacks."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.timefmt import from_db, to_db

# An asking button's `discord_actions` row holds JSON, which starts with this (see save_ask).
ASK_MARK = "{"


@dataclass(frozen=True)
class StoredChoice:
    """A multi or ranked question whose select menu or rank button refers to this row."""

    id: int
    group_id: str
    key: str
    question: str
    command: str
    args: tuple[str, ...]
    options: tuple[str, ...]
    max_selections: int
    ordered: bool

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> StoredChoice:
        """Build from a `discord_choices` row."""
        return cls(
            id=row["id"],
            group_id=row["group_id"],
            key=row["key"],
            question=row["question"],
            command=row["command"],
            args=tuple(json.loads(row["args"])),
            options=tuple(json.loads(row["options"])),
            max_selections=row["max_selections"],
            ordered=bool(row["ordered"]),
        )


@dataclass(frozen=True)
class StoredAction:
    """A button command too long to live in its custom id."""

    id: int
    group_id: str
    text: str


@dataclass(frozen=True)
class StoredAsk:
    """A button that asks for text before it runs: the action, as the platform wrote it."""

    id: int
    group_id: str
    spec: dict[str, Any]


@dataclass(frozen=True)
class DmFallback:
    """A DM that could not be delivered, and the channel where the person was mentioned."""

    id: int
    group_id: str
    user_id: str
    channel_id: str | None
    error_code: int
    created_at: datetime


class DiscordRepository:
    """Reads and writes the Discord platform's own tables."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    # -- choices ------------------------------------------------------------------------

    async def save_choice(
        self,
        tx: aiosqlite.Connection,
        *,
        group_id: str,
        key: str,
        question: str,
        command: str,
        args: Sequence[str],
        options: Sequence[str],
        max_selections: int,
        ordered: bool,
    ) -> int:
        """Record (or refresh) the choice shown under `key`; its id stays the same."""
        async with tx.execute(
            "INSERT INTO discord_choices (group_id, key, question, command, args, options,"
            " max_selections, ordered) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (group_id, key) DO UPDATE SET question = excluded.question,"
            " command = excluded.command,"
            " args = excluded.args, options = excluded.options,"
            " max_selections = excluded.max_selections, ordered = excluded.ordered"
            " RETURNING id",
            (
                group_id,
                key,
                question,
                command,
                json.dumps(list(args)),
                json.dumps(list(options)),
                max_selections,
                int(ordered),
            ),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def choice(self, choice_id: int) -> StoredChoice | None:
        """One stored choice, or None."""
        async with self.conn.execute(
            "SELECT * FROM discord_choices WHERE id = ?", (choice_id,)
        ) as cur:
            row = await cur.fetchone()
        return StoredChoice.from_row(row) if row else None

    # -- long actions -------------------------------------------------------------------

    async def save_action(self, tx: aiosqlite.Connection, group_id: str, text: str) -> int:
        """Keep a button's command; the same command in the same group keeps one id."""
        async with tx.execute(
            "INSERT INTO discord_actions (group_id, text) VALUES (?, ?)"
            " ON CONFLICT (group_id, text) DO UPDATE SET text = excluded.text RETURNING id",
            (group_id, text),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def action(self, action_id: int) -> StoredAction | None:
        """One stored action, or None (also for an asking button's row)."""
        found = await self._action_row(action_id)
        if found is None or found.text.startswith(ASK_MARK):
            return None
        return found

    async def _action_row(self, action_id: int) -> StoredAction | None:
        async with self.conn.execute(
            "SELECT id, group_id, text FROM discord_actions WHERE id = ?", (action_id,)
        ) as cur:
            row = await cur.fetchone()
        return StoredAction(row[0], row[1], row[2]) if row else None

    # -- asking buttons -----------------------------------------------------------------

    async def save_ask(
        self, tx: aiosqlite.Connection, group_id: str, spec: Mapping[str, Any]
    ) -> int:
        """Keep a button that asks for text first; the same spec in the same group keeps one id.

        It is a `discord_actions` row whose text is the spec as a JSON object: typed commands
        start with `!`, never with `{`, so the two kinds cannot be mistaken for each other.
        """
        return await self.save_action(tx, group_id, json.dumps(dict(spec), sort_keys=True))

    async def ask(self, action_id: int) -> StoredAsk | None:
        """One stored asking button, or None (also for a plain action's row)."""
        found = await self._action_row(action_id)
        if found is None or not found.text.startswith(ASK_MARK):
            return None
        try:
            spec = json.loads(found.text)
        except ValueError:
            return None
        return StoredAsk(found.id, found.group_id, spec) if isinstance(spec, dict) else None

    # -- DM fallbacks -------------------------------------------------------------------

    async def record_dm_fallback(
        self,
        tx: aiosqlite.Connection,
        *,
        group_id: str,
        user_id: str,
        channel_id: str | None,
        error_code: int,
        now: datetime,
    ) -> None:
        """Note that a DM failed and where (if anywhere) the person was mentioned instead."""
        await tx.execute(
            "INSERT INTO discord_dm_fallbacks (group_id, user_id, channel_id, error_code,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            (group_id, user_id, channel_id, error_code, to_db(now)),
        )

    async def dm_fallbacks(self, group_id: str) -> list[DmFallback]:
        """The group's failed DMs, oldest first."""
        async with self.conn.execute(
            "SELECT id, group_id, user_id, channel_id, error_code, created_at"
            " FROM discord_dm_fallbacks WHERE group_id = ? ORDER BY created_at, id",
            (group_id,),
        ) as cur:
            rows = await cur.fetchall()
        found = []
        for r in rows:
            created = from_db(r[5])
            assert created is not None
            found.append(DmFallback(r[0], r[1], r[2], r[3], r[4], created))
        return found
