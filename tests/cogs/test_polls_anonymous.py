"""Anonymous polls: nobody, not even someone who reads the database, can tell who voted what."""

from __future__ import annotations

from pathlib import Path

from bot.core.model import Role
from tests.harness import Harness

VOTERS = ("alice-7f3a", "bob-19cc", "carol-e02d")


def file_bytes(db_path: Path) -> bytes:
    """The SQLite file and its write-ahead log, as raw bytes."""
    data = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


async def test_ballots_hold_no_user_id_and_votes_can_change(harness: Harness) -> None:
    """Ballots are keyed by an HMAC; one ballot per person, and changing a vote replaces it."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.ok("fran", "!poll create Secret? Yes No --anonymous")
    for name in VOTERS:
        await h.ok(name, "!poll vote 1 1")
    await h.ok("alice-7f3a", "!poll vote 1 2")
    rows = h.rows("SELECT voter, choices FROM ballots WHERE poll_id = 1")
    assert len(rows) == 3
    assert sorted(c for _, c in rows) == ["1", "1", "2"]
    for voter, _ in rows:
        assert all(name not in voter for name in VOTERS)
    refused = await h.say("fran", "!poll voters 1")
    assert refused.error and "anonymous" in refused.body


async def test_secret_is_gone_from_the_file_after_close(harness: Harness) -> None:
    """After close the per-poll secret is erased: no byte of the file can link a ballot."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.ok("fran", "!poll create Secret? Yes No --anonymous")
    for name in VOTERS:
        await h.ok(name, "!poll vote 1 1")
    secret = h.rows("SELECT secret FROM polls WHERE id = 1")[0][0]
    assert secret is not None and secret in file_bytes(h.db_path)
    await h.ok("fran", "!poll close 1")
    assert h.rows("SELECT secret FROM polls WHERE id = 1") == [(None,)]
    raw = file_bytes(h.db_path)
    assert secret not in raw
    keys = [v for (v,) in h.rows("SELECT voter FROM ballots")]
    # The ballot keys are there, but nothing in the file says whose they are.
    for key in keys:
        assert key.encode() in raw
        assert all(name.encode() not in key.encode() for name in VOTERS)
    results = await h.ok("alice-7f3a", "!poll results 1")
    assert all(name not in results.body for name in VOTERS)


async def test_closed_anonymous_poll_refuses_changes(harness: Harness) -> None:
    """Once closed (secret gone), an anonymous ballot cannot be cast or withdrawn."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.ok("fran", "!poll create Secret? Yes No --anonymous")
    await h.ok("alice-7f3a", "!poll vote 1 1")
    await h.ok("fran", "!poll close 1")
    before = h.snapshot()
    assert (await h.say("alice-7f3a", "!poll vote 1 2")).error
    assert (await h.say("alice-7f3a", "!poll withdraw 1")).error
    assert h.snapshot() == before
