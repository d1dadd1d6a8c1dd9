"""Mentoring in the shell: opt in, a dry run, a round both sides accept, intro, check-in, end."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.model import Reply, Role
from tests.harness import Harness

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0.sqlite3"


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; alice (a service user) and bob (a provider) opt in."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "cara", "dan", "fran")
    await harness.ok("olivia", '!settings set constituencies "service user, provider"')
    await harness.ok("alice", '!me constituency "service user"')
    await harness.ok("bob", "!me constituency provider")
    await harness.ok("alice", '!mentor join mentee --topics "benefits, housing"')
    await harness.ok("bob", '!mentor join mentor --topics "housing, forms" --every 2w')
    return harness


def last(h: Harness, name: str) -> Reply:
    """The newest private message to someone."""
    return h.dms(name)[-1]


async def press(h: Harness, name: str, reply: Reply, label: str) -> Reply:
    """`name` presses the button labelled `label` (runs its typed equivalent)."""
    action = next(a for a in reply.actions if a.label == label)
    return await h.ok(name, action.as_text())


async def test_joining_says_how_and_joining_again_says_what_changed(h: Harness) -> None:
    """A second join updates and names the change; the same join again changes nothing."""
    said = await h.ok("alice", "!mentor join peer")
    assert "role mentee -> peer" in said.body
    assert h.rows("SELECT role, topics FROM mentoring_people WHERE user_id = 'alice'") == [
        ("peer", "benefits, housing")
    ]
    before = h.snapshot()
    again = await h.say("alice", "!mentor join peer")
    assert again.error and "nothing changed" in again.body
    assert h.snapshot() == before


async def test_a_dry_run_shows_pairs_and_scores_and_stores_nothing(h: Harness) -> None:
    """`--dry-run` lists bob with alice, the score and shared topic; no round is stored."""
    before = h.snapshot()
    reply = await h.ok("fran", "!mentor round --dry-run")
    assert "bob and alice: score" in reply.body and "shared topics: housing" in reply.body
    assert h.snapshot() == before
    assert not h.dms("alice")


async def test_a_round_both_accept_then_intro_and_check_in(h: Harness) -> None:
    """Both get Accept / Skip; after both accept, each gets the intro; 7 days on, did you meet?"""
    await h.ok("fran", "!mentor round")
    ask = last(h, "alice")
    assert "bob" in ask.body and [a.label for a in ask.actions] == ["Accept", "Skip this round"]
    assert "Accept" in [a.label for a in last(h, "bob").actions]
    first = await press(h, "alice", ask, "Accept")
    assert "when everyone has said yes" in first.body
    assert not any("Meet" in (r.title or "") for r in h.dms("alice"))
    started = await press(h, "bob", last(h, "bob"), "Accept")
    intro = last(h, "alice")
    assert intro.title == "Meet bob (pairing 1)"
    assert "housing" in intro.body and "!mentor end" in intro.body
    assert started.title == "Meet alice (pairing 1)"  # bob's Accept answer is his intro
    await h.wait(timedelta(days=7))
    check = last(h, "alice")
    assert [a.label for a in check.actions] == ["Met", "Not yet", "Not going to happen"]
    await press(h, "alice", check, "Met")
    assert h.rows("SELECT state, met FROM mentoring_pairings") == [("active", 1)]


def said_to(h: Harness, name: str) -> list[Reply]:
    """Everything the bot said to someone so far: answers to their commands, then DMs."""
    answers = [r for who, r in h.shell.said.answers if who == name]
    return answers + h.dms(name)


async def test_each_person_gets_one_intro_message(h: Harness) -> None:
    """bob's Accept starts it: his answer is his intro; alice gets hers privately; one each."""
    await h.ok("fran", "!mentor round")
    await h.ok("alice", "!mentor accept 1")
    before = {name: said_to(h, name) for name in ("alice", "bob")}
    started = await h.ok("bob", "!mentor accept 1")
    assert started.title == "Meet alice (pairing 1)" and started.private
    for name, other in (("alice", "bob"), ("bob", "alice")):
        new = [r for r in said_to(h, name) if r not in before[name]]
        assert [r.title for r in new] == [f"Meet {other} (pairing 1)"]


async def test_not_yet_is_asked_once_more_after_four_days(h: Harness) -> None:
    """Answering "not yet" brings the question back once, four days later, and not again."""
    await h.ok("fran", "!mentor round")
    await press(h, "alice", last(h, "alice"), "Accept")
    await press(h, "bob", last(h, "bob"), "Accept")
    await h.wait(timedelta(days=7))
    await press(h, "bob", last(h, "bob"), "Not yet")
    count = len(h.dms("bob"))
    await h.wait(timedelta(days=4))
    assert len(h.dms("bob")) == count + 1 and last(h, "bob").title == "Did you meet?"
    await press(h, "bob", last(h, "bob"), "Not yet")
    await h.wait(timedelta(days=10))
    assert len(h.dms("bob")) == count + 1


async def test_no_answer_in_three_days_is_a_skip_and_nobody_is_told_who(h: Harness) -> None:
    """alice accepts, bob never answers: after 3 days alice hears only it did not start."""
    await h.ok("fran", "!mentor round")
    await press(h, "alice", last(h, "alice"), "Accept")
    await h.wait(timedelta(days=3))
    note = last(h, "alice")
    assert "did not start" in note.body and "not everyone said yes" in note.body
    assert h.rows("SELECT state FROM mentoring_pairings") == [("skipped",)]
    late = await h.say("bob", "!mentor accept 1")
    assert late.error and "no longer takes answers" in late.body


async def test_a_skip_is_never_named(h: Harness) -> None:
    """bob skips; at the deadline alice is told it did not start, with no word of bob skipping."""
    await h.ok("fran", "!mentor round")
    await press(h, "bob", last(h, "bob"), "Skip this round")
    await press(h, "alice", last(h, "alice"), "Accept")
    await h.wait(timedelta(days=3))
    assert "skip" not in last(h, "alice").body.lower()
    assert all(r.title != "Meet bob (pairing 1)" for r in h.dms("alice"))


async def test_end_tells_the_other_only_that_it_ended(h: Harness) -> None:
    """alice ends it; bob (every 2w) hears it ended and when he can be paired again, no more."""
    await h.ok("fran", "!mentor round")
    await press(h, "alice", last(h, "alice"), "Accept")
    await press(h, "bob", last(h, "bob"), "Accept")
    ended = await h.ok("alice", "!mentor end")
    assert ended.body == (
        "Pairing 1 has ended. The others are told only that it ended. "
        "You will be in the next round."
    )
    # proposed Monday 30 November 09:00; every 2w, less a day's slack: Sunday 13 December
    again = int(datetime(2026, 12, 13, 9, 0, tzinfo=UTC).timestamp())
    assert last(h, "bob").body == (
        "Your mentoring pairing has ended. Nothing more is needed from you. "
        f"You can be paired again from <t:{again}:F>."
    )
    assert h.rows("SELECT state, ended_early FROM mentoring_pairings") == [("ended", 1)]
    dms = len(h.dms("bob"))
    await h.wait(timedelta(days=8))
    assert len(h.dms("bob")) == dms  # no check-in for an ended pairing


async def test_a_concern_reaches_only_organisers(h: Harness) -> None:
    """The note goes privately to organisers only; only they can list it; nothing is public."""
    await h.ok("olivia", "!me")  # olivia has acted as an organiser here
    await h.ok("fran", "!me")  # fran as a facilitator
    await h.ok("alice", '!mentor concern "We never manage to meet"')
    (sent,) = [r for r in h.dms("olivia") if r.title == "A mentoring concern"]
    assert "alice" in sent.body and "We never manage to meet" in sent.body
    assert not [r for r in h.dms("fran") if r.title == "A mentoring concern"]
    assert not [r for r in h.dms("bob") if r.title == "A mentoring concern"]
    refused = await h.say("fran", "!mentor concerns")
    assert refused.error
    listed = await h.ok("olivia", "!mentor concerns")
    assert "We never manage to meet" in listed.body and "alice" in listed.body
    assert not h.posts
    await h.ok("olivia", "!mentor followed-up 1")
    assert "(followed up)" in (await h.ok("olivia", "!mentor concerns")).body
    again = await h.say("olivia", "!mentor followed-up 1")
    assert again.error and "no concern 1 waiting" in again.body


async def test_status_shows_how_you_are_in_and_your_pairings(h: Harness) -> None:
    """alice's status names her role, topics, her pairing with bob and its state."""
    await h.ok("fran", "!mentor round")
    shown = {f.name: f.value for f in (await h.ok("alice", "!mentor status")).fields}
    assert "mentee" in shown["You"] and "benefits, housing" in shown["You"]
    assert "Pairing 1 with bob: proposed" in shown["Pairings"]
    assert "!mentor round" in shown["Next round"]


async def test_an_odd_person_out_is_told_and_goes_first_next_round(h: Harness) -> None:
    """Three peers: one is left over, told so, and paired in the next round."""
    await h.ok("alice", "!mentor leave")
    await h.ok("bob", "!mentor leave")
    for name in ("alice", "bob", "cara"):
        await h.ok(name, "!mentor join peer")
    await h.ok("fran", "!mentor round")
    (left,) = [r[0] for r in h.rows("SELECT user_id FROM mentoring_people WHERE carried = 1")]
    assert "odd number" in last(h, left).body
    await h.wait(timedelta(days=3))
    plan = await h.ok("fran", "!mentor round --dry-run")
    assert left in plan.body  # a dry run names only the people it pairs


async def test_a_round_with_one_person_says_so(h: Harness) -> None:
    """Fewer than two people ready: a clear answer and nothing stored."""
    await h.ok("bob", "!mentor leave")
    before = h.snapshot()
    reply = await h.say("fran", "!mentor round")
    assert reply.error and "at least two people" in reply.body
    assert h.snapshot() == before


async def test_scheduled_rounds_run_by_themselves_and_survive_a_restart(h: Harness) -> None:
    """mentoring_every 1w: status shows the next round; after a restart it runs then, weekly."""
    await h.ok("olivia", "!settings set mentoring_every 1w")
    status = await h.ok("alice", "!mentor status")
    assert "<t:" in {f.name: f.value for f in status.fields}["Next round"]
    await h.restart()
    await h.wait(timedelta(minutes=59))
    assert h.rows("SELECT count(*) FROM mentoring_rounds") == [(0,)]
    await h.wait(timedelta(minutes=2))  # Monday 10:00, the default day and time
    assert h.rows("SELECT count(*) FROM mentoring_rounds") == [(1,)]
    assert "Accept" in [a.label for a in last(h, "alice").actions]
    await h.wait(timedelta(days=7))
    assert h.rows("SELECT count(*) FROM mentoring_rounds") == [(2,)]
    assert h.rows("SELECT next_at FROM mentoring_schedule") == [("2026-12-14T10:00:00+00:00",)]


async def test_a_new_time_zone_moves_the_next_scheduled_round(h: Harness) -> None:
    """Monday 10:00 is 10:00 UTC; once the group is in New York, 15:00 UTC (EST is UTC-5)."""
    await h.ok("olivia", "!settings set mentoring_every 1w")
    assert h.rows("SELECT next_at FROM mentoring_schedule") == [("2026-11-30T10:00:00+00:00",)]
    await h.ok("olivia", "!settings set timezone America/New_York")
    assert h.rows("SELECT next_at FROM mentoring_schedule") == [("2026-11-30T15:00:00+00:00",)]


async def test_turning_scheduled_rounds_off_cancels_the_next(h: Harness) -> None:
    """mentoring_every off: no round runs and status no longer shows a date."""
    await h.ok("olivia", "!settings set mentoring_every 2w")
    await h.ok("olivia", "!settings set mentoring_every off")
    await h.wait(timedelta(days=30))
    assert h.rows("SELECT count(*) FROM mentoring_rounds") == [(0,)]
    assert h.rows("SELECT count(*) FROM mentoring_schedule") == [(0,)]


async def test_answers_and_check_ins_survive_a_restart(h: Harness) -> None:
    """alice accepts, the bot restarts, bob accepts: both get the intro, then the check-in."""
    await h.ok("fran", "!mentor round")
    await press(h, "alice", last(h, "alice"), "Accept")
    await h.restart()
    await h.ok("bob", "!mentor accept 1")
    assert last(h, "alice").title == "Meet bob (pairing 1)"
    await h.restart()
    await h.wait(timedelta(days=7))
    assert last(h, "bob").title == "Did you meet?"


async def test_a_4w_pace_sits_out_a_round_two_weeks_later(h: Harness) -> None:
    """bob asked for every 4w: a round two weeks after his last pairing leaves him out."""
    await h.ok("alice", "!mentor join peer")
    await h.ok("bob", "!mentor join peer --every 4w")
    await h.ok("cara", "!mentor join peer")
    await h.ok("dan", "!mentor join peer")
    await h.ok("fran", "!mentor round")
    for name in ("alice", "bob", "cara", "dan"):
        await press(h, name, last(h, name), "Accept")
    await h.wait(timedelta(weeks=2))
    plan = await h.ok("fran", "!mentor round --dry-run")
    assert "bob" not in plan.body and "alice" in plan.body
    await h.wait(timedelta(weeks=2))
    assert "bob" in (await h.ok("fran", "!mentor round --dry-run")).body


@pytest.mark.sqlite_file  # a release 0.1.0 SQLite file
async def test_a_release_0_1_0_database_takes_mentoring(tmp_path: Path) -> None:
    """The 0.1.0 file upgrades; its members can opt in and be paired."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    old = await Harness(path).start()
    try:
        old.as_role("fran", Role.FACILITATOR)
        await old.ok("alice", "!mentor join mentee")
        await old.ok("bob", "!mentor join mentor")
        await old.ok("fran", "!mentor round")
        assert old.rows("SELECT state FROM mentoring_pairings") == [("proposed",)]
        assert old.rows("SELECT count(*) FROM polls") != [(0,)]
    finally:
        await old.close()
