"""The Matrix repository (storage/matrix.py): sync token, claims, DM rooms, native polls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.buttons import ButtonRepository
from storage.db import Database
from storage.matrix import MatrixRepository, NativePoll
from storage.migrate import load_migrations

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path):
    database = await Database.open(tmp_path / "m.sqlite3")
    yield database
    await database.close()


def test_migration_states_its_reason():
    """0002_matrix.sql exists and starts with a one-line reason."""
    migration = next(m for m in load_migrations() if m.version == 2)
    assert migration.name == "matrix" and migration.reason.startswith("Matrix platform")


async def test_sync_token_is_kept_per_account(db):
    """The token is saved and replaced per bot account."""
    repo = MatrixRepository(db.reader)
    assert await repo.sync_token("@bot:hs") is None
    async with db.transaction() as tx:
        await repo.save_sync_token(tx, "@bot:hs", "s1", NOW)
        await repo.save_sync_token(tx, "@bot:hs", "s2", NOW)
    assert await repo.sync_token("@bot:hs") == "s2"
    assert await repo.sync_token("@other:hs") is None


async def test_an_event_is_claimed_once(db):
    """The first claim wins; later claims of the same event id say no; old claims expire."""
    repo = MatrixRepository(db.reader)
    async with db.transaction() as tx:
        assert await repo.claim_event(tx, "$e1", "!r", NOW)
        assert not await repo.claim_event(tx, "$e1", "!r", NOW)
        assert await repo.claim_event(tx, "$e2", "!r", NOW + timedelta(days=40))
    assert await repo.was_claimed("$e1")
    async with db.transaction() as tx:
        assert await repo.forget_events_before(tx, NOW + timedelta(days=1)) == 1
    assert not await repo.was_claimed("$e1") and await repo.was_claimed("$e2")


async def test_dm_rooms_are_recorded_and_forgotten(db):
    """One DM room per person; forgetting it by room id frees the person."""
    repo = MatrixRepository(db.reader)
    async with db.transaction() as tx:
        await repo.save_dm_room(tx, "@a:hs", "!dm1")
        await repo.save_dm_room(tx, "@b:hs", "!dm2")
        await repo.forget_dm_room(tx, "!dm1")
    assert await repo.dm_rooms() == {"@b:hs": "!dm2"}


async def test_native_poll_is_found_by_event_and_key_and_ends_once(db):
    """A poll.start is looked up both ways, a newer one replaces it, and it ends only once."""
    repo = MatrixRepository(db.reader)
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO groups (id, name, created_at)"
            " VALUES ('matrix:!r', 'R', '2026-01-01T00:00:00+00:00')"
        )
        choice = await ButtonRepository(db.reader).save_choice(tx, "matrix:!r", "poll:1", "{}")
        poll = NativePoll("$s1", "!r", "matrix:!r", "poll:1", choice, False)
        await repo.save_poll(tx, poll)
    assert await repo.poll_by_event("$s1") == poll
    assert await repo.poll_by_key("matrix:!r", "poll:1") == poll
    async with db.transaction() as tx:
        assert await repo.end_poll(tx, "$s1")
        assert not await repo.end_poll(tx, "$s1")
        await repo.save_poll(tx, NativePoll("$s2", "!r", "matrix:!r", "poll:1", choice, False))
    assert await repo.poll_by_event("$s1") is None
    newer = await repo.poll_by_key("matrix:!r", "poll:1")
    assert newer is not None and newer.start_event_id == "$s2"


async def test_only_a_later_response_replaces_an_earlier_one(db):
    """Responses are kept by origin_server_ts: an older one arriving late is refused."""
    repo = MatrixRepository(db.reader)
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO groups (id, name, created_at)"
            " VALUES ('matrix:!r', 'R', '2026-01-01T00:00:00+00:00')"
        )
        choice = await ButtonRepository(db.reader).save_choice(tx, "matrix:!r", "poll:1", "{}")
        await repo.save_poll(tx, NativePoll("$s", "!r", "matrix:!r", "poll:1", choice, False))
        assert await repo.newer_response(tx, "$s", "@a:hs", 2000)
        assert not await repo.newer_response(tx, "$s", "@a:hs", 1000)
        assert await repo.newer_response(tx, "$s", "@a:hs", 3000)
        assert await repo.newer_response(tx, "$s", "@b:hs", 1000)
