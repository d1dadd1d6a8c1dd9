"""Round trip on a real Synapse: `!poll vote` to the bot's answer, against a bare mautrix echo bot.

Run: .venv/bin/python -m benchmarks.matrix_roundtrip [ROUNDS]

The bots run in this process against one throwaway homeserver and are timed in alternation,
so the ratio shows what the bot's own work costs (parse, role check, SQLite transaction,
living-message edit, DM delivery) on top of Matrix itself. The vote is timed twice: in a
plain room, and in an end-to-end encrypted room with an encrypted private room, where an
encrypting client (matrix-nio) votes and decrypts the answer, so the encrypted figure holds
the bot's decryption and encryption and the client's too.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mautrix.client import Client
from mautrix.types import (
    EventType,
    MessageEvent,
    MessageType,
    RoomID,
    TextMessageEventContent,
    UserID,
)

from tests.matrix.e2ee_client import SecretParticipant, was_encrypted
from tests.matrix.helpers import POLL_START, Participant, body, start_bot
from tests.matrix.synapse import SynapseServer, ensure_installed


class EchoBot:
    """The smallest useful mautrix bot: answers `!echo X` with X, as a reply."""

    def __init__(self, server: SynapseServer, user_id: str, token: str) -> None:
        self.client = Client(mxid=UserID(user_id), base_url=server.base_url, token=token)
        self.client.ignore_initial_sync = True
        self.client.add_event_handler(EventType.ROOM_MESSAGE, self.on_message)

    async def on_message(self, event: MessageEvent) -> None:
        text = event.content.body or ""
        if event.sender != self.client.mxid and text.startswith("!echo "):
            answer = TextMessageEventContent(
                msgtype=MessageType.NOTICE, body=text.removeprefix("!echo ")
            )
            answer.set_reply(event)
            await self.client.send_message(event.room_id, answer)

    def start(self) -> None:
        self.client.start(None)

    async def stop(self) -> None:
        self.client.stop()
        await self.client.api.session.close()


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _round_trip(
    person: Participant,
    send: Callable[[], Awaitable[None]],
    match: Callable[[dict[str, Any]], bool],
) -> float:
    """Seconds from sending to seeing the first new event that matches."""
    seen = {id(e) for e in person.events}
    began = time.perf_counter()
    await send()
    await person.wait_for(lambda e: id(e) not in seen and match(e))
    return time.perf_counter() - began


async def main(rounds: int) -> None:
    server = SynapseServer(ensure_installed())
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            await _measure(server, Path(tmp), rounds)
    finally:
        server.stop()


async def _measure(server: SynapseServer, tmp: Path, rounds: int) -> None:
    coprod_account = server.register_user("coprod")
    secret_account = server.register_user("coprod_e2ee")
    echo_account = server.register_user("echo")
    alice = Participant(server, server.register_user("alice"))
    alice.accept_invites_from.add(coprod_account.user_id)
    await alice.start()
    erin = SecretParticipant(server, server.register_user("erin"), tmp / "nio")
    erin.accept_invites_from.add(secret_account.user_id)
    await erin.start()
    coprod = await start_bot(server, coprod_account, tmp / "bench.sqlite3")
    secret = await start_bot(
        server, secret_account, tmp / "secret.sqlite3", encrypt_private_rooms=True
    )
    echo = EchoBot(server, echo_account.user_id, echo_account.access_token)
    echo.start()
    try:
        group = await alice.create_room("Bench", [coprod_account.user_id])
        await alice.wait_for_membership(group, coprod_account.user_id, "join")
        sealed = await erin.create_room("Bench (encrypted)", [secret_account.user_id])
        await erin.wait_for_membership(sealed, secret_account.user_id, "join")
        echo_room = await alice.create_room("Echo", [echo_account.user_id])
        await echo.client.join_room_by_id(RoomID(echo_room))
        await alice.wait_for_membership(echo_room, echo_account.user_id, "join")
        for person, room in ((alice, group), (erin, sealed)):
            await person.say(room, '!poll create "Which evening?" Monday Tuesday')
            await person.wait_for(lambda e: e.get("type") == POLL_START)

        figures: dict[str, list[float]] = {name: [] for name in NAMES}
        for i in range(rounds + 5):  # the first five warm all up and are not counted
            pick = ("Monday", "Tuesday")[i % 2]

            def vote(person: Participant, room: str, n: int = i % 2 + 1):
                async def send() -> None:
                    await person.say(room, f"!poll vote 1 {n}")

                return send

            async def shout(n: int = i) -> None:
                await alice.say(echo_room, f"!echo ping {n}")

            def voted(bot_id: str, p: str = pick):
                def match(e: dict[str, Any]) -> bool:
                    return e.get("sender") == bot_id and f"Your vote on poll 1 is in: {p}" in body(
                        e
                    )

                return match

            def echoed(e: dict[str, Any], n: int = i) -> bool:
                return e.get("sender") == echo_account.user_id and body(e) == f"ping {n}"

            took = (
                await _round_trip(alice, vote(alice, group), voted(coprod_account.user_id)),
                await _round_trip(erin, vote(erin, sealed), voted(secret_account.user_id)),
                await _round_trip(alice, shout, echoed),
            )
            if i >= 5:
                for name, seconds in zip(NAMES, took, strict=True):
                    figures[name].append(seconds)
        confirmations = [
            e
            for e in erin.events
            if e.get("sender") == secret_account.user_id and "vote" in body(e)
        ]
        assert confirmations and all(was_encrypted(e) for e in confirmations)
    finally:
        await echo.stop()
        await coprod.stop()
        await secret.stop()
        await alice.close()
        await erin.close()
    _report(figures)


NAMES = ("coprod !poll vote -> DM", "same, encrypted rooms", "mautrix echo bot")


def _report(figures: dict[str, list[float]]) -> None:
    def ms(x: float) -> str:
        return f"{x * 1000:7.1f} ms"

    plain, sealed, echoes = (figures[name] for name in NAMES)
    print(f"rounds: {len(plain)} each, Synapse on 127.0.0.1, clients long-polling /sync")
    print(f"{'':28} {'p50':>10} {'p99':>10} {'mean':>10}")
    for name, samples in figures.items():
        p50, p99 = _percentile(samples, 0.5), _percentile(samples, 0.99)
        print(f"{name:28} {ms(p50)} {ms(p99)} {ms(statistics.fmean(samples))}")
    for name, samples in (("coprod/echo", plain), ("encrypted/echo", sealed)):
        ratio50 = _percentile(samples, 0.5) / _percentile(echoes, 0.5)
        ratio99 = _percentile(samples, 0.99) / _percentile(echoes, 0.99)
        print(f"ratio {name}: p50 {ratio50:.2f}x, p99 {ratio99:.2f}x")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
