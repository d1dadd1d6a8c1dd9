"""One aiosqlite connection with the pragmas, migrations and a transaction helper."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.migrate import apply_migrations

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    # Deleted rows (an anonymous poll's secret) are overwritten, not left in free pages.
    "PRAGMA secure_delete=ON",
)


class Database:
    """The group state file: one writer connection and one reader connection.

    All writes of one command go through one `transaction()` on the writer, serialised.
    Reads go through `reader`, a separate read-only connection, so nobody ever reads another
    command's uncommitted writes (WAL lets it read while the writer writes).
    """

    def __init__(
        self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: str
    ) -> None:
        self.writer = writer
        self.reader = reader
        self.path = path
        self._write_lock = asyncio.Lock()

    @staticmethod
    async def _connect(path: str, *, read_only: bool) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for pragma in PRAGMAS:
            await conn.execute(pragma)
        if read_only:
            await conn.execute("PRAGMA query_only=ON")
        return conn

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True) -> Database:
        """Open (creating if needed) and bring the schema up to date."""
        writer = await cls._connect(str(path), read_only=False)
        try:
            if migrate:
                await apply_migrations(writer)
            reader = await cls._connect(str(path), read_only=True)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader, str(path))

    async def close(self) -> None:
        """Close both connections."""
        await self.reader.close()
        await self.writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT on the writer, serialised; rolls back on any error."""
        async with self._write_lock:
            await self.writer.execute("BEGIN IMMEDIATE")
            try:
                yield self.writer
            except BaseException:
                await self.writer.execute("ROLLBACK")
                raise
            await self.writer.execute("COMMIT")

    async def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file and empty it."""
        async with self._write_lock:
            await self.writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
