"""Gaps: a `limited` sync timeline is filled in from /messages, so nothing sent is lost."""

from __future__ import annotations

import logging
import re

from mautrix.types import RoomID, UserID

from bot.platforms.matrix.sync import SyncLoop, sync_filter
from storage.polls import PollRepository
from tests.matrix.helpers import POLL_START, body, group_room, replies_to, unique, wait_until

DAYS = ["Monday", "Tuesday", "Wednesday"]
CONFIRMED = re.compile(r"Your vote on poll 1 is in: (\w+)")
SYNC_LOG = "bot.platforms.matrix.sync"


def _gap_lines(caplog, room):
    """(level, count, line) of each "recovered N events in ROOM" line, in order."""
    found = []
    for record in caplog.records:
        match = re.search(
            rf"recovered (?:the latest )?(\d+) events in {re.escape(room)}(?!\S)",
            record.getMessage(),
        )
        if record.name == SYNC_LOG and match:
            found.append((record.levelname, int(match.group(1)), record.getMessage()))
    return found


async def _confirmed_days(person, bot_id, dm_room):
    """The days in the bot's vote confirmations in someone's DM room, oldest first."""
    history = await person.history(dm_room)
    return [
        m.group(1)
        for e in history
        if e["sender"] == bot_id and (m := CONFIRMED.search(body(e))) is not None
    ]


async def _vote_once_each(room, bot_id, people):
    """A vote per person while the bot is up, so their DM rooms exist and are joined."""
    for person in people:
        await person.say(room, "!poll vote 1 1")
        await person.wait_for_message(bot_id, "Your vote on poll 1 is in: Monday")


async def test_commands_beyond_the_timeline_limit_are_all_handled_once_in_order(
    people, bots, synapse, caplog
):
    """20+ commands, votes and a join while the bot is down, then a restart with a limit of 5."""
    caplog.set_level(logging.INFO, logger=SYNC_LOG)
    account = await synapse.aregister_user(unique("coprod_gap"))
    bot_id = account.user_id
    first = await bots(account, db_name="gap.sqlite3")
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(bot_id,))
    carol = await people("carol", accept_dms_from=(bot_id,))
    dave = await people("dave")
    erin = await people("erin")
    room = await group_room(alice, bot_id, [bob, carol, dave])
    await alice.say(room, '!poll create "Which day?" Monday Tuesday Wednesday')
    start = await alice.wait_for(lambda e: e.get("type") == POLL_START and e["room_id"] == room)
    await _vote_once_each(room, bot_id, [bob, carol])
    assert first.platform.sync.backfill_requests == 0  # every batch so far fitted in 100
    await first.stop()

    # While the bot is down: 12 text votes, a new poll, a join, native answers, a listing.
    bob_votes, carol_votes = [2, 3, 1, 3, 2, 3], [3, 1, 2, 2, 1, 2]
    for i, (b, c) in enumerate(zip(bob_votes, carol_votes, strict=True)):
        await bob.say(room, f"!poll vote 1 {b}")
        await carol.say(room, f"!poll vote 1 {c}")
        if i == 1:
            second = await alice.say(room, '!poll create "Which room?" Hall Library')
            await dave.answer_poll(room, start["event_id"], ["3"])
        if i == 3:
            await alice.api.invite_user(RoomID(room), UserID(erin.user_id))
            await erin.join(room)
            await erin.say(room, "!poll vote 1 2")
    await dave.answer_poll(room, start["event_id"], ["2"])  # his latest answer counts
    listing = await alice.say(room, "!poll list")
    sent = len(bob_votes) + len(carol_votes) + 7  # + create, 2 answers, invite, join, vote, list

    limits = {"timeline_limit": 5, "backfill_page": 4}
    second_bot = await bots(account, db_name="gap.sqlite3", sync_limits=limits)
    answer = await alice.wait_for(lambda e: e["sender"] == bot_id and replies_to(e) == listing)
    assert "Which room?" in body(answer)

    # The first batch brought the room's last 5 events; the rest came from /messages, in
    # pages of 4. (Later batches, with the bot's own answers, may page back too.)
    gaps = _gap_lines(caplog, room)
    assert gaps and gaps[0][0] == "INFO" and gaps[0][1] >= sent - 5, gaps
    assert second_bot.platform.sync.backfill_requests >= (sent - 5) // 4

    polls = PollRepository(second_bot.bot.db.reader)
    assert [p.id for p in await polls.open_polls("matrix:" + room)] == [1, 2]
    assert {b.voter: b.choices for b in await polls.ballots(1)} == {
        bob.user_id: (bob_votes[-1],),
        carol.user_id: (carol_votes[-1],),
        dave.user_id: (2,),
        erin.user_id: (2,),
    }
    history = await alice.history(room)
    assert len([e for e in history if e["type"] == POLL_START]) == 2
    assert len([e for e in history if replies_to(e) == second]) == 1
    assert len([e for e in history if replies_to(e) == listing]) == 1

    await second_bot.bot.settle()  # each person's confirmations are their own lane
    dms = await second_bot.platform.repo.dm_rooms()
    for person, votes in ((bob, bob_votes), (carol, carol_votes)):
        days = await _confirmed_days(person, bot_id, dms[person.user_id])
        assert days == ["Monday"] + [DAYS[v - 1] for v in votes]
    erin_join = next(
        e
        for e in history
        if e["type"] == "m.room.member"
        and e["state_key"] == erin.user_id
        and e["content"]["membership"] == "join"
    )
    assert await second_bot.platform.repo.was_claimed(erin_join["event_id"])  # announced


async def test_the_gap_is_bounded_and_the_latest_events_are_kept(people, bots, synapse, caplog):
    """Past backfill_max, the oldest missed events are skipped, with one warning line."""
    caplog.set_level(logging.INFO, logger=SYNC_LOG)
    account = await synapse.aregister_user(unique("coprod_bound"))
    bot_id = account.user_id
    first = await bots(account, db_name="bound.sqlite3")
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(bot_id,))
    room = await group_room(alice, bot_id, [bob])
    await alice.say(room, '!poll create "Which day?" Monday Tuesday Wednesday')
    await alice.wait_for(lambda e: e.get("type") == POLL_START and e["room_id"] == room)
    await _vote_once_each(room, bot_id, [bob])
    await first.stop()

    votes = [2, 3] * 6
    for vote in votes:
        await bob.say(room, f"!poll vote 1 {vote}")
    listing = await alice.say(room, "!poll list")

    # The timeline holds the last 2 votes and the listing; the gap keeps the 4 before them.
    limits = {"timeline_limit": 3, "backfill_page": 2, "backfill_max": 4}
    second = await bots(account, db_name="bound.sqlite3", sync_limits=limits)
    await alice.wait_for(lambda e: e["sender"] == bot_id and replies_to(e) == listing)
    await second.bot.settle()  # bob's confirmations are his own lane, beside the room's
    dm = (await second.platform.repo.dm_rooms())[bob.user_id]
    days = await _confirmed_days(bob, bot_id, dm)
    assert days == ["Monday"] + [DAYS[v - 1] for v in votes[-6:]]
    level, count, line = _gap_lines(caplog, room)[0]
    assert (level, count) == ("WARNING", 4) and "older ones were skipped" in line


async def test_commands_before_the_bots_join_stay_history_with_a_small_limit(people, bots, synapse):
    """Invited while down: what was said before its join is not recovered or acted on."""
    account = await synapse.aregister_user(unique("coprod_late"))
    bot_id = account.user_id
    first = await bots(account, db_name="late.sqlite3")
    await first.stop()  # it has a saved position now, so its next sync is not the initial one

    alice = await people("alice")
    room = await alice.create_room("Late", [bot_id])
    early = [await alice.say(room, "!poll list") for _ in range(8)]

    second = await bots(account, db_name="late.sqlite3", sync_limits={"timeline_limit": 5})
    await alice.wait_for_membership(room, bot_id, "join")
    after = await alice.say(room, "!poll list")
    await alice.wait_for(lambda e: e["sender"] == bot_id and replies_to(e) == after)
    history = await alice.history(room)
    answered = {replies_to(e) for e in history if e["sender"] == bot_id}
    assert answered & set(early) == set()
    assert second.platform.sync.recovered == 0


async def test_batches_within_the_limit_never_page_back(people, bots, monkeypatch):
    """/messages is only asked when a timeline is `limited`; ordinary batches never are."""
    bot = await bots(sync_limits={"timeline_limit": 5})
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [bob])  # a newly joined room may page back
    await alice.say(room, '!poll create "Which day?" Monday Tuesday')
    await alice.wait_for(lambda e: e.get("type") == POLL_START and e["room_id"] == room)
    await _vote_once_each(room, bot.user_id, [bob])  # bob's DM room is made here

    async def round_trip():
        """Once answered, every batch before the command has been handled."""
        said = await alice.say(room, "!poll list")
        await alice.wait_for(lambda e: e["sender"] == bot.user_id and replies_to(e) == said)

    await round_trip()
    calls: list[str] = []
    original = bot.platform.client.messages

    async def counted(room_id, *args):
        calls.append(room_id)
        return await original(room_id, *args)

    monkeypatch.setattr(bot.platform.client, "messages", counted)
    before, batches = bot.platform.sync.backfill_requests, bot.platform.sync.batches

    def confirmations():
        return len([e for e in bob.events if "Your vote on poll 1 is in" in body(e)])

    for n, vote in enumerate((2, 1, 2), start=2):
        await bob.say(room, f"!poll vote 1 {vote}")
        await wait_until(lambda: confirmations() >= n)  # noqa: B023 - awaited in this loop
    await round_trip()
    assert bot.platform.sync.batches >= batches + 4
    assert calls == []
    assert bot.platform.sync.backfill_requests == before


def test_the_filter_carries_the_timeline_limit():
    """The limit is a SyncLoop parameter (default 100) that goes into the sync filter."""
    assert (SyncLoop.__init__.__kwdefaults__ or {})["timeline_limit"] == 100
    assert sync_filter()["room"]["timeline"]["limit"] == 100
    assert sync_filter(5)["room"]["timeline"]["limit"] == 5
