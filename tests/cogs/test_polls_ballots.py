"""What a ballot means: numbers are positions, no empty ballots, no change after the deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.model import Role
from storage.polls import PollRepository
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob")
    return harness


async def test_buttons_of_numeric_labels_vote_for_their_own_option(h: Harness) -> None:
    """Pressing the button of option "4" votes for "4", not for the option labelled "1"."""
    created = await h.ok("fran", '!poll create "How many sessions a month?" 4 2 1')
    for action in created.actions[:3]:
        reply = await h.ok("alice", action.as_text())
        assert f"is in: {action.label}." in reply.body
    assert h.rows("SELECT choices FROM ballots") == [("3",)]


async def test_a_typed_number_is_the_position_and_the_other_reading_is_named(h: Harness) -> None:
    """Typing 1 where another option is labelled "1" takes option 1 and says how to pick the other."""
    await h.ok("fran", '!poll create "How many sessions a month?" 4 2 1')
    reply = await h.ok("alice", "!poll vote 1 1")
    assert "is in: 4." in reply.body
    assert "the option labelled 1 is option 3" in reply.body
    # "4" cannot be a position among three options, so the label is unambiguous.
    reply = await h.ok("bob", "!poll vote 1 4")
    assert "is in: 4." in reply.body and "Note" not in reply.body


async def test_unicode_digits_are_labels_not_numbers(h: Harness) -> None:
    """'²' or '①' is not read as a number (it used to crash the shell); it is refused clearly."""
    await h.ok("fran", "!poll create Lunch? Soup Salad")
    before = h.snapshot()
    for word in ("²", "①", "٣", "9" * 5000):
        reply = await h.say("alice", f"!poll vote 1 {word}")
        assert reply.error and "!poll vote" in reply.body
    assert h.snapshot() == before


@pytest.mark.parametrize("choice", [",", '","', '" , , "', ",,,"])
async def test_an_empty_ballot_is_refused(h: Harness, choice: str) -> None:
    """A vote that names no option is refused, not counted, and the reminder still comes."""
    await h.ok("fran", '!poll create "Topics" X Y Z --kind multi --closes "in 3 days"')
    await h.ok("fran", '!poll create "Rank them" A B C --kind ranked')
    before = h.snapshot()
    for poll in (1, 2):
        reply = await h.say("alice", f"!poll vote {poll} {choice}")
        assert reply.error and "names no option" in reply.body
    assert h.snapshot() == before
    await h.wait(timedelta(days=2, hours=1))
    assert [d.title for d in h.dms("alice")] == ["A poll is closing soon"]


async def test_withdrawing_after_the_deadline_is_refused(h: Harness) -> None:
    """After the deadline, neither withdrawing nor voting changes the ballots."""
    await h.ok("fran", '!poll create Lunch? Soup Salad --closes "in 1 days"')
    await h.ok("alice", "!poll vote 1 1")
    h.clock.advance(timedelta(days=1))  # the deadline passes; the close job has not run yet
    before = h.rows("SELECT * FROM ballots")
    reply = await h.say("alice", "!poll withdraw 1")
    assert reply.error and "has closed" in reply.body
    reply = await h.say("alice", "!poll vote 1 2")
    assert reply.error and "has closed" in reply.body
    assert h.rows("SELECT * FROM ballots") == before


async def test_storage_refuses_a_ballot_change_after_the_deadline(h: Harness) -> None:
    """The deadline is checked in the transaction of the write, whatever the cog checked first."""
    await h.ok("fran", '!poll create Lunch? Soup Salad --closes "in 1 days"')
    await h.ok("alice", "!poll vote 1 1")
    polls = PollRepository(h.bot.db.reader)
    late = h.clock.now() + timedelta(days=1)
    async with h.bot.db.transaction() as tx:
        assert not await polls.withdraw(tx, 1, "alice", late)
        assert not await polls.cast(tx, 1, "bob", (2,), None, late)
    assert h.rows("SELECT voter, choices FROM ballots") == [("alice", "1")]


async def test_the_deadline_understood_is_echoed(h: Harness) -> None:
    """Creating a poll with --closes shows the day, time and zone the bot understood."""
    h.lines.clear()
    await h.ok("fran", '!poll create Lunch? Soup Salad --closes "friday 17:00"')
    assert "Closes: Fri 04 Dec 2026, 17:00 UTC (in 4 days)" in "\n".join(h.lines)


async def test_long_options_sharing_a_prefix_keep_distinct_buttons(h: Harness) -> None:
    """Options alike in their first 80 characters still differ within a button's 80."""
    shared = "We should meet on the first Tuesday of each month in the community centre hall, "
    created = await h.ok("fran", f'!poll create When? "{shared}at six" "{shared}at seven"')
    shown = [a.label[:80] for a in created.actions[:2]]
    assert len(set(shown)) == 2
    reply = await h.ok("alice", created.actions[1].as_text())
    assert "at seven" in reply.body
