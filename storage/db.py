"""One aiosqlite connection with the pragmas, migrations and a transaction helper."""

from __future__ import annotations

import asyncio
import contextvars
import fcntl
import itertools
import os
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

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


class Unit:
    """One open transaction and what waits for its commit."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.open = True
        self.after_commit: list[Callable[[], None]] = []


# The transaction the running task (and the tasks it gathers) works in, if any.
_unit: contextvars.ContextVar[Unit | None] = contextvars.ContextVar("unit", default=None)
_savepoints = itertools.count(1)


class Reader(aiosqlite.Connection):
    """The read-only connection, except inside a transaction: there reads see its writes.

    Repositories read through `db.reader`. Code running inside `db.transaction()` (a
    command, a job, an inbound event) reads through the writer instead, so it sees what it
    has written and not yet committed; everyone else reads the last commit.
    """

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, 64)
        self.db: Database | None = None

    async def execute_fetchall(  # type: ignore[override]  # awaited, never used as a context
        self, sql: str, parameters: Iterable[Any] | None = None
    ) -> Iterable[sqlite3.Row]:
        """Rows of a query, from the current transaction if this task is in one."""
        unit = _unit.get()
        if unit is not None and unit.open and unit.db is self.db:
            return await unit.db.writer.execute_fetchall(sql, parameters)
        return await super().execute_fetchall(sql, parameters)


class Database:
    """The group state file: one writer connection and one reader connection.

    All writes of one command (or job, or inbound event) go through one `transaction()` on
    the writer, serialised; a `transaction()` opened inside another joins it as a savepoint,
    so a command's writes, the event's "handled" mark and the messages it owes commit
    together or not at all. Reads go through `reader`, a separate read-only connection, so
    nobody reads another's uncommitted writes (WAL lets it read while the writer writes).
    """

    def __init__(self, writer: aiosqlite.Connection, reader: Reader, path: str) -> None:
        self.writer = writer
        self.reader = reader
        reader.db = self
        self.path = path
        self._write_lock = asyncio.Lock()
        # Secrets that must never be in this file (anonymous polls' keys) live beside it.
        self.keys = KeyFile.beside(path)
        self.lock: FileLock | None = None

    @staticmethod
    async def _connect(path: str, *, read_only: bool) -> aiosqlite.Connection:
        def connector() -> sqlite3.Connection:
            return sqlite3.connect(path, isolation_level=None)

        conn = await (Reader(connector) if read_only else aiosqlite.Connection(connector, 64))
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
        assert isinstance(reader, Reader)
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

    def _current(self) -> Unit | None:
        unit = _unit.get()
        return unit if unit is not None and unit.open and unit.db is self else None

    @property
    def in_transaction(self) -> bool:
        """Whether the running task works inside a transaction of this database."""
        return self._current() is not None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT on the writer, serialised; rolls back on any error.

        Inside another transaction it is a savepoint of that one: an error rolls back only
        its own writes, and nothing is committed until the outermost one ends.
        """
        outer = self._current()
        if outer is not None:
            name = f"sp{next(_savepoints)}"
            hooks = len(outer.after_commit)
            await self.writer.execute(f"SAVEPOINT {name}")
            try:
                yield self.writer
            except BaseException:
                await self.writer.execute(f"ROLLBACK TO {name}")
                await self.writer.execute(f"RELEASE {name}")
                # What waited for this savepoint's writes will not see them: it never was.
                del outer.after_commit[hooks:]
                raise
            await self.writer.execute(f"RELEASE {name}")
            return
        unit = Unit(self)
        async with self._write_lock:
            await self.writer.execute("BEGIN IMMEDIATE")
            token = _unit.set(unit)
            try:
                yield self.writer
            except BaseException:
                unit.open = False
                await self.writer.execute("ROLLBACK")
                raise
            finally:
                unit.open = False
                _unit.reset(token)
            try:
                await self.writer.execute("COMMIT")
            except BaseException:
                await self.writer.execute("ROLLBACK")
                raise
        for hook in unit.after_commit:
            hook()

    def on_commit(self, hook: Callable[[], None]) -> None:
        """Call `hook` once the current transaction commits (at once if there is none).

        Timers and senders learn of new rows this way, never before they can be read.
        """
        unit = self._current()
        if unit is None:
            hook()
        elif hook not in unit.after_commit:
            unit.after_commit.append(hook)

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
