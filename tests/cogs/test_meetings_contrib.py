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
    assert "December 2026: 1.5 hours confirmed" in mine.body


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
    sections = await h.bot.features.digest(GROUP_ID, since, h.clock.now())
    (ours,) = [s for s in sections if s.heading == "Meetings"]
    text = "\n".join(ours.lines)
    assert "Attendance at 1 meeting, by constituency: provider: 1, service user: 1" in text
    assert "Budget" in text and "1 going, 0 maybe, 0 can't" in text
    assert "1 contribution entry waits" in text


@pytest.mark.parametrize("typed", ["-5", "1e308", "nan", "inf", "abc", "15.555", "1,5", "١٥"])
async def test_a_rate_that_is_not_an_amount_is_refused_when_set(h: Harness, typed: str) -> None:
    """contrib_rate takes 0 or more with at most two decimal places, refused at once otherwise."""
    await h.refused("olivia", f"!settings set contrib_rate {typed}", "at most two decimal places")


async def attended_by_alice_and_bob(h: Harness) -> None:
    """fran records alice and bob at Tuesday's 90-minute meeting."""
    await h.wait(timedelta(days=1, hours=10))
    await h.ok("fran", "!meeting attended 1 @alice @bob")


async def test_amounts_are_to_the_penny_and_the_rate_is_its_own_line(h: Harness) -> None:
    """12.50 an hour for 1.5 hours is 18.75; with no currency set, the note says how to name it."""
    await attended_by_alice_and_bob(h)
    await h.ok("olivia", "!settings set contrib_rate 12.50")
    reply = await h.ok("olivia", "!contrib report --from 2026-12-01 --to 2026-12-31")
    assert [r["amount"] for r in report_rows(reply)] == ["18.75", "18.75"]
    assert reply.body.split("\n") == [
        "provider: 1.5 confirmed hours",
        "service user: 1.5 confirmed hours",
        "Amounts at 12.50 an hour. An organiser can name the currency with "
        "`!settings set contrib_currency GBP`.",
    ]


async def test_a_half_penny_rounds_up_as_people_round(h: Harness) -> None:
    """1.5 hours at 0.01 is 0.015: the CSV says 0.02 (a float said 0.01)."""
    await attended_by_alice_and_bob(h)
    await h.ok("olivia", "!settings set contrib_rate 0.01")
    await h.ok("olivia", "!settings set contrib_currency GBP")
    reply = await h.ok("olivia", "!contrib report --from 2026-12-01 --to 2026-12-31")
    assert [r["amount"] for r in report_rows(reply)] == ["0.02", "0.02"]
    assert reply.body.split("\n")[-1] == "Amounts at 0.01 GBP an hour."


async def test_queried_entries_wait_for_a_facilitator_too(h: Harness) -> None:
    """One entry not looked at and one queried: the digest says 2 entries wait."""
    await h.ok("alice", '!contrib log 1h "flyers"')
    await h.ok("bob", '!contrib log 2h "survey"')
    await h.ok("fran", '!contrib query 2 --reason "which survey?"')
    since = h.clock.now() - timedelta(days=7)
    sections = await h.bot.features.digest(GROUP_ID, since, h.clock.now())
    (ours,) = [s for s in sections if s.heading == "Meetings"]
    assert "2 contribution entries wait for a facilitator (`!contrib waiting`)." in ours.lines


async def test_a_rate_an_older_bot_stored_that_is_no_amount_gives_no_amounts(h: Harness) -> None:
    """'abc' kept from before rates were checked: the report runs, without an amount column."""
    await attended_by_alice_and_bob(h)
    await h.close()
    h.write(
        "INSERT INTO group_settings (group_id, name, value) VALUES (?, 'contrib_rate', 'abc')",
        GROUP_ID,
    )
    await h.start()
    reply = await h.ok("olivia", "!contrib report --from 2026-12-01 --to 2026-12-31")
    assert "amount" not in report_rows(reply)[0]
    assert "Amounts" not in reply.body


async def test_time_waiting_for_a_facilitator_is_not_confirmed_hours(h: Harness) -> None:
    """Self-marked attendance and logged time count as entries, not hours, until confirmed."""
    await h.wait(timedelta(days=1, hours=10))  # Tuesday 19:00, during the meeting
    await h.ok("fran", "!meeting attended 1 @alice")
    await h.ok("bob", "!meeting here 1")
    await h.ok("bob", '!contrib log 2h "wrote the minutes"')
    await h.ok("carol", '!contrib log 1h "flyers"')
    reply = await h.ok("olivia", "!contrib report --from 2026-12-01 --to 2026-12-31")
    assert report_rows(reply) == [
        {"person": "alice", "constituency": "service user", "confirmed hours": "1.5",
         "meetings attended": "1", "entries": "1"},
        {"person": "bob", "constituency": "provider", "confirmed hours": "0",
         "meetings attended": "0", "entries": "2"},
        {"person": "carol", "constituency": "not said", "confirmed hours": "0",
         "meetings attended": "0", "entries": "1"},
    ]  # fmt: skip


async def test_the_author_is_told_privately_when_an_entry_is_queried_or_confirmed(
    h: Harness,
) -> None:
    """carol hears the question, then the confirmation; fran's answers are private."""
    await h.ok("carol", '!contrib log 2h "prepared the survey"')
    await h.ok("carol", '!contrib log 1h "flyers"')
    asked = await h.ok("fran", '!contrib query 1 --reason "Which survey?"')
    assert asked.private and asked.body == "Entry 1 is queried; its author has been told."
    confirmed = await h.ok("fran", "!contrib confirm 2")
    assert confirmed.private
    assert [r.body for r in h.dms("carol")] == [
        'A facilitator asks about your entry 1 (2 hours, "prepared the survey"): Which survey? '
        "Tell a facilitator, and they can confirm it.",
        'Your entry 2 (1 hour, "flyers") is confirmed: it counts in the group\'s reports.',
    ]


async def test_waiting_lists_entries_not_looked_at_and_queried(h: Harness) -> None:
    """`!contrib waiting` shows each waiting entry, who and what, and the question asked."""
    await h.ok("alice", '!contrib log 1h "flyers"')
    await h.ok("bob", '!contrib log 2h "survey"')
    await h.ok("carol", '!contrib log 30m "emails"')
    await h.ok("fran", '!contrib query 2 --reason "which survey?"')
    await h.ok("fran", "!contrib confirm 3")
    day = "<t:1796029200:D>"  # Monday 30 November 2026 09:00 UTC
    listed = await h.ok("fran", "!contrib waiting")
    assert listed.private and listed.title == "2 entries wait for a facilitator"
    assert listed.body.split("\n") == [
        f'**1**: alice, 1 hour, "flyers", {day}',
        f'**2**: bob, 2 hours, "survey", {day}; queried: which survey?',
        "Confirm one with `!contrib confirm N`, or ask about it with `!contrib query N --reason "
        '"what to check"`.',
    ]
    await h.refused("alice", "!contrib waiting", "facilitator")


async def test_nothing_waiting_says_so(h: Harness) -> None:
    """With every entry settled, `!contrib waiting` says nothing waits."""
    reply = await h.ok("fran", "!contrib waiting")
    assert reply.body == "No contribution entries are waiting for a facilitator."


async def test_the_report_is_last_month_unless_told(h: Harness) -> None:
    """On 2 December the report covers November: carol's hour of 30 November, not Tuesday's."""
    await h.ok("carol", '!contrib log 1h "flyers"')
    await h.ok("fran", "!contrib confirm 1")
    await h.wait(timedelta(days=1, hours=10))  # Tuesday 1 December 19:00
    await h.ok("fran", "!meeting attended 1 @alice")
    await h.wait(timedelta(days=1))
    reply = await h.ok("olivia", "!contrib report")
    assert reply.title == "Contributions 2026-11-01 to 2026-11-30"
    assert reply.files[0].name == "contributions-2026-11-01-to-2026-11-30.csv"
    assert [(r["person"], r["confirmed hours"]) for r in report_rows(reply)] == [("carol", "1")]


async def test_report_days_are_typed_as_elsewhere_and_read_in_the_groups_zone(
    h: Harness,
) -> None:
    """In New York, 22:00 on 30 November (03:00 UTC on 1 December) is in "--to 30 nov"."""
    await h.ok("olivia", "!settings set timezone America/New_York")
    await h.wait(timedelta(hours=18))  # 2026-12-01 03:00 UTC
    await h.ok("carol", '!contrib log 1h "flyers"')
    reply = await h.ok("olivia", '!contrib report --from "1 nov" --to "30 November"')
    assert reply.title == "Contributions 2026-11-01 to 2026-11-30"
    assert [r["person"] for r in report_rows(reply)] == ["carol"]
    reply = await h.ok("olivia", '!contrib report --from "dec 1 2026" --to 2026-12-31')
    assert report_rows(reply) == []
