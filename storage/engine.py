"""The storage interface of the whole project, whichever engine holds the state.

Repositories, the core and the cogs see only what is here: a `Tx` to write in (one open
transaction), a `Reads` to read through, and rows that answer `row["name"]` and `row[0]`.
SQL is written once, with `?` placeholders, in the SQL both engines share; the PostgreSQL
engine numbers the placeholders (`$1`, `$2`, ...) before it sends a statement.

`Database` holds what both engines do the same way: one transaction per task (the tasks it
gathers included), a nested `transaction()` as a savepoint of it, and hooks that run once
it commits. Each engine supplies how to open, begin, commit and roll back.
"""

from __future__ import annotations

import contextvars
import itertools
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from storage.keys import KeyFile

Params = Sequence[Any] | None


class Row(Protocol):
    """One row of a result: by column name or by position."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> Iterable[str]: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Any]: ...


@dataclass(frozen=True)
class Done:
    """What a write did: how many rows it changed."""

    rowcount: int


class Reads(Protocol):
    """What a repository reads through: the last commit, or its own task's transaction."""

    async def execute_fetchall(self, sql: str, parameters: Params = None) -> list[Row]: ...


class Tx(Reads, Protocol):
    """One open transaction: reads see its own writes; nothing is seen by others until commit."""

    async def execute(self, sql: str, parameters: Params = None) -> Done: ...

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Done: ...


@dataclass(frozen=True)
class Part:
    """A part of the bot that owns tables: its name and the folder of its schema steps."""

    name: str
    folder: Path


class Opener(Protocol):
    """An engine's way to open a database (SQLite's file, PostgreSQL's address)."""

    async def __call__(
        self, target: str, /, *, migrate: bool, keys: str | None, parts: Iterable[Part]
    ) -> Database: ...


class DatabaseUnusable(Exception):
    """The database cannot hold the group's state; the message says why and what to do."""


def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1`, `$2`, ... (quoted text and names left alone)."""
    out: list[str] = []
    count = 0
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "?":
            count += 1
            out.append(f"${count}")
            continue
        out.append(ch)
    return "".join(out)


class Unit:
    """One open transaction, the connection it runs on, and what waits for its commit."""

    def __init__(self, db: Database, tx: Tx) -> None:
        self.db = db
        self.tx = tx
        self.open = True
        self.after_commit: list[Callable[[], None]] = []


# The transaction the running task (and the tasks it gathers) works in, if any.
_unit: contextvars.ContextVar[Unit | None] = contextvars.ContextVar("unit", default=None)
_savepoints = itertools.count(1)


class Database:
    """The group state: SQLite (one file) or PostgreSQL (one database, several processes).

    All writes of one command (or job, or inbound event) go through one `transaction()`; a
    `transaction()` opened inside another joins it as a savepoint, so a command's writes,
    the event's "handled" mark and the messages it owes commit together or not at all.
    Reads go through `reader`, which reads the last commit, or the running task's own
    transaction if it is in one (so it sees what it has written).
    """

    engine = ""
    # Several processes may serve one database (SQLite allows one; PostgreSQL many).
    shared = False
    # Each engine's opener, by address scheme ("" for a file); storage/db.py fills it.
    openers: ClassVar[dict[str, Opener]] = {}

    def __init__(self, reader: Reads, keys: KeyFile, path: str) -> None:
        self.reader = reader
        self.keys = keys
        # The file (SQLite) or the address without its password (PostgreSQL).
        self.path = path
        self.closed = False
        # Who this process is, in claims on shared work (storage/claims.py).
        self.holder = uuid.uuid4().hex

    @staticmethod
    async def open(
        target: object,
        *,
        migrate: bool = True,
        keys: str | None = None,
        parts: Iterable[Part] = (),
    ) -> Database:
        """Open (creating if needed) and bring the schema up to date.

        `target` is a SQLite file's path, or a `postgresql://` address. Secrets that must
        never be in the database (anonymous polls' keys) are kept in the file `keys`,
        by default beside a SQLite file, or `coprod.keys` here for PostgreSQL. `parts` are
        the features whose own migrations to apply (the core's always are).
        """
        text = str(target)
        scheme = text.split("://", 1)[0] if "://" in text else ""
        opener = Database.openers.get("postgresql" if scheme == "postgres" else scheme)
        if opener is None:
            raise DatabaseUnusable(
                f"{text} is neither a file nor a postgresql:// address; give one of those."
            )
        return await opener(text, migrate=migrate, keys=keys, parts=parts)

    def beside(self, suffix: str) -> Path:
        """A file kept beside the database: `group.sqlite3.crypto`, or by the key file."""
        return Path(str(self.keys.path).removesuffix(".keys") + suffix)

    async def close(self) -> None:
        """Let go of the database (and, for SQLite, let another process have the file)."""
        raise NotImplementedError

    def _current(self) -> Unit | None:
        unit = _unit.get()
        return unit if unit is not None and unit.open and unit.db is self else None

    @property
    def in_transaction(self) -> bool:
        """Whether the running task works inside a transaction of this database."""
        return self._current() is not None

    def _begin(self, serial: bool) -> AbstractAsyncContextManager[Tx]:
        """The engine's outermost transaction: BEGIN on entry; the caller commits."""
        raise NotImplementedError

    async def _commit(self, tx: Tx) -> None:
        raise NotImplementedError

    async def _rollback(self, tx: Tx) -> None:
        raise NotImplementedError

    @asynccontextmanager
    async def transaction(self, *, serial: bool = True) -> AsyncIterator[Tx]:
        """One transaction, serialised with every other writer; rolls back on any error.

        Inside another transaction it is a savepoint of that one: an error rolls back only
        its own writes, and nothing is committed until the outermost one ends.

        `serial=False` is for bookkeeping that touches only rows it names by key (a message
        marked sent, a claim): on PostgreSQL it does not wait its turn behind the other
        writers. Commands, jobs and inbound events always take their turn.
        """
        outer = self._current()
        if outer is not None:
            name = f"sp{next(_savepoints)}"
            hooks = len(outer.after_commit)
            tx = outer.tx
            await tx.execute(f"SAVEPOINT {name}")
            try:
                yield tx
            except BaseException:
                await tx.execute(f"ROLLBACK TO SAVEPOINT {name}")
                await tx.execute(f"RELEASE SAVEPOINT {name}")
                # What waited for this savepoint's writes will not see them: it never was.
                del outer.after_commit[hooks:]
                raise
            await tx.execute(f"RELEASE SAVEPOINT {name}")
            return
        async with self._begin(serial) as tx:
            unit = Unit(self, tx)
            token = _unit.set(unit)
            try:
                yield tx
            except BaseException:
                unit.open = False
                await self._rollback(tx)
                raise
            finally:
                unit.open = False
                _unit.reset(token)
            try:
                await self._commit(tx)
            except BaseException:
                await self._rollback(tx)
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
        """Make sure erased rows are gone from the database's files; False if not yet."""
        return True
