"""The Discord repository (storage/discord.py) and its migration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import Database
from storage.discord import DiscordRepository
from storage.groups import GroupRepository
from storage.migrate import load_migrations

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
GROUP = "discord:1"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database with one group."""
    database = await Database.open(tmp_path / "d.sqlite3")
    async with database.transaction() as tx:
        await GroupRepository(database.reader).create(tx, GROUP, "Server", NOW)
    yield database
    await database.close()


def test_migration_states_its_reason() -> None:
    """0003_discord.sql exists and starts with a one-line reason."""
    migration = next(m for m in load_migrations() if m.version == 3)
    assert migration.name == "discord" and migration.reason.startswith("Discord platform")


@pytest.mark.asyncio
async def test_dm_fallbacks_are_listed_oldest_first(db: Database) -> None:
    """A failed DM is recorded with where (if anywhere) the person was mentioned."""
    repo = DiscordRepository(db.reader)
    async with db.transaction() as tx:
        await repo.record_dm_fallback(
            tx, group_id=GROUP, user_id="7", channel_id=None, error_code=50007, now=NOW
        )
    (fallback,) = await repo.dm_fallbacks(GROUP)
    assert (fallback.user_id, fallback.channel_id, fallback.created_at) == ("7", None, NOW)
