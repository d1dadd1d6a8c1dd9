"""Malformed events from other clients, through the real Synapse: answered or ignored, never a crash.

A client may send "m.relates_to" as a plain string rather than an object, and a native poll
answer may carry ids that look like digits without being the ids the poll sent ("²", the
Arabic-Indic "١"). Only the ASCII ids "1".."N" are the poll's options.
"""

from __future__ import annotations

import pytest

from storage.polls import PollRepository
from tests.matrix.helpers import POLL_RESPONSE, POLL_START, body, group_room, replies_to

NOT_AN_OPTION = "That answer is not one of this poll's options; your vote did not change."
NO_POLLS = "No polls are open. A facilitator can start one with !poll create."  # plain body


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Messages the bot logged with a traceback (an event it failed on)."""
    return [r.getMessage() for r in caplog.records if r.exc_info]


async def test_a_command_with_a_string_relation_gets_the_normal_answer(people, bots, caplog):
    """`!poll list` whose m.relates_to is a string is answered as a reply, as usual."""
    bot = await bots()
    alice = await people("alice")
    room = await group_room(alice, bot.user_id, [])
    content = {"msgtype": "m.text", "body": "!poll list", "m.relates_to": "$not-an-object"}
    sent = await alice.send(room, "m.room.message", content)
    answer = await alice.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == sent
    )
    assert body(answer) == NO_POLLS
    assert tracebacks(caplog) == []


async def poll_with_voters(people, bots):
    """Alice's room with Bob and Carol, and a native poll: Monday (id "1"), Tuesday ("2")."""
    bot = await bots()
    alice = await people("alice")
    bob, carol = [await people(n, accept_dms_from=(bot.user_id,)) for n in ("bob", "carol")]
    room = await group_room(alice, bot.user_id, [bob, carol])
    await alice.say(room, '!poll create "Which evening?" Monday Tuesday')
    start = await alice.wait_for(lambda e: e.get("type") == POLL_START)
    return bot, alice, bob, carol, room, start["event_id"]


async def test_a_poll_answer_with_a_string_relation_is_ignored(people, bots, caplog):
    """A poll answer whose m.relates_to is a string: no vote, no traceback, and answers go on."""
    bot, _, bob, _, room, start_id = await poll_with_voters(people, bots)
    await bob.send(
        room, POLL_RESPONSE, {"m.relates_to": start_id, POLL_RESPONSE: {"answers": ["1"]}}
    )
    command = await bob.say(room, "!poll list")
    listed = await bob.wait_for(
        lambda e: e.get("sender") == bot.user_id and replies_to(e) == command
    )
    assert "you: not voted yet" in body(listed)
    assert await PollRepository(bot.bot.db.reader).ballots(1) == []
    assert tracebacks(caplog) == []


async def test_unicode_digits_are_not_poll_answers(people, bots, caplog):
    """Answer ids "²" and "١" (Arabic-Indic one) are refused privately; no vote is counted."""
    bot, _, bob, carol, room, start_id = await poll_with_voters(people, bots)
    await bob.answer_poll(room, start_id, ["²"])
    await carol.answer_poll(room, start_id, ["١"])
    for voter in (bob, carol):
        refusal = await voter.wait_for_message(bot.user_id, NOT_AN_OPTION)
        assert refusal["room_id"] != room  # privately
    assert await PollRepository(bot.bot.db.reader).ballots(1) == []
    assert tracebacks(caplog) == []
