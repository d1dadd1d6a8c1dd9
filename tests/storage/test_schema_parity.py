"""Both engines build the same schema: every table and column, with matching types.

SQLite's schema is the releases' migrations and then each part's own; PostgreSQL's starts
from storage/postgresql/baseline.sql, written by hand. A column added to one and not the
other, or typed differently, would fail only where a command happens to use it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.app import feature_parts
from storage.db import Database
from tests import engines

# SQLite's schema is built from a file here on every run (PostgreSQL's comes from the server).
pytestmark = pytest.mark.sqlite_file

# Declared SQLite type -> the type PostgreSQL reports for the same column.
SAME_TYPE = {
    "INTEGER": "bigint",
    "TEXT": "text",
    "REAL": "double precision",
    "BLOB": "bytea",
}
# Columns only PostgreSQL has, and why: SQLite gives every table a rowid of its own.
ONLY_POSTGRESQL = {("idea_history", "rowid")}


async def sqlite_columns(path: Path) -> dict[tuple[str, str], str]:
    db = await Database.open(path, parts=feature_parts())
    await db.close()
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            (table, column): kind.upper()
            for table in tables
            for _, column, kind, *_ in conn.execute(f'PRAGMA table_info("{table}")')
        }
    finally:
        conn.close()


def postgresql_columns(url: str) -> dict[tuple[str, str], str]:
    rows = engines.server().rows(
        url,
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'public'",
    )
    return {(table, column): kind for table, column, kind in rows}


async def test_both_engines_have_the_same_tables_and_columns(
    tmp_path: Path, postgres_url: str
) -> None:
    """Each SQLite column is in PostgreSQL, typed alike; PostgreSQL has no others."""
    lite = await sqlite_columns(tmp_path / "schema.sqlite3")
    pg = postgresql_columns(postgres_url)
    assert sorted(set(pg) - set(lite)) == sorted(ONLY_POSTGRESQL)
    assert sorted(set(lite) - set(pg)) == []
    differ = {c: (lite[c], pg[c]) for c in lite if SAME_TYPE.get(lite[c]) != pg[c]}
    assert differ == {}
    # Enough of the schema to be the whole of it: every feature's tables are there.
    assert {"polls", "ballots", "ideas", "mentoring_people", "meetings", "outbox_sends"} <= {
        table for table, _ in lite
    }
