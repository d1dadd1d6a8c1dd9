"""Deadlines and reminders survive restarts: closed on time, each reminder sent once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import build_bot
from bot.config import Config
from bot.core.clock import OffsetClock
from bot.core.model import Role
from bot.platforms.shell import ShellPlatform
from tests.harness import Harness


async def test_reminder_reaches_only_non_voters_once(harness: Harness) -> None:
    """24 h before close, each member who has not voted gets one private nudge."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob", "carol")
    await h.ok("fran", '!poll create "Which evening?" Mon Tue --closes "in 3 days"')
    await h.ok("alice", "!poll vote 1 1")
    await h.wait(timedelta(hours=47))
    assert h.dms("bob") == []
    await h.wait(timedelta(hours=2))
    assert len(h.dms("bob")) == 1 and len(h.dms("carol")) == 1
    assert "closes" in h.dms("bob")[0].body and "!poll vote 1" in h.dms("bob")[0].body
    assert h.dms("alice") == []
    await h.wait(timedelta(hours=30))
    assert len(h.dms("bob")) == 1


async def test_restart_mid_poll_still_closes_and_reminds_once(harness: Harness) -> None:
    """A new bot on the same file closes the poll at its deadline; no reminder is repeated."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob")
    await h.ok("fran", '!poll create "Which evening?" Mon Tue --closes "in 3 days"')
    await h.ok("alice", "!poll vote 1 2")
    await h.wait(timedelta(days=2, hours=1))  # reminder sent
    assert len(h.dms("bob")) == 1
    await h.restart()
    # The restarted bot goes by the outbox: each reminder is recorded as sent, once, and
    # its start (which resumes what a crash left owed) sent bob nothing again.
    assert h.rows(
        "SELECT target, sent_at IS NOT NULL FROM outbox_sends WHERE dedupe = 'poll:1:reminder'"
        " ORDER BY target"
    ) == [("bob", 1), ("fran", 1), ("olivia", 1)]
    assert h.dms("bob") == []
    await h.wait(timedelta(hours=12))
    assert h.dms("bob") == []  # not sent again after the restart
    assert h.rows("SELECT closed_at FROM polls") == [(None,)]
    await h.wait(timedelta(hours=12))
    assert h.rows("SELECT closed_at IS NOT NULL FROM polls") == [(1,)]
    assert h.posts[-1].title == "Results of poll 1 (closed): Which evening?"
    assert h.rows("SELECT kind, outcome FROM scheduled WHERE kind LIKE 'poll%' ORDER BY id") == [
        ("poll_close", "done"),
        ("poll_reminder", "done"),
        ("poll_announce", "done"),
    ]


async def test_deadline_passed_while_down_fires_at_start(harness: Harness) -> None:
    """A poll whose deadline passed while the bot was down closes as soon as it starts."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("bob")
    await h.ok("fran", '!poll create "Which evening?" Mon Tue --closes "in 3 days"')
    await h.close()
    h.clock.advance(timedelta(days=4))
    await h.start()
    assert h.rows("SELECT closed_at IS NOT NULL FROM polls") == [(1,)]
    assert h.posts and (h.posts[-1].title or "").startswith("Results of poll 1 (closed)")
    # The reminder fell due while down too, but its poll's deadline has passed: dropped.
    assert h.dms("bob") == []
    assert ("poll_reminder", "stale") in h.rows("SELECT kind, outcome FROM scheduled")


async def test_stale_reminder_is_dropped_not_sent_late(harness: Harness) -> None:
    """A reminder whose poll deadline has passed is dropped even if the close has not run."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("bob")
    await h.ok("fran", '!poll create "Which evening?" Mon Tue --closes "in 3 days"')
    await h.close()
    # Only the reminder is due: the bot came back between the deadline and the close job.
    h.write("UPDATE scheduled SET due_at = '2099-01-01T00:00:00+00:00' WHERE kind = 'poll_close'")
    h.clock.advance(timedelta(days=4))
    await h.start()
    assert h.dms("bob") == []
    assert ("poll_reminder", "stale") in h.rows("SELECT kind, outcome FROM scheduled")
    late = await h.say("bob", "!poll vote 1 1")
    assert late.error and "closed" in late.body


async def test_timers_are_armed_for_pending_rows_with_a_real_clock(tmp_path) -> None:
    """On a clock that moves by itself, one timer waits for the soonest row, after a restart too."""
    clock = OffsetClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))  # a Tuesday: no digest due
    bot = await build_bot(Config(), clock, tmp_path / "g.sqlite3")
    shell = ShellPlatform(bot, clock, out=lambda _: None)
    await shell.start()
    await shell.command("you", '!poll create "Q?" A B --closes "in 3 days"')
    pending = len(await bot.scheduler.repo.pending())  # the close, the reminder, the digest
    assert pending == 3 and bot.scheduler.armed == 1
    await bot.stop()
    await bot.db.close()
    bot = await build_bot(Config(), clock, tmp_path / "g.sqlite3")
    await bot.start(shell)
    assert bot.scheduler.armed == 1
    await bot.stop()
    await bot.db.close()


async def test_a_reminder_due_exactly_at_the_close_is_dropped_as_stale(harness: Harness) -> None:
    """A bot down until the very minute a poll closes sends no late reminder (>=, not >)."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob")
    await h.ok("fran", '!poll create "Which evening?" Mon Tue --closes "in 3 days"')
    people = dict(h.shell.people)
    await h.close()
    h.clock.advance(timedelta(days=3))  # down across the reminder, up exactly at the close
    await h.start()
    h.shell.people.update(people)
    assert h.dms("bob") == []
    assert ("poll_reminder", "stale") in h.rows("SELECT kind, outcome FROM scheduled")
