"""Polls on Matrix: native poll content, and text and native votes through one path."""

from __future__ import annotations

import dataclasses

from bot.core.model import Choice
from bot.platforms.matrix import polls
from storage.polls import PollRepository
from tests.matrix.helpers import (
    POLL_END,
    POLL_START,
    body,
    group_room,
    is_edit,
    replies_to,
)


def _choice(**kw) -> Choice:
    base = dict(
        key="poll:7",
        question="Which evening?",
        options=("Mon", "Tue", "Wed"),
        command="poll vote",
        args=("7",),
    )
    return Choice(**{**base, **kw})


def test_start_content_numbers_the_answers():
    """poll.start carries the question, answers with ids 1..n and max_selections."""
    content = polls.start_content(_choice(max_selections=3))
    start = content[polls.START]
    assert start["max_selections"] == 3
    assert start["kind"] == polls.DISCLOSED
    assert [a["id"] for a in start["answers"]] == ["1", "2", "3"]
    assert start["answers"][1][polls.TEXT] == "Tue"
    assert content[polls.TEXT].startswith("Which evening?\n1. Mon")


def test_only_open_unordered_choices_are_native():
    """Ranked and closed choices stay text; single and multi become native polls."""
    assert polls.is_native(_choice())
    assert not polls.is_native(_choice(ordered=True))
    assert not polls.is_native(_choice(closed=True))
    assert not polls.is_native(None)


def test_anonymous_polls_stay_text_and_hidden_results_are_undisclosed():
    """Native answers name their sender, so anonymous polls get none; hidden ones hide counts."""
    base = Choice(key="poll:7", question="Q", options=("A", "B"), command="poll vote", args=("7",))
    assert not polls.is_native(dataclasses.replace(base, anonymous=True))
    hidden = polls.start_content(dataclasses.replace(base, hide_results=True))
    assert hidden[polls.START]["kind"] == polls.UNDISCLOSED


def test_responses_are_read_in_both_namings():
    """The unstable `answers` and the stable `m.selections` both read as answers."""
    rel = {"m.relates_to": {"rel_type": "m.reference", "event_id": "$start"}}
    unstable = {**rel, polls.RESPONSE: {"answers": ["2"]}}
    stable = {**rel, "m.selections": ["1", "3"]}
    assert polls.read_response(unstable) == polls.Response("$start", ("2",))
    assert polls.read_response(stable) == polls.Response("$start", ("1", "3"))
    assert polls.read_response({**rel, polls.RESPONSE: {"answers": "2"}}) == polls.Response(
        "$start", None
    )
    assert polls.read_response({polls.RESPONSE: {"answers": ["1"]}}) is None


def test_picked_numbers_truncate_dedupe_and_spoil():
    """Answers past max_selections are dropped, repeats count once, unknown ids spoil."""
    assert polls.picked_numbers(("2", "2", "1"), 3, 3) == [2, 1]
    assert polls.picked_numbers(("3", "1"), 3, 1) == [3]
    assert polls.picked_numbers(("4",), 3, 1) is None
    assert polls.picked_numbers(("x",), 3, 1) is None


def test_ballot_command_is_the_typed_form():
    """A native answer is run as `!poll vote ID 1,3` (an empty one runs the choice's withdraw)."""
    assert polls.ballot_command("poll vote", ("7",), [1, 3]) == "!poll vote 7 1,3"


async def _poll_message(person, bot_id, command_id):
    return await person.wait_for(
        lambda e: e.get("sender") == bot_id and replies_to(e) == command_id
    )


async def test_poll_voted_by_text_and_native_answers_then_closed(people, bots):
    """Text and native votes count alike; close sends poll.end with the results."""
    bot = await bots()
    alice = await people("alice")
    bob, carol, dave = [
        await people(name, accept_dms_from=(bot.user_id,)) for name in ("bob", "carol", "dave")
    ]
    room = await group_room(alice, bot.user_id, [bob, carol, dave], "Evening group")

    create = await alice.say(room, '!poll create "Which evening?" Monday Tuesday Wednesday')
    message = await _poll_message(alice, bot.user_id, create)
    assert "Poll 1: Which evening?" in body(message)
    start = await alice.wait_for(lambda e: e.get("type") == POLL_START)
    assert start["sender"] == bot.user_id
    native = start["content"][POLL_START]
    assert native["max_selections"] == 1
    assert [a["id"] for a in native["answers"]] == ["1", "2", "3"]

    await bob.say(room, "!poll vote 1 2")
    confirmation = await bob.wait_for_message(bot.user_id, "Your vote on poll 1 is in: Tuesday")
    assert confirmation["room_id"] != room

    await carol.answer_poll(room, start["event_id"], ["2"])
    await dave.answer_poll(room, start["event_id"], ["3"])
    await dave.answer_poll(room, start["event_id"], ["1"])  # changes his mind: latest counts
    await alice.wait_for(
        lambda e: is_edit(e) and "3 of 4 members have voted" in body(e) and e["room_id"] == room
    )

    close = await alice.say(room, "!poll close 1")
    end = await alice.wait_for(lambda e: e.get("type") == POLL_END)
    assert end["sender"] == bot.user_id
    assert end["content"]["m.relates_to"] == {
        "rel_type": "m.reference",
        "event_id": start["event_id"],
    }
    assert "Tuesday: 2 votes (67%)" in body(end) and "Monday: 1 vote (33%)" in body(end)
    results = await alice.wait_for_message(bot.user_id, "Results of poll 1 (closed)", room)
    assert "Winner" in body(results)
    assert close  # the close itself is confirmed privately to alice

    # After the close, a native answer is refused privately; earlier ones were not confirmed.
    await carol.answer_poll(room, start["event_id"], ["1"])
    refusal = await carol.wait_for_message(bot.user_id, "Poll 1 has closed")
    dm_history = await carol.history(refusal["room_id"])
    bot_lines = [
        body(e) for e in dm_history if e["sender"] == bot.user_id and "body" in e["content"]
    ]
    assert bot_lines == [body(refusal)]

    ballots = await PollRepository(bot.bot.db.reader).ballots(1)
    assert {b.voter: b.choices for b in ballots} == {
        bob.user_id: (2,),
        carol.user_id: (2,),
        dave.user_id: (1,),
    }


async def test_multi_poll_native_answer_and_empty_withdraw(people, bots):
    """A multi poll allows several answers natively; an empty answer withdraws the ballot."""
    bot = await bots()
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [bob])

    await alice.say(room, '!poll create "Which tasks?" Rota Minutes Snacks --kind multi')
    start = await alice.wait_for(lambda e: e.get("type") == POLL_START)
    assert start["content"][POLL_START]["max_selections"] == 3

    await bob.answer_poll(room, start["event_id"], ["1", "3"])
    await alice.wait_for(lambda e: is_edit(e) and "1 of 2 members has voted" in body(e))
    polls_repo = PollRepository(bot.bot.db.reader)
    assert [b.choices for b in await polls_repo.ballots(1)] == [(1, 3)]

    await bob.answer_poll(room, start["event_id"], [])
    await alice.wait_for(lambda e: is_edit(e) and "0 of 2 members have voted" in body(e))
    assert await polls_repo.ballots(1) == []


async def test_ranked_poll_has_no_native_poll(people, bots):
    """A ranked poll is voted by text only: no poll.start is sent for it."""
    bot = await bots()
    alice = await people("alice")
    room = await group_room(alice, bot.user_id, [])

    await alice.say(room, '!poll create "Rank them" A B C --kind ranked')
    await alice.wait_for_message(bot.user_id, "Poll 1: Rank them", room)
    await alice.say(room, '!poll create "Pick one" A B')
    await alice.wait_for(lambda e: e.get("type") == POLL_START)
    starts = [e for e in alice.events if e.get("type") == POLL_START]
    assert [s["content"][POLL_START]["question"][polls.TEXT] for s in starts] == ["Pick one"]
