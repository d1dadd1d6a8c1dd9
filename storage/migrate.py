"""Numbered, append-only migrations; the version lives in PRAGMA user_version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseTooNew(Exception):
    """The file was written by a newer version of the bot than this one."""


@dataclass(frozen=True)
class Migration:
    """One schema step: `0001_initial.sql`, whose first line says why it exists."""

    version: int
    name: str
    reason: str
    sql: str


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every migration file, in order; numbering must have no gaps."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", path.name)
        if not match:
            raise ValueError(f"migration file {path.name} is not named NNNN_name.sql")
        sql = path.read_text(encoding="utf-8")
        reason = sql.splitlines()[0].removeprefix("--").strip() if sql else ""
        found.append(Migration(int(match[1]), match[2], reason, sql))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise ValueError(f"migration {expected:04d} is missing")
    return found


async def schema_version(conn: aiosqlite.Connection) -> int:
    """The version recorded in the file."""
    found = await conn.execute_fetchall("PRAGMA user_version")
    row = next(iter(found), None)
    return int(row[0]) if row else 0


async def apply_migrations(conn: aiosqlite.Connection) -> list[Migration]:
    """Apply what is missing, one transaction each; refuse a file from a newer bot."""
    migrations = load_migrations()
    current = await schema_version(conn)
    if current > len(migrations):
        raise DatabaseTooNew(
            f"The database is at schema version {current}, but this bot only knows up to "
            f"{len(migrations)}. Upgrade coproduction-bot, or use a copy of the database "
            "made by this version."
        )
    applied = []
    for migration in migrations[current:]:
        script = (
            f"BEGIN IMMEDIATE;\n{migration.sql}\n"
            f"PRAGMA user_version = {migration.version};\nCOMMIT;"
        )
        try:
            await conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied.append(migration)
    return applied
