"""How polls read: the deadline once, no-deadline polls, consent outcomes, counts and plurals."""

from __future__ import annotations

import pytest

from bot.core.model import Reply, Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; alice, bob, carol and dev take part (six members with olivia)."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "dev", "fran")
    return harness


async def shown(h: Harness, who: str, text: str) -> str:
    """What the shell printed for one command (times rendered as readers see them)."""
    h.lines.clear()
    reply = await h.say(who, text)
    assert not reply.error, reply.body
    return "\n".join(h.lines)


def field(reply: Reply, name: str) -> str:
    """The value of the reply's field called `name`."""
    return next(f.value for f in reply.fields if f.name == name)


async def test_a_polls_deadline_is_shown_once(h: Harness) -> None:
    """Creating a poll with --closes shows its deadline in one place, not twice."""
    text = await shown(h, "fran", '!poll create "Which evening?" Mon Tue --closes "friday 17:00"')
    assert text.count("Fri 04 Dec 2026, 17:00 UTC") == 1, text
    assert "Closes: Fri 04 Dec 2026, 17:00 UTC (in 4 days)" in text


async def test_a_poll_with_no_deadline_says_how_it_ends(h: Harness) -> None:
    """No --closes: the poll says it stays open until a facilitator closes it."""
    text = await shown(h, "fran", '!poll create "Which evening?" Mon Tue')
    assert "No deadline: it stays open until a facilitator closes it." in text
    dated = await shown(h, "fran", '!poll create "Which day?" Mon Tue --closes "friday 17:00"')
    assert "No deadline" not in dated


async def test_results_count_votes_in_words_without_bars(h: Harness) -> None:
    """Each option reads "Tuesday: 2 votes (67%)" (1 vote, 0 votes); no bar characters."""
    await h.ok("fran", '!poll create "Which evening?" Monday Tuesday Wednesday')
    await h.ok("alice", "!poll vote 1 2")
    await h.ok("bob", "!poll vote 1 2")
    await h.ok("carol", "!poll vote 1 1")
    results = await h.ok("fran", "!poll results 1")
    assert results.body.splitlines() == [
        "1. Monday: 1 vote (33%)",
        "2. Tuesday: 2 votes (67%)",
        "3. Wednesday: 0 votes (0%)",
    ]
    everything = results.body + "".join(f.value for f in results.fields)
    assert not any(bar in everything for bar in "█░▓▒")


async def test_a_ranked_poll_counts_one_exhausted_ballot_in_the_singular(h: Harness) -> None:
    """A ballot with no live preference left reads "1 ballot exhausted"."""
    await h.ok("fran", "!poll create Venue? Library Hall Cafe --kind ranked")
    await h.ok("alice", "!poll vote 1 1")
    await h.ok("bob", "!poll vote 1 1")
    await h.ok("carol", "!poll vote 1 2")
    await h.ok("dev", "!poll vote 1 3")
    results = await h.ok("fran", "!poll results 1")
    # Round 1: Library 2 of 4, no majority; Cafe and Hall (1 each) go out, and with them
    # carol's and dev's ballots, which name nobody else.
    assert "Round 2: Library 2; 2 ballots exhausted" in results.body
    await h.ok("dev", "!poll vote 1 3,1")
    results = await h.ok("fran", "!poll results 1")
    assert "Round 2: Library 3; 1 ballot exhausted" in results.body


async def test_turnout_of_a_one_member_group_is_singular(harness: Harness) -> None:
    """With olivia alone: "0 of 1 member has voted", then "1 of 1 member has voted"."""
    h = harness
    created = await h.ok("olivia", '!poll create "Which evening?" Mon Tue')
    assert field(created, "Turnout") == "0 of 1 member has voted (0%)"
    await h.ok("olivia", "!poll vote 1 1")
    results = await h.ok("olivia", "!poll results 1")
    assert field(results, "Turnout") == "1 of 1 member has voted (100%)"


async def test_turnout_agrees_with_its_counts(h: Harness) -> None:
    """Six members: "0 of 6 members have voted", "1 of 6 members has voted", "2 of 6 ... have"."""
    created = await h.ok("fran", '!poll create "Which evening?" Mon Tue')
    assert field(created, "Turnout") == "0 of 6 members have voted (0%)"
    await h.ok("alice", "!poll vote 1 1")
    assert field(await h.ok("fran", "!poll results 1"), "Turnout") == (
        "1 of 6 members has voted (17%)"
    )
    await h.ok("bob", "!poll vote 1 1")
    assert field(await h.ok("fran", "!poll results 1"), "Turnout") == (
        "2 of 6 members have voted (33%)"
    )


async def test_a_consent_result_shows_every_count_and_the_concerns(h: Harness) -> None:
    """Passed: every count and the objections' reasons; blocked: the same, with the blocks."""
    await h.ok("fran", '!poll create "Adopt the new rota?" --kind consent')
    await h.ok("alice", "!poll vote 1 agree")
    await h.ok("bob", "!poll vote 1 abstain")
    await h.ok("carol", '!poll vote 1 object --reason "Evening shifts clash with it"')
    results = await h.ok("fran", "!poll results 1")
    assert field(results, "Outcome") == "Passed (no blocks): 1 agree, 1 abstain, 1 object."
    assert field(results, "Concerns raised") == "- Evening shifts clash with it"
    assert not any(f.name == "Reasons for blocking" for f in results.fields)
    await h.ok("dev", '!poll vote 1 block --reason "Nobody asked the night staff"')
    await h.ok("fran", "!poll close 1")
    final = h.posts[-1]
    assert field(final, "Outcome") == "Blocked (1 block): 1 agree, 1 abstain, 1 object."
    assert field(final, "Concerns raised") == "- Evening shifts clash with it"
    assert field(final, "Reasons for blocking") == "- Nobody asked the night staff"
    assert all(name not in final.body for name in ("alice", "bob", "carol", "dev"))


async def test_a_consent_result_with_no_objection_lists_zero_objects(h: Harness) -> None:
    """Every count is shown, zeros too, and there is no concerns field when none were raised."""
    await h.ok("fran", '!poll create "Adopt the new rota?" --kind consent')
    await h.ok("alice", "!poll vote 1 agree")
    await h.ok("bob", "!poll vote 1 agree")
    results = await h.ok("fran", "!poll results 1")
    assert field(results, "Outcome") == "Passed (no blocks): 2 agree, 0 abstain, 0 object."
    assert [f.name for f in results.fields] == ["Turnout", "Outcome"]


async def test_only_object_and_block_keep_a_reason_and_others_are_told(h: Harness) -> None:
    """Agree keeps no reason and says so; Object keeps it; a single-choice poll keeps none."""
    await h.ok("fran", '!poll create "Adopt the rota?" --kind consent')
    await h.ok("fran", "!poll create Lunch? Soup Salad")
    agreed = await h.ok("alice", '!poll vote 1 agree --reason "Fine by me"')
    assert "Your reason is not kept: only Object and Block" in agreed.body
    assert h.rows("SELECT choices, reason FROM ballots WHERE poll_id = 1") == [("1", None)]
    objected = await h.ok("alice", '!poll vote 1 object --reason "Too early"')
    assert "not kept" not in objected.body
    assert h.rows("SELECT choices, reason FROM ballots WHERE poll_id = 1") == [("3", "Too early")]
    single = await h.ok("alice", '!poll vote 2 1 --reason "Soup suits"')
    assert "Your reason is not kept" in single.body
    assert h.rows("SELECT reason FROM ballots WHERE poll_id = 2") == [(None,)]


async def test_what_forget_says_about_polls_has_no_plural_guesses(h: Harness) -> None:
    """Forget says "your vote in 1 open poll", "1 vote in a closed poll", "1 poll you asked"."""
    await h.ok("olivia", "!settings set poll_creators everyone")
    await h.ok("alice", "!poll create Lunch? Soup Salad")
    await h.ok("fran", "!poll create Done? Yes No")
    await h.ok("alice", "!poll vote 1 1")
    await h.ok("alice", "!poll vote 2 1")
    await h.ok("fran", "!poll close 2")
    told = await h.ok("alice", "!me forget confirm")
    polls = field(told, "polls")
    assert "(s)" not in polls
    assert "erased: your vote in 1 open poll" in polls
    assert "1 vote in a closed poll, without your name" in polls
    assert "1 poll you asked, shown without your name" in polls


async def test_forget_counts_several_in_the_plural(h: Harness) -> None:
    """Two of each: "your votes in 2 open polls", "2 votes in closed polls", "2 polls you asked"."""
    await h.ok("olivia", "!settings set poll_creators everyone")
    await h.ok("alice", "!poll create Lunch? Soup Salad")
    await h.ok("alice", "!poll create Tea? Yes No")
    await h.ok("fran", "!poll create Done? Yes No")
    await h.ok("fran", "!poll create Over? Yes No")
    for poll in (1, 2, 3, 4):
        await h.ok("alice", f"!poll vote {poll} 1")
    await h.ok("fran", "!poll close 3")
    await h.ok("fran", "!poll close 4")
    polls = field(await h.ok("alice", "!me forget confirm"), "polls")
    assert polls.splitlines() == [
        "- erased: your votes in 2 open polls",
        "- kept: 2 votes in closed polls, without your name, so their results stay true",
        "- kept: 2 polls you asked, shown without your name",
        "- kept: votes in closed anonymous polls: they were never linked to you",
    ]
