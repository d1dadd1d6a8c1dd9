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
async def test_a_choice_keeps_its_id_when_redrawn(db: Database) -> None:
    """Saving the same key again updates the row and returns the same id."""
    repo = DiscordRepository(db.reader)
    async with db.transaction() as tx:
        first = await repo.save_choice(
            tx,
            group_id=GROUP,
            key="poll:1",
            question="Q?",
            command="poll vote",
            args=("1",),
            options=("a", "b"),
            max_selections=2,
            ordered=False,
        )
        again = await repo.save_choice(
            tx,
            group_id=GROUP,
            key="poll:1",
            question="Q?",
            command="poll vote",
            args=("1",),
            options=("a", "b", "c"),
            max_selections=3,
            ordered=True,
        )
    assert first == again
    choice = await repo.choice(first)
    assert choice is not None and choice.options == ("a", "b", "c") and choice.ordered
    assert choice.args == ("1",) and choice.max_selections == 3
    assert await repo.choice(first + 1) is None


@pytest.mark.asyncio
async def test_actions_and_fallbacks(db: Database) -> None:
    """A long action is stored once per group; DM fallbacks are listed oldest first."""
    repo = DiscordRepository(db.reader)
    async with db.transaction() as tx:
        a = await repo.save_action(tx, GROUP, "poll vote 1 1 --reason 'long'")
        b = await repo.save_action(tx, GROUP, "poll vote 1 1 --reason 'long'")
        await repo.record_dm_fallback(
            tx, group_id=GROUP, user_id="7", channel_id=None, error_code=50007, now=NOW
        )
    assert a == b
    stored = await repo.action(a)
    assert stored is not None and stored.text == "poll vote 1 1 --reason 'long'"
    (fallback,) = await repo.dm_fallbacks(GROUP)
    assert (fallback.user_id, fallback.channel_id, fallback.created_at) == ("7", None, NOW)


@pytest.mark.asyncio
async def test_asking_buttons_share_the_actions_table_without_mixing(db: Database) -> None:
    """An asking button is kept once per spec; plain and asking rows never read as each other."""
    repo = DiscordRepository(db.reader)
    spec = {"label": "Block", "command": "poll vote", "args": ["1", "4"], "ask": {"option": "r"}}
    async with db.transaction() as tx:
        asked = await repo.save_ask(tx, GROUP, spec)
        again = await repo.save_ask(tx, GROUP, dict(reversed(spec.items())))
        plain = await repo.save_action(tx, GROUP, "!poll vote 1 1")
    assert asked == again
    stored = await repo.ask(asked)
    assert stored is not None and stored.spec == spec and stored.group_id == GROUP
    assert await repo.action(asked) is None and await repo.ask(plain) is None
    assert await repo.ask(plain + 1) is None
