"""The whole poll lifecycle, for each kind, through the shell invocation path."""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import Role
from tests.harness import Harness


async def setup_people(h: Harness) -> None:
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob", "carol")


async def test_single_poll_lifecycle(harness: Harness) -> None:
    """A single-choice poll is posted, voted, changed, and closes at its deadline with a winner."""
    h = harness
    await setup_people(h)
    created = await h.ok(
        "fran", '!poll create "Which evening?" Monday Tuesday "Wed 7pm" --closes "in 3 days"'
    )
    assert created.title == "Poll 1: Which evening?"
    assert [a.as_text() for a in created.actions[:3]] == [
        "!poll vote 1 1",
        "!poll vote 1 2",
        "!poll vote 1 3",
    ]
    assert created.key == "poll:1" and not created.private
    vote = await h.ok("alice", "!poll vote 1 2")
    assert "Tuesday" in vote.body and vote.private
    await h.ok("bob", "!poll vote 1 tuesday")
    await h.ok("carol", "!poll vote 1 1")
    await h.ok("carol", "!poll vote 1 2")  # changed her mind
    results = await h.ok("olivia", "!poll results 1")
    assert "2. Tuesday: 3 votes (100%)" in results.body
    assert any(f.name == "Leading" and f.value == "Tuesday" for f in results.fields)
    turnout = next(f.value for f in results.fields if f.name == "Turnout")
    assert turnout == "3 of 5 members have voted (60%)"
    assert h.rows("SELECT count(*) FROM ballots") == [(3,)]

    await h.wait(timedelta(days=3))
    announced = h.posts[-1]
    assert announced.title == "Results of poll 1 (closed): Which evening?"
    assert any(f.name == "Winner" and f.value == "Tuesday" for f in announced.fields)
    listing = await h.ok("alice", "!poll list")
    assert "No polls are open" in listing.body
    late = await h.say("bob", "!poll vote 1 1")
    assert late.error and "closed" in late.body


async def test_multi_poll_counts_every_pick(harness: Harness) -> None:
    """In a multi poll each ballot counts for every option it picks; shares are of voters."""
    h = harness
    await setup_people(h)
    await h.ok("fran", '!poll create "Which topics?" Housing Transport Health --kind multi')
    await h.ok("alice", "!poll vote 1 1,3")
    await h.ok("bob", "!poll vote 1 3")
    results = await h.ok("fran", "!poll results 1")
    assert "1. Housing: 1 vote (50%)" in results.body
    assert "3. Health: 2 votes (100%)" in results.body
    await h.ok("fran", "!poll close 1")
    assert any(f.value == "Health" for f in h.posts[-1].fields if f.name == "Winner")


async def test_ranked_poll_shows_runoff_rounds(harness: Harness) -> None:
    """A ranked poll eliminates the last candidate and transfers its ballots."""
    h = harness
    await setup_people(h)
    await h.join("dev")
    await h.ok("fran", '!poll create "Venue?" Library Hall Cafe --kind ranked')
    await h.ok("alice", "!poll vote 1 1,2")
    await h.ok("bob", "!poll vote 1 1")
    await h.ok("carol", "!poll vote 1 2")
    await h.ok("dev", "!poll vote 1 3,2")
    await h.ok("olivia", "!poll vote 1 2,1")
    await h.ok("fran", "!poll close 1")
    results = h.posts[-1]
    assert "Round 1: Library 2, Hall 2, Cafe 1; out: Cafe" in results.body
    assert "Round 2: Library 2, Hall 3" in results.body
    assert any(f.name == "Winner" and f.value == "Hall" for f in results.fields)


async def test_consent_poll_passes_without_block_and_fails_with_one(harness: Harness) -> None:
    """A consent decision passes only if nobody blocks; a Block needs and shows a reason."""
    h = harness
    await setup_people(h)
    await h.ok("fran", '!poll create "Adopt the new rota?" --kind consent')
    await h.ok("alice", "!poll vote 1 agree")
    await h.ok("bob", "!poll vote 1 3")
    results = await h.ok("fran", "!poll results 1")
    assert any(f.value.startswith("Passed") for f in results.fields)
    needs_reason = await h.say("carol", "!poll vote 1 block")
    assert needs_reason.error and "--reason" in needs_reason.body
    await h.ok("carol", '!poll vote 1 block --reason "Evening workers cannot come"')
    await h.ok("fran", "!poll close 1")
    final = h.posts[-1]
    assert any(f.value.startswith("Blocked") for f in final.fields)
    assert any("Evening workers cannot come" in f.value for f in final.fields)


async def test_consent_block_button_asks_for_the_reason_honestly(harness: Harness) -> None:
    """Only Block asks; its note says the reason is public and who can see who blocked."""
    h = harness
    named = await h.ok("olivia", '!poll create "Adopt the rota?" --kind consent')
    agree, *_, block, _results = named.actions
    assert agree.ask is None and block.ask is not None
    assert block.ask.option == "reason" and block.ask.prompt == "Why do you block?"
    assert "without your name" in block.ask.note and "facilitators can see" in block.ask.note
    assert block.as_text() == '!poll vote 1 4 --reason "your reason"'
    secret = await h.ok("olivia", '!poll create "Adopt the budget?" --kind consent --anonymous')
    ask = secret.actions[3].ask
    assert ask is not None and "facilitators" not in ask.note and "without your name" in ask.note
    await h.ok("olivia", '!poll vote 1 block --reason "Too early"')
    await h.ok("olivia", "!poll close 1")
    shown = next(f.value for f in h.posts[-1].fields if f.name == "Reasons for blocking")
    assert shown == "- Too early" and "olivia" not in shown


async def test_hidden_results_show_only_turnout_until_close(harness: Harness) -> None:
    """With --hide-results the counts stay hidden while the poll is open."""
    h = harness
    await setup_people(h)
    await h.ok("fran", "!poll create Budget? Yes No --hide-results")
    await h.ok("alice", "!poll vote 1 1")
    hidden = await h.ok("alice", "!poll results 1")
    assert "hidden" in hidden.body and "Yes" not in hidden.body
    await h.ok("fran", "!poll close 1")
    shown = await h.ok("alice", "!poll results 1")
    assert "1. Yes: 1 vote (100%)" in shown.body


async def test_voters_lists_names_for_facilitators(harness: Harness) -> None:
    """`!poll voters` shows who voted what on a named poll, to facilitators only."""
    h = harness
    await setup_people(h)
    await h.ok("fran", "!poll create Lunch? Soup Salad")
    await h.ok("alice", "!poll vote 1 2")
    listed = await h.ok("fran", "!poll voters 1")
    assert listed.body == "alice: Salad"
    refused = await h.say("bob", "!poll voters 1")
    assert refused.error and "facilitator" in refused.body


async def test_withdraw_removes_the_ballot(harness: Harness) -> None:
    """Withdrawing a vote removes it; withdrawing twice is refused."""
    h = harness
    await setup_people(h)
    await h.ok("fran", "!poll create Lunch? Soup Salad")
    await h.ok("alice", "!poll vote 1 2")
    await h.ok("alice", "!poll withdraw 1")
    assert h.rows("SELECT count(*) FROM ballots") == [(0,)]
    again = await h.say("alice", "!poll withdraw 1")
    assert again.error


async def test_participants_create_polls_where_the_group_allows(harness: Harness) -> None:
    """A participant is refused poll create until an organiser lets everyone create polls."""
    h = harness
    await setup_people(h)
    refused = await h.say("alice", "!poll create Picnic? Yes No")
    assert refused.error and "facilitator" in refused.body
    await h.ok("olivia", "!settings set poll_creators everyone")
    created = await h.ok("alice", "!poll create Picnic? Yes No")
    assert created.title == "Poll 1: Picnic?"


async def test_author_may_close_but_other_participants_may_not(harness: Harness) -> None:
    """Only the poll's author or a facilitator can close it."""
    h = harness
    await setup_people(h)
    await h.ok("olivia", "!settings set poll_creators everyone")
    await h.ok("alice", "!poll create Picnic? Yes No")
    refused = await h.say("bob", "!poll close 1")
    assert refused.error and "facilitator" in refused.body
    await h.ok("alice", "!poll close 1")
    assert h.rows("SELECT closed_at IS NOT NULL FROM polls") == [(1,)]


async def test_voters_shows_someone_who_left_for_a_forgotten_ballot(harness: Harness) -> None:
    """After a forget, `!poll voters` says "someone who left", never the ballot's stored key."""
    h = harness
    await setup_people(h)
    await h.ok("fran", "!poll create Lunch? Soup Salad")
    await h.ok("alice", "!poll vote 1 1")
    await h.ok("bob", "!poll vote 1 2")
    await h.ok("carol", "!poll vote 1 1")
    await h.ok("fran", "!poll close 1")
    await h.ok("alice", "!me forget confirm")
    await h.ok("carol", "!me forget confirm")
    listed = await h.ok("fran", "!poll voters 1")
    assert listed.body.splitlines() == [
        "bob: Salad",
        "someone who left: Soup",
        "someone who left: Soup",
    ]


async def test_turnout_says_100_percent_only_when_everyone_has_voted(harness: Harness) -> None:
    """200 of 201 members used to round to '(100%)', and 1 vote of 200 to '(0%)'."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    names = [f"m{i}" for i in range(199)]
    await h.join(*names)  # with fran and the harness's own member: 201 members
    await h.ok("fran", "!poll create Lunch? Soup Salad")
    for name in names:
        await h.ok(name, "!poll vote 1 1")
    results = await h.ok("fran", "!poll results 1")
    assert "1. Soup: 199 votes (100%)" in results.body  # every voter so far chose it
    await h.ok("fran", "!poll vote 1 2")
    results = await h.ok("fran", "!poll results 1")
    turnout = next(f.value for f in results.fields if f.name == "Turnout")
    assert turnout == "200 of 201 members have voted (99%)"
    assert "1. Soup: 199 votes (99%)" in results.body  # 99.5%, but not everyone
    assert "2. Salad: 1 vote (1%)" in results.body  # 0.5% is not nothing
