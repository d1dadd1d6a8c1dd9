"""The PostgreSQL engine: one database that several bot processes share, through asyncpg.

Writers take turns, as on SQLite: each transaction first takes one advisory lock, held until
it commits, so a command reads what every earlier command (in any process) committed and
nothing interleaves with it. Reads outside a transaction go to any pooled connection and see
the last commit. Work that takes time outside the database (sending a message, running a
scheduled job) is claimed with a lease first, so two processes never do it both.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.engine import Database, DatabaseUnusable, Done, Params, Row, Tx, _unit, numbered
from storage.keys import KeyFile
from storage.migrate import BASELINE, Part, apply_parts, statements

log = logging.getLogger(__name__)

# The advisory lock every write transaction holds (any fixed number; this spells "coprod").
WRITER_LOCK = int.from_bytes(hashlib.sha256(b"coproduction-bot writer").digest()[:7], "big")
MIGRATION_LOCK = WRITER_LOCK + 1
DEFAULT_KEYS = "coprod.keys"
POOL_SIZE = 8
CLOSE_WAIT = 1.0  # seconds a busy connection may take to finish; then its work rolls back

# What each statement's parameters are, learnt once per statement (asyncpg is strict).
_types: dict[str, tuple[str, ...]] = {}
_COUNT = re.compile(r"(\d+)$")


def without_password(url: str) -> str:
    """The address as it may be shown or logged."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    user = f"{parts.username}:***@" if parts.username else ""
    netloc = f"{user}{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _coerce(value: Any, kind: str) -> Any:
    """A Python value as the column's type wants it (SQLite took either; asyncpg does not).

    PostgreSQL's text cannot hold the NUL character, which SQLite's can: nobody types one
    on purpose, so it is dropped rather than failing the command that carried it.
    """
    if value is None:
        return None
    if isinstance(value, str) and "\x00" in value:
        value = value.replace("\x00", "")
    if kind in ("text", "varchar", "bpchar", "name") and isinstance(value, int | float):
        return str(value)
    if kind in ("int8", "int4", "int2"):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
    if kind in ("float8", "float4", "numeric") and isinstance(value, int):
        return float(value)
    if kind == "bool" and isinstance(value, int):
        return bool(value)
    return value


class PgTx:
    """A transaction (or one autocommitted statement) on one asyncpg connection."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn
        # Tasks a command gathers share its transaction; a connection runs one at a time.
        self.turn = asyncio.Lock()

    async def _args(self, query: str, parameters: Params) -> list[Any]:
        values = list(parameters or ())
        if not values:
            return values
        kinds = _types.get(query)
        if kinds is None:
            statement = await self.conn.prepare(query)
            kinds = tuple(t.name for t in statement.get_parameters())
            _types[query] = kinds
        return [_coerce(v, k) for v, k in zip(values, kinds, strict=False)]

    async def execute(self, sql: str, parameters: Params = None) -> Done:
        """Run one statement; how many rows it changed."""
        query = numbered(sql)
        async with self.turn:
            args = await self._args(query, parameters)
            status = await self.conn.execute(query, *args)
        found = _COUNT.search(status or "")
        return Done(int(found[1]) if found and not status.startswith("SELECT") else 0)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Done:
        """Run one statement for each row of parameters; how many rows they changed."""
        total = 0
        for row in rows:
            total += (await self.execute(sql, row)).rowcount
        return Done(total)

    async def execute_fetchall(self, sql: str, parameters: Params = None) -> list[Row]:
        """Every row a query gives."""
        query = numbered(sql)
        async with self.turn:
            args = await self._args(query, parameters)
            return list(await self.conn.fetch(query, *args))


class PgReader:
    """Reads of the last commit, from any pooled connection; in a transaction, from it."""

    def __init__(self, db: PostgresDatabase) -> None:
        self.db = db

    async def execute_fetchall(self, sql: str, parameters: Params = None) -> list[Row]:
        """Rows of a query, from the current transaction if this task is in one."""
        unit = _unit.get()
        if unit is not None and unit.open and unit.db is self.db:
            return await unit.tx.execute_fetchall(sql, parameters)
        async with self.db.pool.acquire() as conn:
            return await PgTx(conn).execute_fetchall(sql, parameters)


class PostgresDatabase(Database):
    """The group state in a PostgreSQL database, shared by every process given its address."""

    engine = "postgresql"
    shared = True

    def __init__(self, pool: asyncpg.Pool, url: str, keys: KeyFile) -> None:
        super().__init__(PgReader(self), keys, without_password(url))
        self.pool = pool
        self.url = url
        self._write_lock = asyncio.Lock()

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        migrate: bool = True,
        keys: str | None = None,
        parts: Iterable[Part] = (),
    ) -> PostgresDatabase:
        """Connect and bring the schema up to date (one process at a time migrates)."""
        shown = without_password(url)
        secrets = KeyFile(Path(keys or DEFAULT_KEYS))
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=POOL_SIZE)
        except (OSError, asyncpg.PostgresError, ValueError) as e:
            raise DatabaseUnusable(
                f"cannot reach the PostgreSQL database {shown} ({e}); check that the server "
                "runs and the address, user and password are right."
            ) from e
        db = cls(pool, url, secrets)
        if migrate:
            try:
                await db.migrate(parts)
            except BaseException:
                await pool.close()
                raise
        return db

    async def migrate(self, parts: Iterable[Part]) -> None:
        """The baseline on a new database, then each part's missing steps."""
        async with self.pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
            try:
                known = await conn.fetchval("SELECT to_regclass('schema_versions') IS NOT NULL")
                if not known:
                    async with conn.transaction():
                        for statement in statements(BASELINE.read_text(encoding="utf-8")):
                            await conn.execute(statement)
                await apply_parts(self.transaction, self.engine, parts)
            finally:
                await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)

    async def close(self) -> None:
        """Close every pooled connection (cut off, if one is still busy after a while)."""
        self.closed = True
        try:
            async with asyncio.timeout(CLOSE_WAIT):
                await self.pool.close()
        except TimeoutError:
            log.warning("a database connection was still busy at close; cutting it off")
            self.pool.terminate()

    @asynccontextmanager
    async def _begin(self, serial: bool) -> AsyncIterator[Tx]:
        # Within a process, writers queue here without holding a connection: queued on the
        # database lock instead, they could take every pooled connection and leave none
        # for the reads of the one writing.
        async with (
            self._write_lock if serial else contextlib.nullcontext(),
            self._begin_on_connection(serial) as tx,
        ):
            yield tx

    @asynccontextmanager
    async def _begin_on_connection(self, serial: bool) -> AsyncIterator[Tx]:
        async with self.pool.acquire() as conn:
            await conn.execute("BEGIN")
            try:
                if serial:
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", WRITER_LOCK)
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            yield PgTx(conn)

    async def _commit(self, tx: Tx) -> None:
        assert isinstance(tx, PgTx)
        await tx.conn.execute("COMMIT")

    async def _rollback(self, tx: Tx) -> None:
        assert isinstance(tx, PgTx)
        if tx.conn.is_in_transaction():
            await tx.conn.execute("ROLLBACK")
