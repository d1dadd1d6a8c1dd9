"""Schema history: the releases' shared sequence, then each feature's own.

Up to release 0.2 the schema grew by one numbered sequence, `storage/migrations/NNNN_*.sql`,
written in SQLite's SQL, its version in `PRAGMA user_version`. That history is frozen. A new
PostgreSQL database starts from `storage/postgresql/baseline.sql`, the same schema written
in PostgreSQL's SQL.

Since then every part keeps its own numbered sequence in its own folder (`migrations/` in
a feature's package, `storage/migrations/core/` for the core), recorded per part in the
`schema_versions` table, so two features added side by side never take the same number.
A step is `NNNN_name.sql` in the SQL both engines share (no STRICT, no WITHOUT ROWID; a
table's `id INTEGER PRIMARY KEY` numbers its rows on both), or, where the engines' SQL
differs, `NNNN_name.sqlite.sql` and `NNNN_name.postgresql.sql` beside each other. Each step
runs in its own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from storage.engine import Part, Reads, Tx

TxFactory = Callable[[], AbstractAsyncContextManager[Tx]]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
CORE_DIR = MIGRATIONS_DIR / "core"
BASELINE = Path(__file__).parent / "postgresql" / "baseline.sql"


class DatabaseTooNew(Exception):
    """The database was written by a newer version of the bot than this one."""


@dataclass(frozen=True)
class Migration:
    """One schema step: `0001_initial.sql`, whose first line says why it exists."""

    version: int
    name: str
    reason: str
    sql: str


def _reason(sql: str) -> str:
    return sql.splitlines()[0].removeprefix("--").strip() if sql else ""


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The releases' shared sequence (SQLite), in order; numbering must have no gaps."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", path.name)
        if not match:
            raise ValueError(f"migration file {path.name} is not named NNNN_name.sql")
        sql = path.read_text(encoding="utf-8")
        found.append(Migration(int(match[1]), match[2], _reason(sql), sql))
    _no_gaps(found, folder)
    return found


def load_part(folder: Path, engine: str) -> list[Migration]:
    """A part's own steps for one engine, in order; numbering must have no gaps."""
    steps: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")) if folder.is_dir() else []:
        match = re.fullmatch(r"(\d{4})_(\w+?)(?:\.(sqlite|postgresql))?\.sql", path.name)
        if not match:
            raise ValueError(
                f"migration file {path.name} is not named NNNN_name.sql "
                "(or NNNN_name.sqlite.sql and NNNN_name.postgresql.sql)"
            )
        if match[3] not in (None, engine):
            continue
        version = int(match[1])
        if version in steps and match[3] is None:
            continue  # the engine's own variant wins over the shared file
        sql = path.read_text(encoding="utf-8")
        steps[version] = Migration(version, match[2], _reason(sql), sql)
    found = [steps[v] for v in sorted(steps)]
    _no_gaps(found, folder)
    return found


def _no_gaps(found: list[Migration], folder: Path) -> None:
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise ValueError(f"migration {expected:04d} is missing in {folder}")


def numbered_tables(statement: str) -> list[str]:
    """A table this statement makes whose `id INTEGER PRIMARY KEY` numbers its rows.

    SQLite numbers such rows itself (one more than the highest); on PostgreSQL the engine's
    `next_row_id()` trigger does the same, so one step's SQL serves both engines.
    """
    made = re.match(r"\s*CREATE TABLE (?:IF NOT EXISTS )?(\w+)", statement, re.IGNORECASE)
    numbered = re.search(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b", statement, re.IGNORECASE)
    return [made[1]] if made and numbered else []


def statements(sql: str) -> list[str]:
    """A script's statements, split at semicolons that end a line (comments dropped)."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    parts = re.split(r";\s*(?:\n|$)", "\n".join(lines))
    return [p.strip() for p in parts if p.strip()]


async def schema_version(reads: Reads) -> int:
    """The releases' sequence version recorded in a SQLite file."""
    found = await reads.execute_fetchall("PRAGMA user_version")
    row = next(iter(found), None)
    return int(row[0]) if row else 0


def too_new(where: str, current: int, known: int) -> DatabaseTooNew:
    """The refusal of a database a newer bot wrote."""
    return DatabaseTooNew(
        f"The database is at schema version {current}{where}, but this bot only knows up to "
        f"{known}. Upgrade coproduction-bot, or use a copy of the database made by this "
        "version."
    )


async def part_versions(tx: Tx) -> dict[str, int]:
    """Each part's recorded version."""
    await tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_versions"
        " (part TEXT PRIMARY KEY, version INTEGER NOT NULL)"
    )
    rows = await tx.execute_fetchall("SELECT part, version FROM schema_versions")
    return {row[0]: int(row[1]) for row in rows}


async def apply_parts(
    tx_factory: TxFactory, engine: str, parts: Iterable[Part]
) -> list[tuple[str, Migration]]:
    """Apply each part's missing steps, one transaction each; refuse a newer database."""
    applied: list[tuple[str, Migration]] = []
    async with tx_factory() as tx:
        versions = await part_versions(tx)
    for part in [Part("core", CORE_DIR), *parts]:
        steps = load_part(part.folder, engine)
        current = versions.get(part.name, 0)
        if current > len(steps):
            raise too_new(f" for {part.name}", current, len(steps))
        for step in steps[current:]:
            async with tx_factory() as tx:
                for statement in statements(step.sql):
                    await tx.execute(statement)
                    if engine == "postgresql":
                        for table in numbered_tables(statement):
                            await tx.execute(
                                f"CREATE TRIGGER {table}_next_id BEFORE INSERT ON {table}"
                                " FOR EACH ROW EXECUTE FUNCTION next_row_id()"
                            )
                await tx.execute(
                    "INSERT INTO schema_versions (part, version) VALUES (?, ?)"
                    " ON CONFLICT (part) DO UPDATE SET version = excluded.version",
                    (part.name, step.version),
                )
            applied.append((part.name, step))
    return applied


async def apply_migrations(conn: aiosqlite.Connection) -> list[Migration]:
    """SQLite: apply what is missing of the releases' sequence; refuse a newer file."""
    migrations = load_migrations()
    found = await conn.execute_fetchall("PRAGMA user_version")
    current = int(next(iter(found))[0])
    if current > len(migrations):
        raise too_new("", current, len(migrations))
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
