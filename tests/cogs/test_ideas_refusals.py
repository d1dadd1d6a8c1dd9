"""Every refused ideas command says what to do instead and changes nothing."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """Idea 1 by alice (proposed), idea 2 by bob (withdrawn), idea 3 supported by carol."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "fran")
    await harness.ok("alice", '!idea add "Free tea at every meeting"')
    await harness.ok("bob", '!idea add "A bike rack by the door"')
    await harness.ok("bob", "!idea withdraw 2")
    await harness.ok("carol", '!idea add "Large-print agendas" --anyway')
    await harness.ok("bob", "!idea support 3")
    return harness


REFUSALS = [
    ("alice", '!idea add "   "', "Say what the idea is"),
    ("alice", "!idea add " + "x" * 2001, "at most 2000 characters"),
    ("alice", "!idea show 99", "no idea 99"),
    ("bob", "!idea support 3", "already supporting"),
    ("alice", "!idea support 1", "cannot support it too"),
    ("alice", "!idea support 2", "withdrawn"),
    ("alice", "!idea status 1 adopted --reason yes", "facilitator"),
    (
        "fran",
        "!idea status 1 done --reason yes",
        "can go to discussing, adopted, declined or parked.",
    ),
    ("fran", "!idea status 3 discussing --review tomorrow", "adopted only"),
    ("bob", "!idea edit 1 nope", "Only the person who proposed"),
    ("bob", "!idea withdraw 2", "only while"),
    ("fran", "!idea poll 2", "withdrawn"),
    ("alice", "!idea review 1 keep", "only adopted"),
    ("carol", "!idea unsupport 1", "not supporting idea 1"),
    ("bob", "!idea unsupport 99", "no idea 99"),
    ("alice", '!idea edit 1 "  "', "Say what the idea is"),
    ("alice", "!idea edit 1 " + "y" * 2001, "at most 2000 characters"),
    ("alice", '!idea edit 1 "Free tea at every meeting"', "text already"),
    ("carol", "!idea withdraw 1", "Only the person who proposed"),
    ("fran", "!idea status 2 discussing", "nowhere: it is settled"),
    ("fran", "!idea status 99 discussing --reason x", "no idea 99"),
    ("fran", "!idea poll 1 yes no", "own options"),
    ("fran", "!idea poll 99", "no idea 99"),
    ("alice", "!idea poll 1", "facilitator"),
]


async def test_creating_ideas_can_be_kept_to_facilitators(h: Harness) -> None:
    """idea_creators = facilitators: a participant's idea is refused, a facilitator's posted."""
    await h.ok("olivia", "!settings set idea_creators facilitators")
    await h.refused("bob", '!idea add "A bike shed"', "facilitator")
    await h.ok("fran", '!idea add "A bike shed"')


async def test_an_idea_under_a_poll_keeps_its_text_until_the_poll_closes(h: Harness) -> None:
    """Ballots are cast on the text as it was: editing is refused while its poll is open."""
    await h.ok("fran", "!idea poll 1")
    await h.refused("alice", '!idea edit 1 "Free coffee"', "once that poll has closed")
    await h.refused("fran", "!idea poll 1", "already has poll 1 open")
    await h.ok("fran", "!poll close 1")
    await h.ok("alice", '!idea edit 1 "Free coffee at every meeting"')


@pytest.mark.parametrize(("who", "text", "expected"), REFUSALS)
async def test_refusal_changes_nothing(h: Harness, who: str, text: str, expected: str) -> None:
    """A bad ideas command gets a private, clear message and leaves the database alone."""
    await h.refused(who, text, expected)


async def test_a_status_without_a_reason_is_refused(h: Harness) -> None:
    """Every status but discussing needs a reason, and the answer shows how to give one."""
    await h.ok("fran", "!idea status 1 discussing")
    before = h.snapshot()
    reply = await h.say("fran", "!idea status 1 declined")
    assert reply.error and "--reason" in reply.body and h.snapshot() == before


async def test_a_review_date_in_the_past_is_refused(h: Harness) -> None:
    """--review must be a time to come."""
    await h.ok("fran", "!idea status 1 discussing")
    before = h.snapshot()
    reply = await h.say("fran", '!idea status 1 adopted --reason ok --review "2020-01-01 10:00"')
    assert reply.error and h.snapshot() == before


async def test_an_adopted_idea_does_not_go_back_to_discussion(h: Harness) -> None:
    """Adopted goes on only to done: moving it back to discussing is refused."""
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", '!idea status 1 adopted --reason "We can fund it"')
    await h.refused(
        "fran", "!idea status 1 discussing", "Idea 1 is adopted; from there it can go to done."
    )


async def test_a_parked_idea_takes_no_support(h: Harness) -> None:
    """Parked is not open: a support is refused until it is back under discussion."""
    await h.ok("fran", "!idea status 3 discussing")
    await h.ok("fran", '!idea status 3 parked --reason "After the summer"')
    await h.refused("alice", "!idea support 3", "Idea 3 is parked; it takes no support now.")
