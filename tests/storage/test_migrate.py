"""Schema versions: applied once each, in order; a newer file is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.db import Database
from storage.migrate import DatabaseTooNew, load_migrations

# About SQLite files themselves (their lock, bytes and releases): SQLite on every run.
pytestmark = pytest.mark.sqlite_file


async def test_fresh_file_gets_every_migration_and_the_pragmas(tmp_path: Path) -> None:
    """A new file ends at the newest version, in WAL mode with foreign keys on."""
    db = await Database.open(tmp_path / "g.sqlite3")
    try:
        assert (await db.reader.execute_fetchall("PRAGMA user_version"))[0][0] == len(
            load_migrations()
        )
        assert (await db.reader.execute_fetchall("PRAGMA journal_mode"))[0][0] == "wal"
        assert (await db.reader.execute_fetchall("PRAGMA foreign_keys"))[0][0] == 1
    finally:
        await db.close()


async def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    """Opening an up-to-date file again keeps its data and version."""
    path = tmp_path / "g.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO groups VALUES ('g', 'G', '2026-01-01')")
    await db.close()
    db = await Database.open(path)
    assert (await db.reader.execute_fetchall("SELECT count(*) FROM groups"))[0][0] == 1
    await db.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    """A file from a newer bot stops start-up with a clear message and is left untouched."""
    path = tmp_path / "g.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(load_migrations()) + 1}")
    conn.close()
    with pytest.raises(DatabaseTooNew, match="Upgrade coproduction-bot"):
        await Database.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()


async def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    """An error inside a transaction leaves nothing of it behind."""
    db = await Database.open(tmp_path / "g.sqlite3")
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO groups VALUES ('g', 'G', 'x')")
            raise RuntimeError("boom")
    assert (await db.reader.execute_fetchall("SELECT count(*) FROM groups"))[0][0] == 0
    await db.close()


def test_every_migration_says_why_it_exists() -> None:
    """Each migration file starts with a one-line reason."""
    for migration in load_migrations():
        assert migration.sql.startswith("-- ") and len(migration.reason) > 10
