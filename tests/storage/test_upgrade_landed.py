"""A database written by the last landed code (commit 4e6eeca) upgrades and keeps working.

`tests/fixtures/landed-4e6eeca.sqlite3` was made by `make_landed_4e6eeca.py.txt` with that
commit's code: a shell group with a profile (zone, quiet hours), an open poll with a ballot,
a supported idea, two mentoring opt-ins and a meeting with an RSVP. Since then migration
0023 gave each person a language of their own.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from tests.harness import Harness

# About SQLite files themselves (their lock, bytes and releases): SQLite on every run.
pytestmark = pytest.mark.sqlite_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "landed-4e6eeca.sqlite3"


@pytest.fixture
async def landed(tmp_path: Path):
    """A bot started on a copy of the landed database."""
    path = tmp_path / "landed.sqlite3"
    shutil.copy(FIXTURE, path)
    h = await Harness(path).start()
    yield h
    await h.close()


async def test_a_person_keeps_their_profile_and_can_choose_a_language(landed: Harness) -> None:
    """alice's zone and quiet hours survive; her language starts as the group's and can change."""
    h = landed
    assert h.rows("SELECT timezone, quiet_from, quiet_until, language FROM people "
                  "WHERE user_id = 'alice'") == [("Europe/Paris", "22:00", "07:00", None)]  # fmt: skip
    await h.ok("alice", "!me language cy")
    assert h.rows("SELECT language FROM people WHERE user_id = 'alice'") == [("cy",)]


async def test_the_open_poll_takes_votes_and_closes_on_time(landed: Harness) -> None:
    """The poll left open takes carol's vote, keeps bob's, and closes after its three days."""
    h = landed
    listed = await h.ok("carol", "!poll list")
    assert "Which evening?" in listed.body
    await h.ok("carol", "!poll vote 1 1")
    assert sorted(h.rows("SELECT choices FROM ballots")) == [("1",), ("2",)]
    await h.wait(timedelta(days=3, hours=1))
    results = await h.ok("olivia", "!poll results 1")
    assert results.title == "Results of poll 1 (closed): Which evening?"


async def test_ideas_mentoring_and_meetings_are_still_there(landed: Harness) -> None:
    """The idea with its supporter, both opt-ins and the meeting with alice coming."""
    h = landed
    ideas = await h.ok("carol", "!idea list")
    assert "Evening sessions for shift workers" in ideas.body
    assert h.rows("SELECT count(*) FROM idea_supports") == [(1,)]
    assert sorted(h.rows("SELECT user_id, role FROM mentoring_people")) == [
        ("alice", "mentee"), ("bob", "mentor"),
    ]  # fmt: skip
    meetings = await h.ok("carol", "!meeting list")
    assert "Steering group" in meetings.body
    assert h.rows("SELECT user_id, answer FROM meeting_rsvps") == [("alice", "going")]
