"""A database written by release 0.1.0 upgrades and keeps working (tests/fixtures/README.md)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.model import Role
from tests.harness import GROUP_ID, Harness

# About SQLite files themselves (their lock, bytes and releases): SQLite on every run.
pytestmark = pytest.mark.sqlite_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0.sqlite3"


@pytest.fixture
async def old(tmp_path: Path):
    """A bot started on a copy of the 0.1.0 database (config defaults differ on purpose)."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    h = Harness(path, timezone="UTC", reminder_hours=1)
    await h.start()
    h.as_role("fran", Role.FACILITATOR)
    yield h
    await h.close()


async def test_group_settings_survive_the_move_to_declared_settings(old: Harness) -> None:
    """Every value a group had (set at creation or by an organiser) is still its value."""
    shown = await old.ok("olivia", "!settings show")
    values = {f.name.split(" ")[0]: f.value.split("  ")[0] for f in shown.fields}
    assert values["timezone"] == "Europe/London"
    assert values["poll_creators"] == "everyone"
    assert values["reminder_hours"] == "12"
    assert values["poll_threads"] == "on"
    assert values["bot_channel"] == "555"
    # poll_creators = everyone still lets a participant create a poll.
    await old.ok("alice", '!poll create "Still works?" yes no')


async def test_open_polls_keep_their_votes_and_take_new_ones(old: Harness) -> None:
    """Poll 1 keeps alice's and bob's votes; carol can still vote in it."""
    results = await old.ok("olivia", "!poll results 1")
    assert "Monday: 1" in results.body and "Tuesday: 1" in results.body
    await old.ok("carol", "!poll vote 1 3")
    assert old.rows("SELECT count(*) FROM ballots WHERE poll_id = 1") == [(3,)]
    await old.ok("carol", "!poll vote 3 2")  # the anonymous poll still takes votes
    # Old ballots keep no time (they were cast before ballots had one), and neither does
    # any anonymous ballot; carol's new named vote has one, so the digest counts it.
    assert old.rows("SELECT voter FROM ballots WHERE cast_at IS NOT NULL ORDER BY voter") == [
        ("carol",)
    ]


async def test_pending_reminders_and_closes_still_fire(old: Harness) -> None:
    """The reminder and close recorded by 0.1.0 run on time after the upgrade."""
    await old.wait(timedelta(days=3, hours=21))  # Fri 4 Dec 06:00 UTC: past the reminder
    reminded = {who for who, r in old.shell.said.dms if "Which evening?" in r.body}
    assert "olivia" in reminded and "alice" not in reminded
    await old.wait(timedelta(hours=12))  # past the close at 17:00
    assert old.rows("SELECT closed_at IS NOT NULL FROM polls WHERE id = 1") == [(1,)]
    assert any("Which evening?" in (r.title or "") + r.body for r in old.posts)


def test_fixture_is_the_old_schema() -> None:
    """The fixture really is a 0.1.0 file (schema version 4, settings as columns)."""
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (4,)
        columns = [r[1] for r in conn.execute("PRAGMA table_info(groups)")]
        assert "poll_threads" in columns
        assert conn.execute("SELECT count(*) FROM groups WHERE id = ?", (GROUP_ID,)).fetchone()
    finally:
        conn.close()


async def test_buttons_posted_by_0_1_0_still_say_what_they_do(old: Harness) -> None:
    """Old Discord custom ids (cp:s:1, cp:q:2, cp:r:1) and the old Matrix poll resolve whole."""
    buttons = old.bot.buttons
    long_action = await buttons.action(1)
    assert long_action is not None and long_action[0] == "discord:1"
    assert long_action[1].as_text().startswith("!poll vote 2 4 --reason 'a very long reason")
    block = await buttons.action(2)
    assert block is not None and block[1].ask is not None
    assert block[1].with_answer("too early") == "!poll vote 2 block --reason 'too early'"
    ranked = await buttons.choice(1)
    assert ranked is not None and ranked[1].ordered and ranked[1].options == ("a", "b", "c")
    (choice_id,) = old.rows("SELECT choice_id FROM matrix_polls WHERE start_event_id = '$start1'")[
        0
    ]
    native = await buttons.choice(choice_id)
    assert native is not None and native[0] == "matrix:!r:hs"
    assert (native[1].command, native[1].args, len(native[1].options)) == ("poll vote", ("1",), 3)
    # 0.1.0 ran "poll withdraw ID" for an emptied native answer; the choices name it now.
    assert (native[1].withdraw, ranked[1].withdraw) == ("poll withdraw 1", "poll withdraw 4")
    assert old.rows("SELECT count(*) FROM matrix_poll_responses") == [(1,)]


def _file_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _old_secret() -> bytes:
    conn = sqlite3.connect(FIXTURE)
    try:
        return bytes(conn.execute("SELECT secret FROM polls WHERE id = 3").fetchone()[0])
    finally:
        conn.close()


async def test_the_anonymous_poll_key_moves_out_of_the_database(old: Harness) -> None:
    """0.1.0 kept poll 3's key in the database: it now lives beside it, and votes still work."""
    secret = _old_secret()
    assert old.rows("SELECT count(*) FROM polls WHERE secret IS NOT NULL") == [(0,)]
    assert secret not in _file_bytes(Path(old.db_path))
    assert old.bot.db.keys.get("poll:3") == secret
    before = old.rows("SELECT voter FROM ballots WHERE poll_id = 3")
    await old.ok("alice", "!poll vote 3 2")  # alice voted in 0.1.0: her ballot is replaced
    assert old.rows("SELECT voter FROM ballots WHERE poll_id = 3") == before


async def test_a_busy_reader_delays_the_erase_but_does_not_cancel_it(tmp_path: Path) -> None:
    """A reader holding the log during the move keeps the old key on disk until it ends."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    secret = _old_secret()
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM polls").fetchone()  # holds its snapshot
    h = await Harness(path, timezone="UTC").start()
    try:
        assert secret in _file_bytes(path)  # the checkpoint could not run past the reader
        assert h.rows("SELECT count(*) FROM scheduled WHERE kind = 'poll_secret_erase'")[0][0]
        reader.execute("ROLLBACK")
        reader.close()
        await h.wait(timedelta(minutes=5))  # the pending erase is retried with back-off
        assert secret not in _file_bytes(path)
    finally:
        await h.close()
