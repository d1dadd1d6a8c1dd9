"""One aiosqlite connection with the pragmas, migrations and a transaction helper."""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.keys import KeyFile
from storage.migrate import apply_migrations

BUSY_TIMEOUT = "PRAGMA busy_timeout=5000"
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    BUSY_TIMEOUT,
    # Deleted rows (an anonymous poll's secret) are overwritten, not left in free pages.
    "PRAGMA secure_delete=ON",
)


class DatabaseUnusable(Exception):
    """The database path cannot hold the group's state; the message says why and what to do."""


def usable_path(path: str | Path) -> str:
    """The path as a string, or DatabaseUnusable saying why a file there would not work.

    The reader and the writer are two connections, so they must open the same file: an
    in-memory or temporary database (":memory:", "") would give each its own.
    """
    text = str(path)
    if text.strip() in ("", ":memory:") or text.startswith("file:"):
        raise DatabaseUnusable(
            f"the database must be a file, not {text!r}; give a path such as group.sqlite3."
        )
    where = Path(text)
    if where.is_dir():
        raise DatabaseUnusable(
            f"{text} is a folder; give a file inside it, e.g. {where / 'group.sqlite3'}."
        )
    folder = where.parent
    if not folder.is_dir():
        raise DatabaseUnusable(
            f"the folder {folder} does not exist; create it or choose another path."
        )
    # WAL keeps -wal and -shm files beside the database, so the folder must be writable too.
    if where.exists() and not os.access(where, os.R_OK | os.W_OK):
        raise DatabaseUnusable(f"{text} cannot be written (check its permissions).")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnusable(f"the folder {folder} cannot be written (check its permissions).")
    return text


class FileLock:
    """One process per database: an exclusive lock on `<database>.lock`, held while open.

    A second bot or shell on the same file would read settings it cached before the first
    changed them, and answer "closed" for polls it did not close; it is refused instead,
    told which process holds the file.
    """

    def __init__(self, path: str) -> None:
        self.path = f"{path}.lock"
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self.fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(self.fd)
            raise DatabaseUnusable(
                f"{path} is in use by another process ({holder or 'unknown'}); stop it "
                "first, or give another --db."
            ) from None
        os.ftruncate(self.fd, 0)
        command = " ".join(["coprod", *sys.argv[1:2]])
        os.pwrite(self.fd, f"pid {os.getpid()}, {command}".encode(), 0)

    def release(self) -> None:
        """Let another process open the database (closing the descriptor drops the lock)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


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
        # Secrets that must never be in this file (anonymous polls' keys) live beside it.
        self.keys = KeyFile.beside(path)
        self.lock: FileLock | None = None

    @staticmethod
    async def _connect(path: str, *, read_only: bool) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            for pragma in PRAGMAS:
                await conn.execute(pragma)
            if read_only:
                await conn.execute("PRAGMA query_only=ON")
            # Reading the schema is what finds a file that is not a database at all.
            # (Fetched and closed: an unfinished SELECT would pin an old snapshot.)
            await conn.execute_fetchall("SELECT count(*) FROM sqlite_master")
        except BaseException as e:
            # The connection's thread must end, or the process never exits.
            await conn.close()
            if isinstance(e, sqlite3.DatabaseError):
                raise DatabaseUnusable(f"{path} is not a database this bot can use ({e}).") from e
            raise
        return conn

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True) -> Database:
        """Open (creating if needed) and bring the schema up to date."""
        path = usable_path(path)
        lock = FileLock(path)
        try:
            writer = await cls._connect(path, read_only=False)
        except BaseException:
            lock.release()
            raise
        try:
            if migrate:
                await apply_migrations(writer)
            reader = await cls._connect(path, read_only=True)
        except BaseException as e:
            await writer.close()
            lock.release()
            if isinstance(e, sqlite3.DatabaseError):
                raise DatabaseUnusable(f"{path} is not a database this bot can use ({e}).") from e
            raise
        db = cls(writer, reader, path)
        db.lock = lock
        return db

    async def close(self) -> None:
        """Close both connections, then let another process have the file."""
        try:
            await self.reader.close()
            await self.writer.close()
        finally:
            if self.lock is not None:
                self.lock.release()

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

    async def checkpoint(self, tries: int = 5, first_wait: float = 0.05) -> bool:
        """Fold the write-ahead log into the main file and empty it.

        False if a reader kept it busy through every try (each waits twice as long).
        """
        wait = first_wait
        for attempt in range(tries):
            async with self._write_lock:
                # TRUNCATE waits out readers through the busy handler: wait briefly here
                # and back off between tries instead.
                await self.writer.execute("PRAGMA busy_timeout=50")
                try:
                    found = await self.writer.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
                    row = next(iter(found), None)
                finally:
                    await self.writer.execute(BUSY_TIMEOUT)
            if row is not None and row[0] == 0:
                return True
            if attempt + 1 < tries:
                await asyncio.sleep(wait)
                wait *= 2
        return False
