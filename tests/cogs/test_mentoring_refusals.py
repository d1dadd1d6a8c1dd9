"""Every mentoring refusal answers clearly, says what to type instead, and changes nothing."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice and bob are in and have a proposed pairing (1); cara is not in."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "cara", "fran")
    await harness.ok("alice", '!mentor join mentee --topics "housing"')
    await harness.ok("bob", "!mentor join mentor")
    await harness.ok("fran", "!mentor round")
    return harness


REFUSALS = [
    ("cara", "!mentor join boss", "role must be one of"),
    ("cara", "!mentor join peer --every 3w", "--every takes 2 weeks or 4 weeks, not '3w'"),
    ("cara", "!mentor join peer --topics " + '"' + ",".join("abcdefghi") + '"', "the most is 8"),
    ("alice", '!mentor join mentee --topics "housing"', "nothing changed"),
    ("alice", "!mentor avoid alice", "never paired with yourself"),
    ("alice", "!mentor avoid @zed", "Nobody called '@zed'"),
    ("alice", "!mentor unavoid @bob", "not on your avoid list"),
    ("alice", "!mentor end", "no pairing under way"),
    ("alice", "!mentor round", "facilitator"),
    ("alice", "!mentor round --dry-run", "facilitator"),
    ("cara", "!mentor leave", "not in the pairing rounds"),
    ("cara", "!mentor pause 4w", "not in the pairing rounds"),
    ("alice", "!mentor pause soon", "not a length of time"),
    ("alice", "!mentor pause 0d", "from 1 day to 52 weeks"),
    ("cara", "!mentor accept 1", "You have no pairing 1"),
    ("alice", "!mentor accept 9", "You have no pairing 9"),
    ("alice", "!mentor checkin 1 met", "has not started"),
    ("alice", "!mentor checkin 1 maybe", "answer must be one of"),
    ("alice", '!mentor concern "  "', "Say what worries you"),
    ("alice", "!mentor concern " + '"' + "x" * 2001 + '"', "at most 2000"),
    ("fran", "!mentor concerns", "organiser"),
    ("fran", "!mentor round", "at least two people"),
    ("olivia", "!settings set mentoring_every 3w", "takes 1 week, 2 weeks or 4 weeks"),
    ("olivia", "!settings set mentoring_time teatime", "not a time of day"),
]


@pytest.mark.parametrize(("who", "text", "expected"), REFUSALS)
async def test_refusal_changes_nothing(h: Harness, who: str, text: str, expected: str) -> None:
    """A bad mentoring command gets a private, clear message and leaves the database alone."""
    await h.refused(who, text, expected)
