"""A database written by the last landing before PostgreSQL (commit f4958a6) upgrades.

`tests/fixtures/landed-f4958a6.sqlite3` (and its `.keys`) was made by
`make_landed_f4958a6.py.txt` with that commit's code: alice reads Welsh, an open poll with
bob's ballot, an open anonymous poll with bob's ballot (its key in the `.keys` file), an
idea, and a meeting alice is going to; reminders pending. Since then each part keeps its
own migrations (the `schema_versions` table), and the core's first step added the claims
several processes share work by.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from tests.harness import Harness

# A release's SQLite file: SQLite on every run.
pytestmark = pytest.mark.sqlite_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "landed-f4958a6.sqlite3"


@pytest.fixture
async def landed(tmp_path: Path):
    """A bot started on a copy of the landed database and its key file."""
    path = tmp_path / "landed.sqlite3"
    shutil.copy(FIXTURE, path)
    shutil.copy(f"{FIXTURE}.keys", f"{path}.keys")
    h = await Harness(path).start()
    yield h
    await h.close()


async def test_the_parts_sequences_start_after_the_releases_one(landed: Harness) -> None:
    """The releases' sequence stays at 23; the core's own first step is applied once."""
    h = landed
    assert h.rows("PRAGMA user_version") == [(23,)]
    assert h.rows("SELECT part, version FROM schema_versions") == [("core", 1)]
    assert h.rows("SELECT count(*) FROM work_claims") == [(0,)]
    await h.restart()
    assert h.rows("SELECT part, version FROM schema_versions") == [("core", 1)]


async def test_both_polls_take_votes_and_remind_once(landed: Harness) -> None:
    """carol votes in both (the anonymous one by its kept key); alice is reminded once of each."""
    h = landed
    await h.ok("carol", "!poll vote 1 1")
    await h.ok("carol", "!poll vote 2 2")
    assert len(h.rows("SELECT voter FROM ballots WHERE poll_id = 2")) == 2
    await h.wait(timedelta(days=2))  # past the reminders (Wed 09:00), before the closes
    alice = h.dms("alice")
    assert sum("**Which evening?**" in r.body for r in alice) == 1
    assert sum("**Secret ballot?**" in r.body for r in alice) == 1
    assert {r.title for r in alice} == {"Mae pôl yn cau cyn bo hir"}  # still in Welsh
    assert h.dms("carol") == []  # she voted in both


async def test_the_welsh_reader_and_the_meeting_are_still_there(landed: Harness) -> None:
    """alice still reads Welsh; the meeting still has her going."""
    h = landed
    assert h.rows("SELECT language FROM people WHERE user_id = 'alice'") == [("cy",)]
    listed = await h.ok("olivia", "!meeting list")
    assert "Steering group" in listed.body
