"""Exactly once on Matrix: killed between sending and marking sent, a message is not sent twice.

The transaction id of each `PUT /send` comes from the outbox row, so the send repeated after a
restart is the same transaction to Synapse, which answers with the event it already made.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from bot.core.model import Reply, User
from bot.core.outlet import Handle
from tests import engines
from tests.matrix.helpers import body, group_room, unique


class Crash(BaseException):
    """The process dies here: nothing catches it, nothing after it runs."""


class DiesAfterSending:
    """The platform's outlet, but the process dies right after the next message is sent."""

    def __init__(self, outlet: Any) -> None:
        self.outlet = outlet
        self.live_updates = outlet.live_updates

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, idem: str) -> Handle:
        await self.outlet.post(group_id, channel_id, reply, idem=idem)
        raise Crash

    async def dm(self, group_id: str, user: User, reply: Reply, *, idem: str) -> None:
        await self.outlet.dm(group_id, user, reply, idem=idem)
        raise Crash

    async def answer(self, group_id: str, to: Any, reply: Reply, *, idem: str) -> Handle | None:
        await self.outlet.answer(group_id, to, reply, idem=idem)
        raise Crash

    def __getattr__(self, name: str) -> Any:
        return getattr(self.outlet, name)


async def test_a_confirmation_sent_before_a_crash_is_not_sent_again(
    people, bots, synapse, tmp_path
) -> None:
    """bob's vote is confirmed privately; the bot dies before marking it; after a restart, once."""
    account = await synapse.aregister_user(unique("coprod_once"))
    first = await bots(account, db_name="once.sqlite3")
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(account.user_id,))
    room = await group_room(alice, account.user_id, [bob])
    await alice.say(room, "!poll create Lunch? Soup Salad")
    await alice.wait_for_message(account.user_id, "Poll 1: Lunch?", room)
    first.bot.deliverer.outlet = DiesAfterSending(first.bot.deliverer.outlet)
    await bob.say(room, "!poll vote 1 2")
    confirmation = await bob.wait_for_message(account.user_id, "Your vote on poll 1 is in")
    with contextlib.suppress(Crash):
        await first.stop()
    assert owed(tmp_path / "once.sqlite3") == 1  # sent, never marked: a restart sends it again

    # Asked while the bot is down: its answer comes after the repeat would have.
    await bob.say(room, "!poll results 1")
    second = await bots(account, db_name="once.sqlite3")
    await second.bot.settle()
    assert owed(tmp_path / "once.sqlite3") == 0
    await bob.wait_for_message(account.user_id, "Results of poll 1")
    confirmations = [
        e
        for e in bob.events
        if e.get("sender") == account.user_id and "Your vote on poll 1 is in" in body(e)
    ]
    assert [e["event_id"] for e in confirmations] == [confirmation["event_id"]]


def owed(path: Path) -> int:
    """How many messages the outbox still owes (not marked sent), read over a plain connection."""
    sql = "SELECT count(*) FROM outbox_sends WHERE sent_at IS NULL AND kind != 'redraw'"
    if engines.on_postgres():
        return int(engines.server().rows(engines.target(path), sql)[0][0])
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()
