"""Two bot processes on one PostgreSQL database: the group's work is done once, not twice.

Each "process" is a whole bot (its own connections, its own claim holder, its own timer and
delivery tasks) on the same database, as two `coprod run` would be; the shell platform is
each one's outlet, so what each sent is what its shell printed. They share the one clock
the test moves. These run on every run, SQLite's too: they are about PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_bot
from bot.config import MatrixConfig
from bot.core.clock import ManualClock
from bot.core.delivery import LEASE
from bot.core.model import Role
from bot.platforms.matrix.runner import run_matrix
from tests.harness import GROUP_ID, START, Harness

PEOPLE = [f"p{i:02d}" for i in range(24)]


async def process(url: str, tmp_path: Path, clock: ManualClock) -> Harness:
    """One bot process on the shared database (keys in the test's folder)."""
    h = Harness(url, clock)
    h.config = dataclasses.replace(h.config, keys=str(tmp_path / "coprod.keys"))
    return await h.start()


def reminders(*processes: Harness) -> Counter[str]:
    """How many poll reminders each person got, from all processes together."""
    return Counter(
        who
        for h in processes
        for who, reply in h.shell.said.dms
        if "Which evening?" in reply.body + (reply.title or "")
    )


@dataclasses.dataclass
class Two:
    """Two processes on one database, and the clock they share."""

    clock: ManualClock
    a: Harness
    b: Harness


@pytest.fixture
async def two(postgres_url: str, tmp_path: Path) -> AsyncIterator[Two]:
    """Processes A and B on the test's PostgreSQL database, both closed at the end."""
    clock = ManualClock(START)
    a = await process(postgres_url, tmp_path, clock)
    b = await process(postgres_url, tmp_path, clock)
    yield Two(clock, a, b)
    await a.close()
    await b.close()


@contextlib.asynccontextmanager
async def frozen_mid_fan_out(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[asyncio.Task[None]]:
    """A claims the reminders' lanes and freezes sending the first; its task, cancelled after."""
    stuck = asyncio.Event()

    async def hangs(*_args: Any, **_kwargs: Any) -> None:
        stuck.set()
        await asyncio.Event().wait()  # never returns: a process that froze, then died

    monkeypatch.setattr(two.a.shell, "dm", hangs)
    await a_poll_with_a_reminder(two.a)
    two.clock.advance(timedelta(hours=36))
    dying = asyncio.create_task(two.a.bot.pump())
    try:
        await stuck.wait()
        yield dying
    finally:
        dying.cancel()
        await asyncio.gather(dying, return_exceptions=True)


async def a_poll_with_a_reminder(a: Harness) -> None:
    """24 people who have not voted in a poll that closes in 2 days (reminder after 1 day)."""
    a.as_role("fran", Role.FACILITATOR)
    await a.join(*PEOPLE)
    await a.ok("olivia", "!settings set reminder_hours 24")
    await a.ok("fran", '!poll create "Which evening?" Mon Tue --closes "in 2 days"')


async def test_a_reminder_fan_out_reaches_everyone_once_from_two_processes(two: Two) -> None:
    """Both processes run their timers and senders at once; each person hears once."""
    a, b = two.a, two.b
    await a_poll_with_a_reminder(a)
    two.clock.advance(timedelta(hours=36))
    await asyncio.gather(a.bot.pump(), b.bot.pump())
    await asyncio.gather(a.bot.pump(), b.bot.pump())
    got = reminders(a, b)
    assert {who: got[who] for who in PEOPLE} == dict.fromkeys(PEOPLE, 1)
    rows = a.rows("SELECT count(*) FROM outbox_sends WHERE sent_at IS NULL")
    assert rows == [(0,)]


async def test_a_process_that_dies_mid_fan_out_leaves_its_share_to_the_other(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stops answering while it holds the lanes; once its claims run out, B sends them."""
    b = two.b
    async with frozen_mid_fan_out(two, monkeypatch):
        await b.bot.pump()
        assert reminders(b) == Counter(), "B sent what A had claimed, while A's claim held"
    two.clock.advance(LEASE + timedelta(seconds=1))
    await b.bot.pump()
    got = reminders(b)
    assert {who: got[who] for who in PEOPLE} == dict.fromkeys(PEOPLE, 1)


async def test_a_scheduled_close_runs_once_with_two_processes(two: Two) -> None:
    """The poll closes once: one results post, whichever process ran the job."""
    a, b = two.a, two.b
    await a.ok("olivia", '!poll create "Tea or coffee?" Tea Coffee --closes "in 1 hour"')
    await a.ok("bob", "!poll vote 1 1")
    two.clock.advance(timedelta(hours=2))
    await asyncio.gather(a.bot.pump(), b.bot.pump(), a.bot.pump(), b.bot.pump())
    posted = [(r.title, r.body) for h in (a, b) for r in h.posts]
    assert posted == [
        (
            "Results of poll 1 (closed): Tea or coffee?",
            "1. Tea: 1 vote (100%)\n2. Coffee: 0 votes (0%)",
        )
    ]
    done = a.rows("SELECT outcome FROM scheduled WHERE kind = 'poll_close'")
    assert done == [("done",)]


async def test_a_matrix_worker_runs_scheduled_work_and_the_syncing_process_sends_it(
    postgres_url: str, tmp_path: Path
) -> None:
    """`sync = false`: the worker closes the poll; what that owes is sent by the other."""
    clock = ManualClock(START)
    a = await process(postgres_url, tmp_path, clock)
    try:
        await a.ok("olivia", '!poll create "Tea or coffee?" Tea Coffee --closes "in 1 hour"')
        await a.ok("bob", "!poll vote 1 1")
        clock.advance(timedelta(hours=2))
        config = dataclasses.replace(a.config, platform="matrix", matrix=MatrixConfig(sync=False))
        worker = await build_bot(config, clock, postgres_url)
        stopping = asyncio.Event()
        stopping.set()  # it still runs what is due as it starts, then stops
        await run_matrix(worker, config.matrix, ("", ""), stopping)
        done = a.rows("SELECT outcome FROM scheduled WHERE kind = 'poll_close'")
        assert done == [("done",)]
        await worker.db.close()
        assert a.posts == []  # closed by the worker, not yet said by anyone
        await a.settle()
        assert [r.title for r in a.posts] == ["Results of poll 1 (closed): Tea or coffee?"]
    finally:
        await a.close()


async def test_forgetting_someone_drops_a_claim_that_names_them(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim on a person's lane holds their id; `!me forget` erases it with the rest."""
    b = two.b
    async with frozen_mid_fan_out(two, monkeypatch):
        held = {w for (w,) in b.rows("SELECT what FROM work_claims")}
        assert {"lane:@p00", "lane:@p01"} <= held
        await b.ok("p00", "!me forget")
        await b.ok("p00", "!me forget confirm")
        held = {w for (w,) in b.rows("SELECT what FROM work_claims")}
        assert "lane:@p00" not in held and "lane:@p01" in held


async def test_anonymous_polls_opened_by_two_processes_keep_both_keys(
    two: Two, tmp_path: Path
) -> None:
    """Each process keeps its poll's key in the shared key file; neither loses the other's."""
    a, b = two.a, two.b
    await a.ok("olivia", "!poll create One? Yes No --anonymous")
    await b.ok("olivia", "!poll create Two? Yes No --anonymous")
    kept = (tmp_path / "coprod.keys").read_text().split()
    assert kept[0::2] == ["poll:1", "poll:2"]
    await b.ok("bob", "!poll vote 1 1")  # B votes in A's poll, by the key A made
    await a.ok("bob", "!poll vote 2 2")
    await a.ok("olivia", "!poll close 2")  # A closes B's poll: its key goes
    assert (tmp_path / "coprod.keys").read_text().split()[0::2] == ["poll:1"]
    assert b.bot.db.keys.get("poll:2") is None
    assert len(a.rows("SELECT voter FROM ballots")) == 2


async def test_a_setting_or_newcomer_one_process_stores_is_seen_by_the_other(two: Two) -> None:
    """Nothing a process keeps in memory hides another's change: settings, members."""
    a, b = two.a, two.b
    assert (await b.bot.group(GROUP_ID)).settings.timezone == "UTC"
    assert "zoe" not in await b.bot.members.names(GROUP_ID)
    await a.ok("olivia", "!settings set timezone Europe/London")
    await a.join("zoe")
    assert (await b.bot.group(GROUP_ID)).settings.timezone == "Europe/London"
    assert "zoe" in await b.bot.members.names(GROUP_ID)


async def test_a_starting_process_erases_only_keys_of_closed_polls(
    postgres_url: str, tmp_path: Path
) -> None:
    """A key written for a poll not yet committed (by another process) survives a start."""
    clock = ManualClock(START)
    a = await process(postgres_url, tmp_path, clock)
    try:
        await a.ok("olivia", "!poll create One? Yes No --anonymous")
        secret = a.bot.db.keys.get("poll:1")
        assert secret is not None
        await a.ok("olivia", "!poll close 1")
        a.bot.db.keys.put("poll:1", secret)  # as if A died between the close and the erase
        a.bot.db.keys.put("poll:2", b"\x00" * 32)  # A's next poll, about to be committed
        b = await process(postgres_url, tmp_path, clock)
        await b.close()
        assert (tmp_path / "coprod.keys").read_text().split()[0::2] == ["poll:2"]
    finally:
        await a.close()
