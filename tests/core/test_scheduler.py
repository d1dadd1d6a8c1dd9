"""Scheduled work: a job that fails is retried with back-off, then given up, never lost silently."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from bot.core.cog import Cog
from bot.core.commands import job
from bot.core.scheduler import MAX_ATTEMPTS, Due
from tests.harness import GROUP_ID, Harness


class Flaky(Cog):
    """A job that fails a set number of times before it works."""

    failures_left = 0
    runs: ClassVar[list[str]] = []

    @job("flaky")
    async def flaky(self, due: Due) -> None:
        Flaky.runs.append(due.row.ref)
        if Flaky.failures_left:
            Flaky.failures_left -= 1
            raise ConnectionError("chat server unreachable")


async def schedule(h: Harness, ref: str) -> None:
    h.bot.add_cog(Flaky(h.bot.services))
    async with h.bot.db.transaction() as tx:
        await h.bot.scheduler.add(tx, GROUP_ID, "flaky", ref, h.clock.now() + timedelta(hours=1))


async def test_failed_job_is_retried_with_back_off_until_it_works(harness: Harness) -> None:
    """A job that raises twice runs again after 1 and 2 minutes, then is done."""
    h = harness
    Flaky.failures_left, Flaky.runs = 2, []
    await schedule(h, "a")
    await h.wait(timedelta(hours=1))
    assert Flaky.runs == ["a"]
    assert h.rows("SELECT attempts, done_at IS NULL FROM scheduled WHERE kind='flaky'") == [(1, 1)]
    await h.wait(timedelta(seconds=59))
    assert Flaky.runs == ["a"]  # not before its back-off
    await h.wait(timedelta(seconds=1))
    await h.wait(timedelta(minutes=2))
    assert Flaky.runs == ["a", "a", "a"]
    assert h.rows("SELECT attempts, outcome FROM scheduled WHERE kind='flaky'") == [(2, "done")]


async def test_retries_survive_a_restart(harness: Harness) -> None:
    """A retry waiting in SQLite runs after the bot restarts."""
    h = harness
    Flaky.failures_left, Flaky.runs = 1, []
    await schedule(h, "b")
    await h.wait(timedelta(hours=1))
    await h.restart()
    h.bot.add_cog(Flaky(h.bot.services))
    await h.wait(timedelta(minutes=1))
    assert Flaky.runs == ["b", "b"]
    assert h.rows("SELECT outcome FROM scheduled WHERE kind='flaky'") == [("done",)]


async def test_job_that_keeps_failing_is_given_up_with_its_error(harness: Harness) -> None:
    """After MAX_ATTEMPTS failures the row is marked failed with the error, and stops."""
    h = harness
    Flaky.failures_left, Flaky.runs = 100, []
    await schedule(h, "c")
    await h.wait(timedelta(hours=1))
    for _ in range(MAX_ATTEMPTS):
        await h.wait(timedelta(days=1))
    assert len(Flaky.runs) == MAX_ATTEMPTS
    ((outcome,),) = h.rows(
        "SELECT outcome FROM scheduled WHERE kind='flaky' AND done_at IS NOT NULL"
    )
    assert outcome == "failed: ConnectionError: chat server unreachable"


async def test_work_cancelled_then_asked_for_again_at_the_same_time_runs(harness: Harness) -> None:
    """Cancelled, then asked for at the same time again: it runs; work done never runs twice."""
    h = harness
    Flaky.failures_left, Flaky.runs = 0, []
    h.bot.add_cog(Flaky(h.bot.services))
    due = h.clock.now() + timedelta(hours=1)
    async with h.bot.db.transaction() as tx:
        await h.bot.scheduler.add(tx, GROUP_ID, "flaky", "c", due)
        await h.bot.scheduler.cancel(tx, "flaky", "c", h.clock.now())
        await h.bot.scheduler.add(tx, GROUP_ID, "flaky", "c", due)
    await h.wait(timedelta(hours=1))
    assert Flaky.runs == ["c"]
    async with h.bot.db.transaction() as tx:
        await h.bot.scheduler.add(tx, GROUP_ID, "flaky", "c", due)
    await h.wait(timedelta(minutes=1))
    assert Flaky.runs == ["c"]
    assert h.rows("SELECT outcome FROM scheduled WHERE kind='flaky'") == [("done",)]
