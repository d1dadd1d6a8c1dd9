"""The SQLite engine: one file, one process, a writer connection and a read-only one."""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import sys
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.engine import Database, DatabaseUnusable, Done, Params, Row, Tx, _unit
from storage.keys import KeyFile
from storage.migrate import Part, apply_migrations, apply_parts

BUSY_TIMEOUT = "PRAGMA busy_timeout=5000"
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    BUSY_TIMEOUT,
    # Deleted rows (an anonymous poll's secret) are overwritten, not left in free pages.
    "PRAGMA secure_delete=ON",
)


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
                "first, or give another --db. A SQLite file serves one process; to run "
                'several, use PostgreSQL (database = "postgresql://...").'
            ) from None
        os.ftruncate(self.fd, 0)
        command = " ".join(["coprod", *sys.argv[1:2]])
        os.pwrite(self.fd, f"pid {os.getpid()}, {command}".encode(), 0)

    def release(self) -> None:
        """Let another process open the database (closing the descriptor drops the lock)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


class SqliteTx:
    """A transaction (or the reader) on one aiosqlite connection."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, parameters: Params = None) -> Done:
        """Run one statement; how many rows it changed."""
        cursor = await self.conn.execute(sql, parameters)
        count = cursor.rowcount
        await cursor.close()
        return Done(max(count, 0))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Done:
        """Run one statement for each row of parameters; how many rows they changed."""
        before = self.conn.total_changes
        await self.conn.executemany(sql, rows)
        return Done(self.conn.total_changes - before)

    async def execute_fetchall(self, sql: str, parameters: Params = None) -> list[Row]:
        """Every row a query gives."""
        return list(await self.conn.execute_fetchall(sql, parameters))


class SqliteReader:
    """The read-only connection, except inside a transaction: there reads see its writes.

    Code running inside `db.transaction()` (a command, a job, an inbound event) reads
    through the writer instead, so it sees what it has written and not yet committed;
    everyone else reads the last commit (WAL lets it read while the writer writes).
    """

    def __init__(self, db: SqliteDatabase, conn: aiosqlite.Connection) -> None:
        self.db = db
        self.conn = conn

    async def execute_fetchall(self, sql: str, parameters: Params = None) -> list[Row]:
        """Rows of a query, from the current transaction if this task is in one."""
        unit = _unit.get()
        if unit is not None and unit.open and unit.db is self.db:
            return await unit.tx.execute_fetchall(sql, parameters)
        return list(await self.conn.execute_fetchall(sql, parameters))


class SqliteDatabase(Database):
    """The group state file: one writer connection and one reader connection.

    All writes go through the writer, serialised, `BEGIN IMMEDIATE ... COMMIT`.
    """

    engine = "sqlite"

    def __init__(
        self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: str, keys: KeyFile
    ) -> None:
        super().__init__(SqliteReader(self, reader), keys, path)
        self.writer = writer
        self.writer_tx = SqliteTx(writer)
        self.read_conn = reader
        self._write_lock = asyncio.Lock()
        self.lock: FileLock | None = None

    def beside(self, suffix: str) -> Path:
        """A file kept beside the database file: `group.sqlite3.crypto`."""
        return Path(f"{self.path}{suffix}")

    @staticmethod
    async def _connect(path: str, *, read_only: bool) -> aiosqlite.Connection:
        def connector() -> sqlite3.Connection:
            return sqlite3.connect(path, isolation_level=None)

        conn = await aiosqlite.Connection(connector, 64)
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
    async def connect(
        cls,
        path: str | Path,
        *,
        migrate: bool = True,
        keys: str | None = None,
        parts: Iterable[Part] = (),
    ) -> SqliteDatabase:
        """Open (creating if needed) and bring the schema up to date."""
        path = usable_path(path)
        secrets = KeyFile(Path(keys)) if keys else KeyFile.beside(path)
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
        db = cls(writer, reader, path, secrets)
        db.lock = lock
        if migrate:
            try:
                await apply_parts(db.transaction, db.engine, parts)
            except BaseException:
                await db.close()
                raise
        return db

    async def close(self) -> None:
        """Close both connections, then let another process have the file."""
        self.closed = True
        try:
            await self.read_conn.close()
            await self.writer.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    @asynccontextmanager
    async def _begin(self, serial: bool) -> AsyncIterator[Tx]:
        async with self._write_lock:
            await self.writer.execute("BEGIN IMMEDIATE")
            yield self.writer_tx

    async def _commit(self, tx: Tx) -> None:
        await self.writer.execute("COMMIT")

    async def _rollback(self, tx: Tx) -> None:
        if self.writer.in_transaction:
            await self.writer.execute("ROLLBACK")

    async def checkpoint(self, tries: int = 5, first_wait: float = 0.05) -> bool:
        """Fold the write-ahead log into the main file and empty it.

        False if a reader kept it busy through every try (each waits twice as long).
        Not from inside a transaction (it would wait for itself).
        """
        if self._current() is not None:
            raise RuntimeError("the database log cannot be folded inside a transaction")
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
