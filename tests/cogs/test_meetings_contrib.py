"""Attendance, the contribution log and its report, and forgetting someone's hours."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.core.model import Role
from tests.harness import GROUP_ID, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """A meeting on Tuesday 18:00 for 90 minutes; alice, bob and carol; fran facilitates."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "fran")
    await harness.ok("olivia", '!settings set constituencies "service user, provider"')
    await harness.ok("alice", '!me constituency "service user"')
    await harness.ok("bob", "!me constituency provider")
    await harness.ok("fran", '!meeting add "Steering group" "tuesday 18:00" --length 90m')
    return harness


def report_rows(reply: object) -> list[dict[str, str]]:
    (file,) = reply.files  # type: ignore[attr-defined]
    assert file.mime == "text/csv"
    return list(csv.DictReader(io.StringIO(file.data.decode())))


async def test_attendance_and_logged_time_reach_the_report_with_amounts(h: Harness) -> None:
    """Facilitator-recorded attendance counts at once; self-marked and logged time once confirmed."""
    await h.wait(timedelta(days=1, hours=10))  # Tuesday 19:00, during the meeting
    await h.ok("fran", "!meeting attended 1 @alice")
    await h.ok("bob", "!meeting here 1")
    logged = await h.ok("carol", '!contrib log 2h "prepared the survey"')
    assert "Entry 3" in logged.body
    await h.ok("fran", "!contrib confirm 2")
    await h.ok("fran", '!contrib query 3 --reason "which survey?"')
    await h.ok("olivia", "!settings set contrib_rate 15")
    await h.ok("olivia", "!settings set contrib_currency GBP")
    reply = await h.ok("olivia", "!contrib report --from 2026-11-01 --to 2026-12-31")
    rows = {r["person"]: r for r in report_rows(reply)}
    assert rows["alice"]["confirmed hours"] == "1.5" and rows["alice"]["amount"] == "22.50"
    assert rows["bob"]["meetings attended"] == "1" and rows["bob"]["constituency"] == "provider"
    assert rows["carol"]["confirmed hours"] == "0" and rows["carol"]["entries"] == "1"
    assert "service user: 1.5 confirmed hours" in reply.body
    assert "Amounts at 15 GBP an hour." in reply.body
    mine = await h.ok("alice", "!contrib me")
    assert "2026-12: 1.5 hours confirmed" in mine.body


async def test_a_forgotten_persons_hours_stay_unnamed_and_no_table_keeps_them(h: Harness) -> None:
    """After `!me forget`, totals keep the hours as unnamed and no row names the person."""
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("alice", '!contrib log 1h "flyers"')
    await h.wait(timedelta(days=1, hours=10))
    await h.ok("fran", "!meeting attended 1 alice")
    exported = await h.ok("alice", "!me export")
    assert b"flyers" in exported.files[0].data
    await h.ok("alice", "!me forget confirm")
    for table, rows in h.snapshot().items():
        assert not any("alice" in repr(row) for row in rows), table
    reply = await h.ok("olivia", "!contrib report --from 2026-11-01 --to 2026-12-31")
    (row,) = report_rows(reply)
    assert row["person"] == "(forgotten, unnamed)" and row["confirmed hours"] == "1.5"


async def test_self_marking_closes_a_day_after_the_meeting(h: Harness) -> None:
    """`!meeting here` works during the meeting and up to a day after, not later."""
    await h.wait(timedelta(days=2, hours=10))  # Wednesday 19:00: within a day of the end
    await h.ok("alice", "!meeting here 1")
    await h.wait(timedelta(days=1))
    late = await h.say("bob", "!meeting here 1")
    assert late.error and "!meeting attended" in late.body


async def test_the_digest_shows_attendance_upcoming_answers_and_waiting_entries(
    h: Harness,
) -> None:
    """Organisers read attendance by constituency, RSVP counts and entries awaiting a facilitator."""
    await h.ok("fran", '!meeting add "Budget" "friday 18:00"')
    await h.ok("alice", "!meeting rsvp 2 going")
    await h.wait(timedelta(days=1, hours=10))
    await h.ok("fran", "!meeting attended 1 alice bob")
    await h.ok("carol", '!contrib log 1h "flyers"')
    since = h.clock.now() - timedelta(days=7)
    sections = await h.bot.contributions.digest(GROUP_ID, since, h.clock.now())
    (ours,) = [s for s in sections if s.heading == "Meetings"]
    text = "\n".join(ours.lines)
    assert "Attendance at 1 meeting, by constituency: provider: 1, service user: 1" in text
    assert "Budget" in text and "1 going, 0 maybe, 0 can't" in text
    assert "1 contribution entry waits" in text
