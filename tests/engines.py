"""Which storage engine the suite runs on, and the PostgreSQL databases it makes for tests.

`pytest --engine postgresql` (or `COPROD_TEST_ENGINE=postgresql`) runs every test on
PostgreSQL: a test that opens a SQLite path (`tmp_path / "group.sqlite3"`) gets instead a
fresh PostgreSQL database of its own, made from a template migrated once per run, the same
one each time it opens that path again (a restart keeps its data), and anonymous polls'
keys stay in the file beside that path. Tests about the SQLite file itself (its lock, its
raw bytes, releases' files) carry `@pytest.mark.sqlite_file` and open SQLite on both runs.
Subprocesses are given the address by `target(path)`.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

from storage.engine import numbered

T = TypeVar("T")
ENGINE_VAR = "COPROD_TEST_ENGINE"


def engine() -> str:
    """The engine this run tests: "sqlite" or "postgresql"."""
    return os.environ.get(ENGINE_VAR, "sqlite")


def on_postgres() -> bool:
    """Whether this run tests PostgreSQL."""
    return engine() == "postgresql"


class Server:
    """The test server, reached from a thread of its own (so synchronous code can ask too)."""

    def __init__(self) -> None:
        self.base = ""
        self.run_id = f"{os.getpid():x}"
        self.made: dict[str, str] = {}  # path -> database, for the running test
        self.free: list[str] = []  # emptied databases, ready for the next test
        self.count = 0
        self.tables = ""
        # One template per run: a run inside a test (tests/test_kudos_feature.py) has its own.
        self.template = f"coprod_template_{self.run_id}"
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.conns: dict[str, asyncpg.Connection] = {}

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the server's thread and wait for it."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(120)

    def url(self, name: str) -> str:
        """The address of a database on the server."""
        return self.base.rsplit("/", 1)[0] + "/" + name

    async def _admin(self, sql: str) -> None:
        conn = await asyncpg.connect(self.base)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def prepare(self, base: str, make_template: Any) -> None:
        """Migrate a template once; every test database is a copy of it."""
        self.base = base
        self.call(self._admin(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)"))
        self.call(self._admin(f"CREATE DATABASE {self.template}"))
        asyncio.run(make_template(self.url(self.template)))
        names = self.rows(
            self.url(self.template),
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'schema_versions' ORDER BY tablename",
        )
        self.tables = ", ".join(n for (n,) in names)
        # A template copies only while nobody is connected to it.
        self.call(self.conns.pop(self.url(self.template)).close())

    def database_for(self, path: str) -> str:
        """The address standing in for a SQLite path: an empty database, the same each time."""
        name = self.made.get(path)
        if name is None:
            if self.free:
                name = self.free.pop()
            else:
                self.count += 1
                name = f"t_{self.run_id}_{self.count}"
                self.copy_of_template(name)
            self.made[path] = name
        return self.url(name)

    def copy_of_template(self, name: str) -> str:
        """A new database, migrated like every test's; its address. `drop` ends it."""
        self.drop(name)
        self.call(self._admin(f"CREATE DATABASE {name} TEMPLATE {self.template}"))
        return self.url(name)

    def drop(self, name: str) -> None:
        """Drop a database (closing the test's own connection to it first)."""
        conn = self.conns.pop(self.url(name), None)
        if conn is not None:
            self.call(conn.close())
        self.call(self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def finish(self) -> None:
        """Drop every database this run made, and its template."""
        for conn in self.conns.values():
            self.call(conn.close())
        self.conns.clear()
        for name in [*self.free, *self.made.values(), self.template]:
            self.drop(name)

    async def _empty(self, name: str) -> bool:
        conn = await asyncpg.connect(self.url(name))
        try:
            await conn.execute("SET lock_timeout = '3s'")
            await conn.execute(f"TRUNCATE {self.tables} RESTART IDENTITY CASCADE")
            return True
        except asyncpg.PostgresError:
            return False
        finally:
            await conn.close()

    def drop_made(self) -> None:
        """Empty the test's databases for the next test (dropped if something still holds one).

        Emptying (TRUNCATE, counters back to 1) is many times quicker than a new copy.
        """
        for name in self.made.values():
            conn = self.conns.pop(self.url(name), None)
            if conn is not None:
                self.call(conn.close())
            if self.call(self._empty(name)):
                self.free.append(name)
            else:
                self.drop(name)
        self.made.clear()

    async def _rows(self, url: str, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        conn = self.conns.get(url)
        if conn is None or conn.is_closed():
            conn = await asyncpg.connect(url)
            self.conns[url] = conn
        return [tuple(r) for r in await conn.fetch(numbered(sql), *params)]

    def raw_bytes(self, url: str) -> bytes:
        """Every file of a database on the server's disk, as raw bytes, dead rows and all.

        A checkpoint first writes out what is only in memory, so the files hold every row
        version the database has (as a copy of its disk, or a stolen one, would).
        """
        from tests import postgres  # noqa: PLC0415

        self.rows(url, "CHECKPOINT")
        ((oid,),) = self.rows(url, "SELECT oid FROM pg_database WHERE datname = current_database()")
        folder = postgres.DATA / "base" / str(oid)
        return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())

    def rows(self, url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """A query's rows, over a plain connection of the test's own."""
        return self.call(self._rows(url, sql, params))


SERVER: Server | None = None


async def _make_template(url: str) -> None:
    # Imported here: the bot's modules need not load for a run that never starts a server.
    from bot.app import feature_parts  # noqa: PLC0415
    from storage.engine import Database  # noqa: PLC0415

    # The template's migrations make no key, but the key file must still be a file of its own.
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(url, keys=f"{folder}/template.keys", parts=feature_parts())
        await db.close()


def server() -> Server:
    """The test server: started, with its template migrated, the first time it is asked for."""
    global SERVER
    if SERVER is None:
        from tests import postgres  # noqa: PLC0415

        base = postgres.start()
        SERVER = Server()
        SERVER.prepare(base, _make_template)
    return SERVER


def target(path: Path | str) -> str:
    """What to give a subprocess as its database: the path, or its PostgreSQL stand-in."""
    return server().database_for(str(path)) if on_postgres() else str(path)


def read(target: str | Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """A query's rows, from a PostgreSQL database's address or a SQLite file's path."""
    text = str(target)
    if "://" in text:
        return server().rows(text, sql, *params)
    conn = sqlite3.connect(text)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def table_names_sql() -> str:
    """The query listing the database's tables, on this run's engine."""
    if on_postgres():
        return "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return "SELECT name FROM sqlite_master WHERE type = 'table'"
