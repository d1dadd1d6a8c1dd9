"""Ideas on the way to a decision: polls that meet a changed idea, stale looks, privacy."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.core.events import ThreadMessage
from bot.core.model import Role, User
from cogs.polls import PollClosed
from storage.ideas import IdeaRepository
from tests.cogs.ideas_group import ideas_group, threads
from tests.harness import GROUP_ID, START, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice, bob and carol are participants; fran is a facilitator who has used the bot."""
    return await ideas_group(harness)


def stale_notes(h: Harness, who: str) -> list[str]:
    """The "not forgotten" notes someone received."""
    return [r.body for r in h.dms(who) if "has not been forgotten" in r.body]


async def test_a_poll_passing_after_the_author_withdrew_leaves_the_idea_withdrawn(
    h: Harness,
) -> None:
    """A withdrawn idea is not adopted by its poll closing later; its thread says why."""
    await h.ok("alice", '!idea add "Move meetings to Tuesday"')
    await h.ok("fran", "!idea poll 1")
    await h.ok("bob", "!poll vote 1 agree")
    await h.ok("alice", "!idea withdraw 1")
    await h.ok("fran", "!poll close 1")
    assert h.rows("SELECT status FROM ideas") == [("withdrawn",)]
    assert threads(h, 1)[-1].endswith("The idea is withdrawn now, so it stays so.")
    assert h.rows("SELECT poll_done FROM ideas") == [(1,)]


async def test_a_repeated_poll_closed_moves_the_idea_once(h: Harness) -> None:
    """poll_closed heard twice (at-least-once) adds no second history line or thread line."""
    await h.ok("alice", '!idea add "Move meetings to Tuesday"')
    await h.ok("fran", "!idea poll 1")
    await h.ok("bob", "!poll vote 1 agree")
    await h.ok("fran", "!poll close 1")
    history = h.rows("SELECT status FROM idea_history")
    said = list(h.shell.said.threads)
    again = PollClosed(1, GROUP_ID, "consent", "Adopt idea 1", 1, (), "passed", ())
    await h.bot.emit(again)
    assert h.rows("SELECT status FROM idea_history") == history
    assert history[-1] == ("adopted",) and h.shell.said.threads == said


async def test_a_single_choice_poll_records_its_winner_in_the_history(h: Harness) -> None:
    """A single poll on an idea leaves its status alone and shows the winner in the history."""
    await h.ok("alice", '!idea add "A later start for evening meetings"')
    await h.ok("fran", "!idea poll 1 6pm 7pm --kind single")
    await h.ok("bob", "!poll vote 1 2")
    await h.ok("fran", "!poll close 1")
    assert h.rows("SELECT status FROM ideas") == [("discussing",)]
    assert threads(h, 1)[-1] == "Poll 1 chose: 7pm"
    assert "poll 1 chose 7pm" in (await h.ok("bob", "!idea show 1")).body


async def test_a_second_poll_waits_for_the_first_to_close(h: Harness) -> None:
    """While an idea's poll is open, another is refused; once it closed, a new one opens."""
    await h.ok("alice", '!idea add "Move meetings to Tuesday"')
    await h.ok("fran", "!idea poll 1")
    await h.refused("fran", "!idea poll 1", "already has poll 1 open")
    await h.ok("bob", '!poll vote 1 block --reason "I work Tuesdays"')
    await h.ok("fran", "!poll close 1")
    await h.ok("fran", "!idea poll 1")
    assert h.rows("SELECT poll_id, poll_done FROM ideas") == [(2, 0)]


async def test_talk_in_the_thread_puts_the_stale_note_off_but_not_for_ever(h: Harness) -> None:
    """A message on day 5 delays the note to a full quiet period after it; then it comes."""
    await h.ok("olivia", "!settings set idea_stale_days 7")
    await h.ok("alice", '!idea add "Free tea"')
    await h.wait(timedelta(days=5))
    await h.bot.emit(ThreadMessage(GROUP_ID, "idea:1", "bob", h.clock.now()))
    await h.wait(timedelta(days=3))  # day 8: quiet for only 2 days
    assert stale_notes(h, "alice") == []
    await h.wait(timedelta(days=5))  # day 13: quiet since day 6 for 7 days
    assert len(stale_notes(h, "alice")) == 1
    pending = "SELECT count(*) FROM scheduled WHERE kind = 'idea_stale' AND done_at IS NULL"
    assert h.rows(pending) == [(1,)]


async def test_each_idea_has_one_stale_look_pending_however_often_it_moves(h: Harness) -> None:
    """Status changes re-arm the look instead of piling up rows that each nudge."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", '!idea status 1 parked --reason "After the budget"')
    await h.ok("fran", "!idea status 1 discussing")
    pending = "SELECT count(*) FROM scheduled WHERE kind = 'idea_stale' AND done_at IS NULL"
    assert h.rows(pending) == [(1,)]
    await h.wait(timedelta(days=22))
    assert len(stale_notes(h, "alice")) == 1


async def test_a_shorter_stale_period_counts_for_ideas_already_open(h: Harness) -> None:
    """Lowering idea_stale_days flags an idea proposed under the old period, after a restart."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("olivia", "!settings set idea_stale_days 3")
    await h.restart()
    await h.wait(timedelta(days=3, hours=1))
    assert len(stale_notes(h, "alice")) == 1


async def test_an_anonymous_idea_does_not_count_its_author_as_taking_part(h: Harness) -> None:
    """The digest's participation cannot point at who proposed an anonymous idea."""
    await h.ok("alice", '!idea add "Pay carers for meeting time" --anonymous')
    await h.ok("bob", '!idea add "A bike rack"')
    took_part = await h.bot.features.activity(GROUP_ID, START, START + timedelta(days=1))
    assert {a.user_id for a in took_part if a.kind == "proposed an idea"} == {"bob"}


async def test_a_close_idea_of_your_own_offers_an_edit_not_support(h: Harness) -> None:
    """The author is not offered to support their own idea (which is refused)."""
    await h.ok("alice", '!idea add "Open the drop-in on Saturdays"')
    reply = await h.ok("alice", '!idea add "Could the drop-in open on Saturday mornings?"')
    assert "Your own idea 1" in reply.body and "!idea edit 1" in reply.body
    assert [a.label for a in reply.actions] == ["Post anyway"]


async def test_two_answers_at_once_move_the_idea_once(h: Harness) -> None:
    """The second of two racing answers finds the idea moved and changes nothing."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("fran", "!idea status 1 discussing")
    repo = IdeaRepository(h.bot.db.reader)
    async with h.bot.db.transaction() as tx:
        moved = await repo.set_status(tx, 1, "proposed", "parked", "late", START, "fran")
    assert moved is False
    assert h.rows("SELECT status FROM ideas") == [("discussing",)]
    assert h.rows("SELECT count(*) FROM idea_history") == [(2,)]


async def test_an_edit_is_said_in_the_thread_and_told_to_supporters(h: Harness) -> None:
    """The thread shows the new text; supporters hear of it; the idea shows as edited."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("bob", "!idea support 1")
    await h.ok("alice", '!idea edit 1 "Free tea and coffee"')
    assert threads(h, 1)[-1] == "The idea was edited: “Free tea and coffee”"
    assert any("was edited" in r.body for r in h.dms("bob"))
    assert "*(edited)*" in (await h.ok("carol", "!idea show 1")).body


async def test_an_anonymous_author_can_withdraw_in_a_private_chat(h: Harness) -> None:
    """Withdraw typed to the bot privately runs in the idea's group; nobody sees who typed it."""
    await h.ok("alice", '!idea add "Pay carers for meeting time" --anonymous')
    await h.ok("bob", "!idea support 1")

    async def participant(_group_id: str) -> Role:
        return Role.PARTICIPANT

    alice = User("alice", "alice")
    group_id, reply = await h.bot.handle_private_text(
        "!idea withdraw 1", alice, "dm", "shell", participant
    )
    assert group_id == GROUP_ID and not reply.error
    await h.settle()
    assert h.rows("SELECT status FROM ideas") == [("withdrawn",)]
    assert threads(h, 1)[-1] == "The idea was withdrawn by its author."
    assert all("alice" not in r.body for r in h.posts + h.dms("bob"))
    _, add = await h.bot.handle_private_text('!idea add "More"', alice, "dm", "shell", participant)
    assert add.error and "!idea withdraw" in add.body


async def test_export_has_ideas_proposed_supported_and_the_steps_someone_took(h: Harness) -> None:
    """!me export: a facilitator's answers to ideas are theirs too, with the reason given."""
    await h.ok("alice", '!idea add "Free tea" --anonymous')
    await h.ok("fran", '!idea add "A bike rack"')
    await h.ok("fran", "!idea support 1")
    await h.ok("fran", '!idea status 1 discussing --reason "Let us talk"')
    data = json.loads((await h.ok("fran", "!me export")).files[0].data)
    (group,) = data["groups"]
    ideas = group["ideas"]
    assert [i["idea"] for i in ideas["proposed"]] == [2] and ideas["supporting"] == [1]
    assert [(s["idea"], s["status"], s["reason"]) for s in ideas["history"]] == [
        (2, "proposed", None),
        (1, "discussing", "Let us talk"),
    ]
    mine = json.loads((await h.ok("alice", "!me export")).files[0].data)["groups"][0]["ideas"]
    assert mine["proposed"][0]["anonymous"] is True


async def test_the_stale_note_says_who_the_digest_really_goes_to(h: Harness) -> None:
    """digest_to organisers (default), then facilitators, then the digest off: each said so."""
    await h.ok("olivia", "!settings set idea_stale_days 7")
    await h.ok("alice", '!idea add "Free tea"')
    said = "Idea 1 has had no news for 7 days. It has not been forgotten: "
    await h.wait(timedelta(days=7, hours=1))
    assert stale_notes(h, "alice") == [
        said + "it is listed for the organisers in the weekly digest."
    ]
    await h.ok("olivia", "!settings set digest_to facilitators")
    await h.wait(timedelta(days=7, hours=1))
    assert stale_notes(h, "alice")[-1] == (
        said + "it is listed for the organisers and facilitators in the weekly digest."
    )
    await h.ok("olivia", "!settings set digest_on off")
    await h.wait(timedelta(days=7, hours=1))
    assert stale_notes(h, "alice")[-1] == (
        said + "it stays open for the facilitators to answer, and `!idea list` shows it."
    )
