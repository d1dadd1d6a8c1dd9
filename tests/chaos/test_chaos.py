"""Chaos: a busy stretch on the real Synapse while the bot is killed and Synapse goes down.

Two polls remind 200 people, a mentoring round runs, the digest is due, then all 200 vote
at once (typed) and 100 answer the second poll with Element's poll. Meanwhile the bot is
killed with SIGKILL at 5 random moments (and started again at once) and its connection to
Synapse is cut for 15 s (refused, and open requests dropped, as in a network outage). Afterwards, counted from each person's own /sync and room history:
every ballot is counted once, every reminder came exactly once, every confirmation came,
and each poll's living message shows what the database holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.chaos.people import Homeserver, Person
from tests.matrix.proxy import Proxy
from tests.matrix.synapse import SynapseServer, ensure_installed

PEOPLE = 200
NATIVE = 100  # of them answer the second poll with Element's poll
MENTORING = 20  # of them join mentoring as peers
KILLS = 5
OUTAGE = 15.0  # seconds the bot cannot reach Synapse
RATE = 60.0  # the bot's clock runs 60 times faster: a minute a second
START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday noon
SEED = int(os.environ.get("CHAOS_SEED", "20261206"))
RESPONSE = "org.matrix.msc3381.poll.response"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SynapseServer]:
    """A Synapse of its own, for 200 people and a busy stretch. Its log is kept beside the bot's."""
    synapse = SynapseServer(ensure_installed())
    synapse.start()
    try:
        yield synapse
    finally:
        if synapse.workdir is not None:
            with contextlib.suppress(OSError):
                shutil.copy(synapse.workdir / "homeserver.log", tmp_path / "homeserver.log")
        synapse.stop()


class BotProcess:
    """`coprod run` in its own process, on a clock that carries on across restarts."""

    def __init__(self, folder: Path, token: str) -> None:
        self.folder = folder
        self.token = token
        self.began = 0.0  # set when it first starts
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def now(self) -> datetime:
        """The bot's time: START plus the real time since the run began, at RATE."""
        return START + timedelta(seconds=(time.monotonic() - self.began) * RATE)

    def start(self) -> None:
        if not self.starts:
            self.began = time.monotonic()
        self.starts += 1
        log = (self.folder / "bot.log").open("ab")
        env = {**os.environ, "CHAOS_TOKEN": self.token}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot",
                "run",
                "--config",
                str(self.folder / "config.toml"),
                "--start",
                self.now().isoformat(),
                "--rate",
                str(RATE),
            ],
            stdout=log,
            stderr=log,
            env=env,
        )

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def config(folder: Path, base_url: str, bot_id: str) -> None:
    (folder / "config.toml").write_text(
        f'platform = "matrix"\n'
        f'database = "{folder / "bot.sqlite3"}"\n'
        'log_level = "INFO"\n'
        "[groups]\n"
        'timezone = "UTC"\n'
        "[groups.polls]\n"
        "reminder_hours = 2\n"
        "[groups.digest]\n"
        'digest_day = "tuesday"\n'
        'digest_time = "12:40"\n'
        "[matrix]\n"
        f'homeserver = "{base_url}"\n'
        f'user_id = "{bot_id}"\n'
        'access_token_env = "CHAOS_TOKEN"\n'
        'invite_allowlist = ["localhost"]\n'
        # The people here read their private rooms over plain HTTP: keep those unencrypted.
        "encrypt_private_rooms = false\n",
        encoding="utf-8",
    )


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def body(event: dict[str, object]) -> str:
    content = event.get("content")
    return str(content.get("body", "")) if isinstance(content, dict) else ""


async def wait_until(check: Callable[[], bool], within: float, state: Callable[[], str]) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, f"not done in {within:g} s: {state()}"
        await asyncio.sleep(0.25)


@pytest.mark.timeout(300)
async def test_nothing_acknowledged_is_lost_or_doubled_through_kills_and_an_outage(
    server: SynapseServer, tmp_path: Path
) -> None:
    """5 kills and a 15 s outage: ballots once, reminders exactly once, confirmations, redraws."""
    rng = random.Random(SEED)
    accounts = await asyncio.gather(
        *(server.aregister_user(f"p{i}") for i in range(PEOPLE)),
        server.aregister_user("owner"),
        server.aregister_user("coprod"),
    )
    people = [Person(a.user_id, a.access_token) for a in accounts[:PEOPLE]]
    owner = Person(accounts[PEOPLE].user_id, accounts[PEOPLE].access_token)
    bot_account = accounts[PEOPLE + 1]
    # The bot reaches Synapse through a relay the outage cuts. Restarting Synapse instead
    # sometimes broke Synapse itself on SQLite: after a stop with writes in flight it reused
    # an event's stream position (UNIQUE constraint failed: events.stream_ordering) and
    # failed every /sync for minutes, whatever its clients did.
    relay = Proxy(server.port)
    await relay.start()
    config(tmp_path, relay.url, bot_account.user_id)
    db = tmp_path / "bot.sqlite3"
    hs = Homeserver(server.base_url)
    bot = BotProcess(tmp_path, bot_account.access_token)
    try:
        room = str(
            (
                await hs.call(
                    owner,
                    "POST",
                    "/_matrix/client/v3/createRoom",
                    {
                        "name": "Chaos",
                        "preset": "private_chat",
                        "invite": [bot_account.user_id, *(p.user_id for p in people)],
                    },
                )
            )["room_id"]
        )
        joining = asyncio.Semaphore(20)

        async def join(p: Person) -> None:
            async with joining:
                await hs.join(p, room)

        await asyncio.gather(*(join(p) for p in people))
        bot.start()  # its clock starts at START now, and it finds its invite
        members = f"/_matrix/client/v3/rooms/{room}/joined_members"
        for _ in range(240):
            if bot_account.user_id in (await hs.call(owner, "GET", members)).get("joined", {}):
                break
            await asyncio.sleep(0.25)
        await hs.say(owner, room, "!poll create P1 Soup Salad --closes in 140 minutes")
        await hs.say(owner, room, "!poll create P2 Tea Coffee --closes in 155 minutes")
        for p in people[:MENTORING]:
            await hs.say(p, room, "!mentor join peer --topics housing")

        # The stretch, from the bot's 12:00: the mentoring round at 12:08, reminders at about
        # 12:20 and 12:35 (the polls close at 14:20 and 14:35), the digest at 12:40, the votes
        # at 12:45. One real second a minute.
        kills = sorted(rng.uniform(3, 55) for _ in range(KILLS))
        outage_at = rng.uniform(18, 25)
        chaos = asyncio.create_task(_chaos(bot, relay, kills, outage_at))

        async def at(minute: float) -> None:
            await asyncio.sleep(
                max(0.0, (START + timedelta(minutes=minute) - bot.now()).total_seconds() / RATE)
            )

        await at(8)
        await hs.say(owner, room, "!mentor round")
        await at(45)
        await asyncio.gather(
            *(hs.say(p, room, f"!poll vote 1 {i % 2 + 1}") for i, p in enumerate(people))
        )
        await at(47)
        starts = [
            e for e in await hs.messages(owner, room) if e.get("type", "").endswith("poll.start")
        ]
        second = next(e["event_id"] for e in starts if "Tea" in str(e.get("content")))
        await asyncio.gather(
            *(
                hs.send(
                    p,
                    room,
                    {
                        "m.relates_to": {"rel_type": "m.reference", "event_id": second},
                        RESPONSE: {"answers": [str(i % 2 + 1)]},
                    },
                    RESPONSE,
                )
                for i, p in enumerate(people[:NATIVE])
            )
        )
        await chaos
        assert bot.starts == KILLS + 1

        # Let it finish: every ballot in, nothing left owed.
        def settled() -> bool:
            ballots = {
                int(str(poll)): int(str(n))
                for poll, n in rows(db, "SELECT poll_id, count(*) FROM ballots GROUP BY poll_id")
            }
            owed = rows(db, "SELECT count(*) FROM outbox_sends WHERE sent_at IS NULL")[0][0]
            return ballots == {1: PEOPLE, 2: NATIVE} and owed == 0

        def state() -> str:
            if bot.proc is not None and bot.proc.poll() is None:
                os.kill(bot.proc.pid, signal.SIGUSR1)  # it logs what each task waits on
            ballots = rows(db, "SELECT poll_id, count(*) FROM ballots GROUP BY poll_id")
            owed = rows(
                db, "SELECT kind, count(*) FROM outbox_sends WHERE sent_at IS NULL GROUP BY kind"
            )
            return f"ballots {ballots}, owed {owed}"

        await wait_until(settled, 90, state)
        await _check(hs, db, people, owner, room, bot_account.user_id)
    finally:
        bot.stop()
        await hs.close()
        await relay.stop()


async def _chaos(bot: BotProcess, relay: Proxy, kills: list[float], outage_at: float) -> None:
    """SIGKILL the bot at each moment (seconds into the run) and start it again; one outage."""
    began = bot.began
    moments = sorted([*((k, "kill") for k in kills), (outage_at, "outage")])
    for moment, what in moments:
        await asyncio.sleep(max(0.0, began + moment - time.monotonic()))
        if what == "kill":
            bot.kill()
            bot.start()
        else:
            await relay.stop()
            await asyncio.sleep(OUTAGE)
            await relay.start()


async def _check(
    hs: Homeserver, db: Path, people: list[Person], owner: Person, room: str, bot_id: str
) -> None:
    """Count, from each person's own rooms, what the bot sent them."""
    ballots = Counter(r[0] for r in rows(db, "SELECT poll_id FROM ballots"))
    assert ballots == {1: PEOPLE, 2: NATIVE}  # each voter once (a ballot per person)
    looking = asyncio.Semaphore(16)
    dm_rooms = {str(u): str(r) for u, r in rows(db, "SELECT user_id, room_id FROM matrix_dm_rooms")}

    async def received(p: Person) -> list[str]:
        async with looking:
            private = dm_rooms.get(p.user_id)
            if private is not None and private not in await hs.joined(p):
                await hs.join(p, private)  # a spare room's invite is taken back: not that one
            said: list[str] = []
            joined = await hs.joined(p)
            if p is not owner:
                assert sorted(joined) == sorted([room, str(private)]), (p.user_id, joined)
            for r in joined:
                if r != room:
                    said += [
                        body(e)
                        for e in await hs.messages(p, r)
                        if e.get("sender") == bot_id
                        and e.get("type") == "m.room.message"
                        and "m.new_content" not in (e.get("content") or {})
                    ]
            return said

    inboxes = await asyncio.gather(*(received(p) for p in people))
    for n, (p, said) in enumerate(zip(people, inboxes, strict=True)):
        reminders = Counter(s.split(",")[0] for s in said if "A poll is closing soon" in s)
        assert reminders == {
            "== A poll is closing soon ==\nPoll 1": 1,
            "== A poll is closing soon ==\nPoll 2": 1,
        }, (p.user_id, said)
        confirmed = [s for s in said if "Your vote on poll 1 is in" in s]
        assert len(confirmed) == 1, (p.user_id, said)
        proposals = [s for s in said if "A mentoring pairing for you" in s]
        assert len(proposals) == (1 if n < MENTORING else 0), (p.user_id, said)
    digests = [s for s in await received(owner) if "Weekly digest" in s]
    assert len(digests) == 1
    # Each living message ends up showing what the database holds.
    members = PEOPLE + 1  # everyone in the room but the bot: the 200 and the owner
    groups = rows(db, "SELECT id FROM groups")
    assert groups == [(f"matrix:{room}",)]  # the private rooms never became groups
    shown = {}
    for e in await hs.messages(owner, room):
        new = (e.get("content") or {}).get("m.new_content")
        if (
            e.get("sender") == bot_id
            and isinstance(new, dict)
            and "== Poll" in str(new.get("body"))
        ):
            shown[str(new["body"]).split(":")[0]] = str(new["body"])
    for poll, voters in ((1, PEOPLE), (2, NATIVE)):
        latest = shown[f"== Poll {poll}"]
        assert f"{voters} of {members} members have voted" in latest, latest
