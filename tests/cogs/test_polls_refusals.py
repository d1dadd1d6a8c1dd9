"""Every refusal answers clearly, says what to type instead, and changes nothing."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice")
    await harness.ok("fran", '!poll create "Which evening?" Monday Tuesday --closes "in 2 days"')
    await harness.ok("fran", '!poll create "Rank them" A B C --kind ranked')
    await harness.ok("fran", '!poll create "Topics" X Y Z --kind multi')
    await harness.ok("fran", "!poll create Done? Yes No")
    await harness.ok("fran", "!poll close 4")
    return harness


REFUSALS = [
    ("alice", "!poll vote 99 1", "There is no poll 99"),
    ("alice", "!poll vote 4 1", "has closed"),
    ("alice", "!poll vote 1 3", "no option 3"),
    ("alice", "!poll vote 1 0", "no option 0"),
    ("alice", "!poll vote 1 Friday", "not an option"),
    ("alice", "!poll vote 1 1,2", "takes one choice"),
    ("alice", "!poll vote 2 3,1,3", "appears twice"),
    ("alice", "!poll vote 3 1,1", "appears twice"),
    ("alice", "!poll vote x 1", "must be a whole number"),
    ("alice", "!poll vote 1", "Missing CHOICE"),
    ("alice", "!poll vote 1 1 extra", "'extra' is not an option of poll 1"),
    ("alice", "!poll results 1 extra", "I don't know what 'extra' is for"),
    ("alice", "!poll vote 1 1 --colour red", "Unknown option --colour"),
    ("alice", '!poll vote 1 "1', "quote was opened"),
    ("alice", "!poll create Lunch? Soup Salad", "facilitator"),
    ("fran", "!poll create Lunch? Soup", "2 to 20 options"),
    ("fran", "!poll create Lunch? " + " ".join(f"o{i}" for i in range(21)), "at most 20"),
    ("fran", "!poll create Lunch? Soup soup", "same text"),
    ("fran", '!poll create Lunch? Soup Salad --closes "yesterday 10:00"', "already passed"),
    ("fran", "!poll create Lunch? Soup Salad --closes banana", "I can't read 'banana' as a time"),
    ("fran", "!poll create Lunch? Soup Salad --kind approval", "kind must be one of"),
    ("fran", "!poll create Rota? Yes No --kind consent", "fixed options"),
    ("fran", "!poll close 4", "already closed"),
    ("alice", "!poll close 1", "facilitator"),
    ("alice", "!poll voters 1", "facilitator"),
    ("alice", "!settings set timezone Europe/Paris", "organiser"),
    ("olivia", "!settings set timezone Mars/Base", "not a time zone"),
    ("olivia", "!settings set timezone Factory", "not a time zone"),
    ("olivia", "!settings set timezone posix/Europe/Paris", "not a time zone"),
    ("olivia", "!settings set timezone Europe", "not a time zone"),
    ("olivia", "!settings set reminder_hours lots", "whole number"),
    ("alice", "!pol vote 1 1", "Did you mean"),
    ("alice", "!poll vot 1 1", "!poll vote"),
]


@pytest.mark.parametrize(("who", "text", "expected"), REFUSALS)
async def test_refusal_changes_nothing(h: Harness, who: str, text: str, expected: str) -> None:
    """A bad command gets a private, clear message and leaves the database as it was."""
    await h.refused(who, text, expected)


async def test_usage_line_comes_with_wrong_arguments(h: Harness) -> None:
    """Wrong arguments answer with the usage line of the command."""
    reply = await h.say("alice", "!poll vote")
    assert "Usage: !poll vote ID CHOICE [--reason TEXT]" in reply.body


async def test_voters_of_a_hidden_poll_wait_for_the_close(h: Harness) -> None:
    """Hidden results hide who voted what from facilitators too, until the poll closes."""
    await h.ok("fran", "!poll create Secret? Yes No --hide-results")
    await h.ok("alice", "!poll vote 5 1")
    reply = await h.say("fran", "!poll voters 5")
    assert reply.error and "until it closes" in reply.body and "alice" not in reply.body
    await h.ok("fran", "!poll close 5")
    assert "alice: Yes" in (await h.ok("fran", "!poll voters 5")).body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('!poll create "' + "Q" * 201 + '" A B', "at most 200 characters (the limit for a title"),
        ("!poll create Lunch? Soup " + "S" * 301, "at most 300 characters (the limit for a short"),
        ('!poll create Lunch? Soup "Sou\u200bp"', "same text"),
        ('!poll create Lunch? "Cafe\u0301" "Caf\u00e9"', "same text"),
        ('!poll create Lunch? "\x00\u200b" Soup', "one is empty"),
    ],
)
async def test_long_or_look_alike_text_is_refused(h: Harness, text: str, expected: str) -> None:
    """Over-long text names its limit; options equal once normalised are duplicates."""
    before = h.snapshot()
    reply = await h.say("fran", text)
    assert reply.error and expected in reply.body
    assert h.snapshot() == before


async def test_control_characters_are_stripped_from_stored_text(h: Harness) -> None:
    """NUL, CR, VT, FF and U+2028 never reach the database; labels are stored in NFC."""
    await h.ok("fran", '!poll create "Lunch\r\x0b\x0c\u2028today?" "Cafe\u0301\x00" Soup')
    assert h.rows("SELECT question FROM polls WHERE id = 5") == [("Lunch today?",)]
    assert ("Caf\u00e9",) in h.rows("SELECT label FROM poll_options WHERE poll_id = 5")
    reply = await h.ok("alice", "!poll vote 5 Cafe\u0301")
    assert "is in: Caf\u00e9" in reply.body
