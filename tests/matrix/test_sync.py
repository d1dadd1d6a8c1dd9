"""The sync loop: a restart replays nothing and doubles no vote, even from a stale position."""

from __future__ import annotations

from storage.db import Database
from storage.matrix import MatrixRepository
from storage.polls import PollRepository
from tests.matrix.helpers import body, group_room, replies_to


async def test_restart_from_a_stale_sync_position_replays_nothing(people, bots, synapse, tmp_path):
    """A new bot on the same SQLite file, rewound to an old sync token, acts only on new events."""
    account = await synapse.aregister_user("coprod_restart")
    first = await bots(account, db_name="state.sqlite3")
    alice = await people("alice", accept_dms_from=(account.user_id,))
    bob = await people("bob", accept_dms_from=(account.user_id,))
    room = await group_room(alice, account.user_id, [bob])
    await alice.say(room, "!poll list")  # a round trip, so the bot has saved a position here
    await alice.wait_for_message(account.user_id, "No polls are open", room)
    old_token = await first.platform.repo.sync_token(account.user_id)
    assert old_token

    create = await alice.say(room, '!poll create "Which day?" Monday Tuesday')
    await alice.wait_for(lambda e: e.get("sender") == account.user_id and replies_to(e) == create)
    await bob.say(room, "!poll vote 1 1")
    await bob.wait_for_message(account.user_id, "Your vote on poll 1 is in: Monday")
    await first.stop()

    # As if the bot had crashed before saving its position: the next sync replays it all.
    db = await Database.open(tmp_path / "state.sqlite3")
    async with db.transaction() as tx:
        await MatrixRepository(db.reader).save_sync_token(
            tx, account.user_id, old_token, first.clock.now()
        )
    await db.close()
    await bob.say(room, "!poll vote 1 2")  # said while the bot is down

    second = await bots(account, db_name="state.sqlite3")
    await bob.wait_for_message(account.user_id, "Your vote on poll 1 is in: Tuesday")

    history = await alice.history(room)
    answers_to_create = [e for e in history if replies_to(e) == create]
    assert len(answers_to_create) == 1
    assert len([e for e in history if e["type"] == "org.matrix.msc3381.poll.start"]) == 1
    polls = PollRepository(second.bot.db.reader)
    assert [p.id for p in await polls.open_polls("matrix:" + room)] == [1]
    assert [(b.voter, b.choices) for b in await polls.ballots(1)] == [(bob.user_id, (2,))]
    dm = (await second.platform.repo.dm_rooms())[bob.user_id]
    confirmations = [body(e) for e in await bob.history(dm) if "Your vote" in body(e)]
    assert len(confirmations) == 2


async def test_position_is_saved_after_each_batch(people, bots):
    """The saved token moves on as batches are handled, so a clean restart starts from there."""
    bot = await bots()
    alice = await people("alice")
    room = await group_room(alice, bot.user_id, [])
    before = await bot.platform.repo.sync_token(bot.user_id)
    await alice.say(room, "!poll list")
    await alice.wait_for_message(bot.user_id, "No polls are open", room)
    after = await bot.platform.repo.sync_token(bot.user_id)
    assert before and after and after != before
