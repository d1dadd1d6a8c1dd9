"""Who came?: facilitators pick everyone who came at once (`!meeting came`), and its refusals."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.model import Choice, Reply, Role, User
from cogs.meetings._render import who_came
from storage.meetings import Meeting
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """Meeting 1 on Tuesday 18:00 for 90 minutes; fran facilitates."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "dave", "fran")
    await harness.ok("fran", '!meeting add "Steering group" "tuesday 18:00" --length 90m')
    return harness


def asked(h: Harness) -> list[Reply]:
    """The "Who came?" messages posted so far, in order."""
    return [p for p in h.posts if p.title == "Who came?"]


def picked(choice: Choice, picks: str) -> str:
    """What a platform runs when someone picks in the choice (Discord's menu, Matrix's poll)."""
    return "!" + shlex.join([*choice.command.split(), *choice.args, picks])


def hours_of(h: Harness, user_id: str) -> list[tuple[int, str]]:
    return h.rows("SELECT minutes, state FROM contrib_entries WHERE user_id = ?", user_id)


async def test_who_came_lists_those_going_or_maybe_and_records_everyone_picked(
    h: Harness,
) -> None:
    """The list is those going or maybe in a stable order; picking two records both, once."""
    for name, answer in [("carol", "maybe"), ("bob", "going"), ("alice", "going"), ("dave", "no")]:
        await h.ok(name, f"!meeting rsvp 1 {answer}")
        await h.wait(timedelta(minutes=1))  # answered in this order, listed by who they are
    await h.wait(timedelta(days=1, hours=11))  # Tuesday 20:00, after the end
    (message,) = asked(h)
    assert "`!meeting attended 1 @name @name`" in message.body
    assert message.fields[0].value == "1. alice\n2. bob\n3. carol"
    choice = message.choice
    assert choice is not None
    assert choice.options == ("alice", "bob", "carol")
    assert choice.max_selections == 3
    reply = await h.ok("fran", picked(choice, "3,1"))
    assert "carol, alice (1.5 hours each, confirmed)" in reply.body
    assert hours_of(h, "alice") == [(90, "confirmed")] == hours_of(h, "carol")
    assert hours_of(h, "bob") == []
    # Picking again, or typing the same person, does not count them twice.
    await h.ok("fran", picked(choice, "1,2"))
    await h.ok("fran", "!meeting attended 1 @alice")
    assert hours_of(h, "alice") == [(90, "confirmed")]
    assert hours_of(h, "bob") == [(90, "confirmed")]
    mine = await h.ok("alice", "!contrib me")
    assert "December 2026: 1.5 hours confirmed, 0 hours waiting" in mine.body


async def test_picking_confirms_a_self_marked_attendance_without_adding_to_it(
    h: Harness,
) -> None:
    """Someone who marked themselves here and is then picked has one confirmed entry."""
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("bob", "!meeting rsvp 1 maybe")
    await h.wait(timedelta(days=1, hours=10))  # Tuesday 19:00, during the meeting
    await h.ok("alice", "!meeting here 1")
    assert hours_of(h, "alice") == [(90, "pending")]
    await h.wait(timedelta(hours=1))
    (message,) = asked(h)
    assert message.choice is not None
    await h.ok("fran", picked(message.choice, "1"))
    assert hours_of(h, "alice") == [(90, "confirmed")]


async def test_a_series_records_the_date_asked_about_not_the_latest(h: Harness) -> None:
    """A week-old "Who came?" still records its own date, after the next one has been."""
    await h.ok("fran", '!meeting add "Drop-in" "wednesday 12:00" --length 1h --every week')
    await h.ok("alice", "!meeting rsvp 2 going")
    await h.ok("bob", "!meeting rsvp 2 going")
    await h.wait(timedelta(days=9, hours=4))  # the second Wednesday has passed too
    assert len([m for m in asked(h) if "Drop-in" in m.body]) == 2
    first = next(m for m in asked(h) if m.choice and m.choice.args[0] == "2")
    assert first.choice is not None and first.choice.args[1] == "2026-12-02T12:00"
    await h.ok("fran", picked(first.choice, "2"))
    rows = h.rows("SELECT user_id, occurrence, worked_at FROM contrib_entries")
    assert [(u, o) for u, o, _ in rows] == [("bob", "2026-12-02T12:00")]
    assert rows[0][2].startswith("2026-12-02")


async def test_past_a_menus_size_the_typed_command_is_the_way(h: Harness) -> None:
    """With more than 25 people going there is no list to pick from, and the message says so."""
    people = [f"p{n:02}" for n in range(26)]
    await h.join(*people)
    for name in people:
        await h.ok(name, "!meeting rsvp 1 going")
    await h.wait(timedelta(days=1, hours=11))
    (message,) = asked(h)
    assert message.choice is None and message.actions == ()
    assert "26 people said going or maybe, more than a menu holds (25)" in message.body
    assert "`!meeting attended 1 @name @name`" in message.body
    await h.ok("fran", "!meeting attended 1 @p00 @p25")
    assert len(h.rows("SELECT id FROM contrib_entries WHERE state = 'confirmed'")) == 2


async def test_nobody_going_still_asks_with_the_typed_command(h: Harness) -> None:
    """No answers: the message says nobody said going, and how to record those who came."""
    await h.wait(timedelta(days=1, hours=11))
    (message,) = asked(h)
    assert message.choice is None and message.actions == () and message.fields == ()
    assert "Nobody said going or maybe; type `!meeting attended 1 @name @name`" in message.body


@pytest.fixture
async def ended(h: Harness) -> Harness:
    """Meeting 1 (alice, bob going; carol can't) and meeting 2 (no answers) are over."""
    await h.ok("fran", '!meeting add "Budget" "tuesday 12:00"')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("bob", "!meeting rsvp 1 going")
    await h.ok("carol", "!meeting rsvp 1 no")
    await h.ok("fran", '!meeting add "Later" "friday 18:00"')
    await h.wait(timedelta(days=1, hours=11))  # Tuesday 20:00
    return h


REFUSALS = [
    ("alice", "!meeting came 1 2026-12-01T18:00 1,2", "for a facilitator or above"),
    ("fran", "!meeting came 1 2026-12-01T18:00 3", "1 to 2"),
    ("fran", "!meeting came 1 2026-12-01T18:00 0", "1 to 2"),
    ("fran", "!meeting came 1 2026-12-01T18:00 one", "'one' is not one of them"),
    ("fran", "!meeting came 1 2026-12-01T18:00 1,x", "'x' is not one of them"),
    ("fran", "!meeting came 1 2026-12-01T18:00 -1", "1 to 2"),
    ("fran", "!meeting came 9 2026-12-01T18:00 1", "no meeting 9"),
    ("fran", "!meeting came 1 2026-12-01T17:00 1", "no date '2026-12-01T17:00' that took place"),
    ("fran", "!meeting came 1 tuesday 1", "that took place"),
    ("fran", "!meeting came 3 2026-12-04T18:00 1", "that took place"),  # not yet
    ("fran", "!meeting came 2 2026-12-01T12:00 1", "Nobody said going or maybe"),
]


@pytest.mark.parametrize(("who", "text", "expected"), REFUSALS)
async def test_came_refusal_changes_nothing(
    ended: Harness, who: str, text: str, expected: str
) -> None:
    """Bad picks, dates or meetings, or a participant picking: a clear message, nothing recorded."""
    await ended.refused(who, text, expected)


async def test_a_list_that_shrank_since_it_was_asked_is_refused_not_misread(h: Harness) -> None:
    """bob is forgotten after the question: "3" no longer means carol, so nothing is recorded."""
    for name in ("alice", "bob", "carol"):
        await h.ok(name, "!meeting rsvp 1 going")
    await h.wait(timedelta(days=1, hours=11))
    (message,) = asked(h)
    assert message.choice is not None
    await h.ok("bob", "!me forget confirm")
    refused = await h.refused(
        "fran", picked(message.choice, "3"), "The list has changed since it was asked"
    )
    assert "!meeting attended 1 @name @name" in refused.body
    await h.ok("fran", "!meeting attended 1 @carol")  # the typed way still works
    assert hours_of(h, "carol") == [(90, "confirmed")]


async def test_with_names_hidden_who_came_goes_to_facilitators_privately(h: Harness) -> None:
    """meeting_names off: the channel never sees who said going, nor who was recorded."""
    await h.ok("olivia", "!settings set meeting_names off")
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("bob", "!meeting rsvp 1 maybe")
    await h.wait(timedelta(days=1, hours=11))  # Tuesday 20:00, after the end
    assert asked(h) == []
    assert not any("alice" in repr(p) or "bob" in repr(p) for p in h.posts)
    (message,) = [r for r in h.dms("fran") if r.title == "Who came?"]
    assert message.private and message.fields[0].value == "1. alice\n2. bob"
    assert [r.title for r in h.dms("olivia")] == ["Who came?"]  # organisers facilitate too
    assert h.dms("alice") == [] and h.dms("bob") == []
    assert message.choice is not None
    recorded = await h.ok("fran", picked(message.choice, "1,2"))
    assert recorded.private and "alice, bob (1.5 hours each, confirmed)" in recorded.body
    typed = await h.ok("fran", "!meeting attended 1 @carol")
    assert typed.private and "carol" in typed.body


async def test_with_names_shown_who_came_and_the_record_stay_in_the_channel(h: Harness) -> None:
    """meeting_names on (the default): the question is posted and the answer is public."""
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.wait(timedelta(days=1, hours=11))
    (message,) = asked(h)
    assert h.dms("fran") == []
    recorded = await h.ok("fran", message.actions[0].as_text())
    assert not recorded.private


def test_unnamed_who_came_gives_a_count_and_the_typed_command_only() -> None:
    """With names hidden and no facilitator to tell, the channel sees a count, never a name."""
    meeting = Meeting(
        id=4, group_id="g", channel_id="c", title="Budget", starts_local="2026-12-01T18:00",
        zone="UTC", minutes=60, place=None, every="", until_local=None, sequence=0,
        created_at=datetime(2026, 11, 30, tzinfo=UTC), cancelled_at=None,
    )  # fmt: skip
    start = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    reply = who_came(meeting, start, [User("a", "ann"), User("b", "bob")], named=False)
    assert "2 people said going or maybe; type `!meeting attended 4 @name @name`" in reply.body
    assert "ann" not in repr(reply) and "bob" not in repr(reply)
    assert reply.fields == () and reply.actions == () and reply.choice is None
    one = who_came(meeting, start, [User("a", "ann")], named=False)
    assert "1 person said going or maybe" in one.body
