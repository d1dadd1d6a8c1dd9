"""From idea to poll to decision to review: a consent poll that adopts an idea sets its review."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.model import Role
from tests.cogs.ideas_group import ideas_group
from tests.harness import Harness

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0.sqlite3"


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice, bob and carol are participants; fran is a facilitator who has used the bot."""
    return await ideas_group(harness)


def reviews(h: Harness, who: str) -> list:
    """The review questions someone received."""
    return [r for r in h.dms(who) if r.title == "Time to review an idea"]


async def test_an_idea_poll_says_when_it_closes_and_when_the_review_is(h: Harness) -> None:
    """`!idea poll` says back both dates as sentences: Mon 30 Nov + 2 days, + 60 days."""
    await h.ok("alice", '!idea add "A quiet room on drop-in days"')
    said = await h.ok("fran", '!idea poll 1 --closes "in 2 days" --review "in 60 days"')
    assert said.body == (
        "Poll 1 is open in idea 1's thread. It closes Wed 02 Dec 2026, 09:00 UTC. "
        "The review is Fri 29 Jan 2027, 09:00 UTC."
    )


async def test_a_poll_that_adopts_an_idea_brings_its_review_after_a_restart(h: Harness) -> None:
    """--review on the poll: passed at its close, adopted, asked on the day, outcome recorded."""
    await h.ok("alice", '!idea add "A quiet room on drop-in days"')
    await h.ok("fran", '!idea poll 1 --closes "in 2 days" --review "in 60 days"')
    for who in ("alice", "bob", "carol"):
        await h.ok(who, "!poll vote 1 agree")
    await h.wait(timedelta(days=2, minutes=1))
    assert h.rows("SELECT status FROM ideas") == [("adopted",)]
    assert "Review" in [f.name for f in (await h.ok("bob", "!idea show 1")).fields]
    await h.restart()
    await h.wait(timedelta(days=57))
    assert reviews(h, "alice") == []
    await h.wait(timedelta(days=1, hours=1))
    (ask,) = reviews(h, "alice")
    assert "Is it working?" in ask.body and reviews(h, "fran")
    await h.ok("fran", ask.actions[1].as_text())
    assert h.rows("SELECT review_outcome FROM ideas") == [("change",)]


async def test_a_blocked_poll_sets_no_review(h: Harness) -> None:
    """The review date waits on adoption: a block leaves the idea in discussion, unreviewed."""
    await h.ok("alice", '!idea add "Move meetings to Tuesday"')
    await h.ok("fran", '!idea poll 1 --review "in 30 days"')
    await h.ok("bob", '!poll vote 1 block --reason "I work Tuesdays"')
    await h.ok("fran", "!poll close 1")
    await h.wait(timedelta(days=31))
    assert h.rows("SELECT status, review_at FROM ideas") == [("discussing", None)]
    assert reviews(h, "alice") == []


REFUSALS = [
    ('!idea poll 1 6pm 7pm --kind single --review "in 30 days"', "goes with a consent decision"),
    ('!idea poll 1 --closes "in 10 days" --review "in 2 days"', "must come after the poll closes"),
    ('!idea poll 1 --review "2020-01-01 10:00"', "2020"),
]


@pytest.mark.parametrize(("text", "expected"), REFUSALS)
async def test_a_poll_with_a_review_that_cannot_be_is_refused(
    h: Harness, text: str, expected: str
) -> None:
    """A review date on a poll that cannot adopt, or before it closes, or past: nothing opens."""
    await h.ok("alice", '!idea add "A quiet room on drop-in days"')
    await h.refused("fran", text, expected)


async def test_a_second_press_of_the_same_review_button_changes_nothing(h: Harness) -> None:
    """Keep pressed twice is refused the second time; a change of mind (Drop) is recorded."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", '!idea status 1 adopted --reason "Cheap" --review "in 7 days"')
    await h.ok("alice", "!idea review 1 keep")
    await h.refused("fran", "!idea review 1 keep", "already says keep")
    await h.ok("fran", "!idea review 1 drop")
    assert h.rows("SELECT review_outcome FROM ideas") == [("drop",)]


@pytest.fixture
async def old(tmp_path: Path) -> AsyncIterator[Harness]:
    """A bot started on a copy of the 0.1.0 database."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    h = Harness(path, timezone="UTC")
    await h.start()
    h.as_role("fran", Role.FACILITATOR)
    yield h
    await h.close()


async def test_a_database_from_0_1_0_takes_ideas_with_reviewed_polls(old: Harness) -> None:
    """After the upgrade an idea, its poll with a review date and its adoption all work."""
    await old.ok("alice", '!idea add "Large-print agendas"')
    opened = await old.ok("fran", '!idea poll 1 --review "in 30 days"')
    poll = opened.body.split()[1]  # "Poll N is open in idea 1's thread."
    await old.ok("bob", f"!poll vote {poll} agree")
    await old.ok("fran", f"!poll close {poll}")
    assert old.rows("SELECT status, review_at IS NOT NULL FROM ideas") == [("adopted", 1)]
