"""A burst of votes on a real Synapse: N people vote at once, typed and with Element's poll.

Run: .venv/bin/python -m benchmarks.matrix_burst [PEOPLE]   (100 by default)

For each burst it prints the seconds from the first vote sent until every ballot is in the
database and every private confirmation has been taken by the homeserver, beside the floor
measured in the same run: the same people sending at once, then one bare client sending
as many messages, as many side by side as the bot's delivery does (the same traffic with
none of the bot's work). Goals: 100 typed votes confirmed within 10 s and within 3x the
floor; 100 native answers recorded within 3 s.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path as FilePath
from typing import Any

from mautrix.api import Method, Path
from mautrix.client import ClientAPI
from mautrix.types import RoomID, UserID

from bot.core.clock import OffsetClock
from bot.core.delivery import LANES
from tests.matrix.helpers import POLL_START, Participant, start_bot
from tests.matrix.synapse import RegisteredUser, SynapseServer, ensure_installed

START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a fixed start: no digest on the way
RESPONSE = "org.matrix.msc3381.poll.response"


def count(db: FilePath, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


async def until(done: Callable[[], bool], began: float, limit: float = 120.0) -> float:
    """Seconds from `began` until `done()` holds (checked every 20 ms)."""
    while not done():
        if time.perf_counter() - began > limit:
            raise TimeoutError("the burst did not finish in time")
        await asyncio.sleep(0.02)
    return time.perf_counter() - began


async def send(client: ClientAPI, room: str, event_type: str, content: dict[str, Any]) -> None:
    """One event, as a bare client sends it."""
    path = Path.v3.rooms[room].send[event_type][client.api.get_txn_id()]
    await client.api.request(Method.PUT, path, content)


async def at_once(
    clients: list[ClientAPI], room: str, content: Callable[[int], dict[str, Any]]
) -> float:
    """Everyone sends one message at the same moment; when the first was sent."""
    began = time.perf_counter()
    await asyncio.gather(
        *(send(c, room, "m.room.message", content(i)) for i, c in enumerate(clients))
    )
    return began


async def main(people: int) -> None:
    server = SynapseServer(ensure_installed())
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            await measure(server, FilePath(tmp), people)
    finally:
        server.stop()


async def measure(server: SynapseServer, tmp: FilePath, people: int) -> None:
    owner = Participant(server, server.register_user("owner"))
    await owner.start()
    accounts: list[RegisteredUser] = [server.register_user(f"voter{i}") for i in range(people)]
    clients = [
        ClientAPI(UserID(a.user_id), base_url=server.base_url, token=a.access_token)
        for a in accounts
    ]
    bot_account = server.register_user("coprod")
    echo_account = server.register_user("echo")
    db = tmp / "burst.sqlite3"
    bot = await start_bot(server, bot_account, db, clock=OffsetClock(START))
    try:
        invited = [bot_account.user_id, echo_account.user_id, *(a.user_id for a in accounts)]
        room = await owner.create_room("Burst", invited)
        await asyncio.gather(*(c.join_room_by_id(RoomID(room)) for c in clients))
        bare = ClientAPI(
            UserID(echo_account.user_id), base_url=server.base_url, token=echo_account.access_token
        )
        await bare.join_room_by_id(RoomID(room))
        await owner.wait_for_membership(room, bot_account.user_id, "join")
        await owner.wait_for_membership(room, accounts[-1].user_id, "join")

        # The floor: the same people sending at once, then a bare client sending as many
        # messages, as many side by side as the bot's delivery does.
        began = time.perf_counter()
        await at_once(clients, room, lambda i: {"msgtype": "m.text", "body": f"hello {i}"})
        inbound = time.perf_counter() - began
        side_by_side = asyncio.Semaphore(LANES)

        async def answer(i: int) -> None:
            async with side_by_side:
                await send(bare, room, "m.room.message", {"msgtype": "m.notice", "body": f"ok {i}"})

        began = time.perf_counter()
        await asyncio.gather(*(answer(i) for i in range(people)))
        outbound = time.perf_counter() - began
        await bare.api.session.close()
        floor = inbound + outbound

        # The typed burst. Private rooms are made when the poll is posted, ahead of need.
        prepared = time.perf_counter()
        await owner.say(room, "!poll create Lunch? Soup Salad")
        await owner.wait_for(lambda e: e.get("type") == POLL_START)
        outlet = bot.platform.outlet
        rooms_ready = await until(lambda: len(outlet.dm_by_user) >= people, prepared, 300)
        began = await at_once(
            clients, room, lambda i: {"msgtype": "m.text", "body": f"!poll vote 1 {i % 2 + 1}"}
        )

        def typed_done() -> bool:
            ballots = count(db, "SELECT count(*) FROM ballots WHERE poll_id = 1")
            owed = count(
                db, "SELECT count(*) FROM outbox_sends WHERE kind = 'answer' AND sent_at IS NULL"
            )
            answers = count(db, "SELECT count(*) FROM outbox_sends WHERE kind = 'answer'")
            return ballots >= people and owed == 0 and answers >= people

        typed = await until(typed_done, began)

        # The native burst: Element's poll answers to a second poll.
        await owner.say(room, "!poll create Dinner? Soup Salad")
        await until(
            lambda: count(db, "SELECT count(*) FROM matrix_polls") >= 2, time.perf_counter()
        )
        start_id = (
            sqlite3.connect(db)
            .execute("SELECT start_event_id FROM matrix_polls WHERE key = 'poll:2'")
            .fetchone()[0]
        )
        began = time.perf_counter()
        await asyncio.gather(
            *(
                send(
                    c,
                    room,
                    RESPONSE,
                    {
                        "m.relates_to": {"rel_type": "m.reference", "event_id": start_id},
                        "org.matrix.msc3381.poll.response": {"answers": [str(i % 2 + 1)]},
                    },
                )
                for i, c in enumerate(clients)
            )
        )
        native = await until(
            lambda: count(db, "SELECT count(*) FROM ballots WHERE poll_id = 2") >= people, began
        )
    finally:
        await bot.stop()
        await owner.close()
        for c in clients:
            await c.api.session.close()

    print(f"{people} people on Synapse at 127.0.0.1, all sending at the same moment")
    print(f"private rooms made ahead of need : {rooms_ready:6.2f} s (after the poll was posted)")
    print(f"floor: {people} people send at once    : {inbound:6.2f} s")
    print(f"       a bare client sends {people}     : {outbound:6.2f} s ({LANES} side by side)")
    print(f"       together (the floor)        : {floor:6.2f} s")
    print(
        f"typed votes, all confirmed        : {typed:6.2f} s  ({typed / floor:.2f}x the floor;"
        f" goal <= 10 s and <= 3x)"
    )
    print(f"native answers, all recorded      : {native:6.2f} s  (goal <= 3 s)")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
