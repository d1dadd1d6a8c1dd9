"""What ideas say reads as plain English: counts agree with their nouns, sentences start well."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.events import ThreadMessage
from cogs.ideas._people import forgotten
from tests.cogs.ideas_group import ideas_group, threads
from tests.harness import GROUP_ID, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice, bob and carol are participants; fran is a facilitator who has used the bot."""
    return await ideas_group(harness)


def test_forget_counts_ideas_in_words() -> None:
    """1 idea, 2 ideas: never "idea(s)"."""
    assert forgotten(1, 1).erased == ("your support of 1 idea",)
    assert forgotten(1, 1).kept == ("1 idea you proposed, without your name",)
    assert forgotten(2, 3).erased == ("your support of 3 ideas",)
    assert forgotten(2, 3).kept == ("2 ideas you proposed, without your name",)


async def test_the_list_counts_one_message_and_one_supporter(h: Harness) -> None:
    """--sort active: "1 supporter, 1 message in 14 days"."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("bob", "!idea support 1")
    await h.bot.emit(ThreadMessage(GROUP_ID, "idea:1", "carol", h.clock.now()))
    listed = await h.ok("bob", "!idea list --sort active")
    assert listed.body == "**1**: Free tea (proposed, 1 supporter, 1 message in 14 days)"


async def test_a_one_day_stale_period_says_one_day(h: Harness) -> None:
    """idea_stale_days 1: "no news for 1 day", not "1 days"."""
    await h.ok("olivia", "!settings set idea_stale_days 1")
    await h.ok("alice", '!idea add "Free tea"')
    await h.wait(timedelta(days=1, hours=1))
    (note,) = [r.body for r in h.dms("alice") if "forgotten" in r.body]
    assert note.startswith("Idea 1 has had no news for 1 day. It has not been forgotten")


async def test_a_reason_starts_its_sentence_with_a_capital(h: Harness) -> None:
    """A passed poll's reason, and one typed in lower case, read as sentences of their own."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("fran", "!idea poll 1")
    await h.ok("bob", "!poll vote 1 agree")
    await h.ok("fran", "!poll close 1")
    assert threads(h, 1)[-1] == "Status: adopted. The consent decision passed (poll 1)"
    shown = {f.name: f.value for f in (await h.ok("bob", "!idea show 1")).fields}
    assert shown["Why"] == "The consent decision passed (poll 1)"
    await h.ok("carol", '!idea add "A bike rack"')
    await h.ok("fran", '!idea status 2 declined --reason "no room by the door"')
    assert threads(h, 2)[-1] == "Status: declined. No room by the door"


async def test_withdrawing_a_settled_idea_is_refused_in_good_english(h: Harness) -> None:
    """Refused as "it can be withdrawn only while...", not "withdrawed"."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("fran", '!idea status 1 declined --reason "No budget"')
    await h.refused(
        "alice",
        "!idea withdraw 1",
        "Idea 1 is declined; it can be withdrawn only while proposed or under discussion.",
    )
