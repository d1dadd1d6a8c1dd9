"""Anonymous polls: nobody, not even someone who reads the database, can tell who voted what."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from bot.core.model import Role
from storage.keys import KeyFile
from storage.postgres import PostgresDatabase
from tests import engines
from tests.harness import Harness

VOTERS = ("alice-7f3a", "bob-19cc", "carol-e02d")


def file_bytes(h: Harness) -> bytes:
    """What the database keeps on disk, as raw bytes.

    The SQLite file and its write-ahead log, or every file of the PostgreSQL database, old
    (dead) row versions included.
    """
    if isinstance(h.bot.db, PostgresDatabase):
        return engines.server().raw_bytes(h.bot.db.url)
    db_path = Path(h.db_path)
    data = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def expected_key(secret: bytes, user_id: str) -> str:
    """The documented ballot key (HMAC-SHA256 of the UTF-8 user id under the secret, hex).

    Written out here, never the code's own function, so a wrong scheme cannot pass.
    """
    return hmac.new(secret, user_id.encode("utf-8"), hashlib.sha256).hexdigest()


def permissions(path: Path) -> int | None:
    """A file's permission bits, or None if there is no such file."""
    return path.stat().st_mode & 0o777 if path.exists() else None


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
    secret = KeyFile(Path(f"{h.db_path}.keys")).get("poll:1")
    assert secret is not None
    alice, bob, carol = (expected_key(secret, name) for name in VOTERS)
    assert dict(rows) == {alice: "2", bob: "1", carol: "1"}
    refused = await h.say("fran", "!poll voters 1")
    assert refused.error and "anonymous" in refused.body


async def test_the_database_alone_never_holds_the_secret(harness: Harness) -> None:
    """While open the key is only in a 0600 file beside the database; at close it is erased."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.ok("fran", "!poll create Secret? Yes No --anonymous")
    for name in VOTERS:
        await h.ok(name, "!poll vote 1 1")
    # A changed vote leaves its old version behind on PostgreSQL until vacuumed.
    await h.ok(VOTERS[0], "!poll vote 1 2")
    keys = Path(f"{h.db_path}.keys")
    assert permissions(keys) == 0o600
    secret = KeyFile(keys).get("poll:1")
    assert secret is not None and secret not in file_bytes(h)
    # With the key, the ballots link to people; that is why it is kept out of the database.
    ballots = {v for (v,) in h.rows("SELECT voter FROM ballots")}
    assert {expected_key(secret, name) for name in VOTERS} == ballots
    await h.ok("fran", "!poll close 1")
    assert permissions(keys) is None  # erased with its file
    raw = file_bytes(h)
    assert secret not in raw
    for key in ballots:
        assert key.encode() in raw
        assert all(name.encode() not in key.encode() for name in VOTERS)
    results = await h.ok("alice-7f3a", "!poll results 1")
    assert all(name not in results.body for name in VOTERS)


async def test_a_key_left_by_a_crash_is_erased_at_the_next_start(harness: Harness) -> None:
    """A close whose erase never ran (a crash after the commit) is finished on restart."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.ok("fran", "!poll create Secret? Yes No --anonymous")
    await h.ok("fran", "!poll create Other? Yes No --anonymous")
    secret = h.bot.db.keys.get("poll:1")
    assert secret is not None
    await h.ok("fran", "!poll close 1")
    h.bot.db.keys.put("poll:1", secret)  # as if the process died before erasing
    await h.restart()
    assert KeyFile(Path(f"{h.db_path}.keys")).names() == ["poll:2"]


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
