"""Ideas: propose, a similar-idea check, support, a thread, status with reasons, a poll, review."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.events import ThreadMessage
from tests.cogs.ideas_group import ideas_group, threads
from tests.harness import GROUP_ID, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice, bob and carol are participants; fran is a facilitator who has used the bot."""
    return await ideas_group(harness)


async def test_the_whole_path_from_idea_to_adopted(h: Harness) -> None:
    """Add, support, discuss, a consent poll in its thread passes, the idea is adopted."""
    answer = await h.ok("alice", '!idea add "Open the drop-in on Saturday mornings"')
    assert answer.private and "Idea 1 is posted" in answer.body
    posted = h.posts[-1]
    assert posted.title == "Idea 1" and posted.actions[0].as_text() == "!idea toggle 1"
    assert h.shell.said.threads == [] and posted.thread and posted.thread.startswith("Idea 1:")
    await h.ok("bob", "!idea support 1")
    await h.shell.line(":as carol")
    await h.shell.line("1")  # carol presses Support on the idea
    assert h.rows("SELECT user_id FROM idea_supports ORDER BY user_id") == [("bob",), ("carol",)]
    await h.ok("fran", "!idea status 1 discussing")
    assert threads(h, 1)[-1] == "Status: under discussion"
    await h.ok("fran", "!idea poll 1")
    (poll,) = [r for where, r in h.shell.said.threads if (r.title or "").startswith("Poll 1")]
    assert poll.title == "Poll 1: Adopt idea 1: Open the drop-in on Saturday mornings"
    for who in ("alice", "bob", "carol"):
        await h.ok(who, "!poll vote 1 agree")
    await h.ok("fran", "!poll close 1")
    assert h.rows("SELECT status FROM ideas WHERE id = 1") == [("adopted",)]
    assert "consent decision passed" in threads(h, 1)[-1]
    told = [r.body for r in h.dms("bob") if "Idea 1" in r.body]
    assert any("adopted" in body for body in told)
    shown = await h.ok("bob", "!idea show 1")
    assert "adopted" in shown.body and "under discussion by fran" in shown.body


async def test_a_similar_open_idea_is_offered_first(h: Harness) -> None:
    """A paraphrase of an open idea shows it with Support that one / Post anyway."""
    await h.ok("alice", '!idea add "Open the drop-in on Saturdays"')
    before = h.snapshot()
    reply = await h.ok("bob", '!idea add "Could the drop-in centre open on Saturday mornings?"')
    assert reply.title == "A similar idea is open" and h.snapshot() == before
    support, anyway = reply.actions
    assert support.as_text() == "!idea support 1"
    assert anyway.as_text().endswith("--anyway")
    await h.ok("bob", anyway.as_text())
    assert h.rows("SELECT count(*) FROM ideas") == [(2,)]


async def test_anonymous_ideas_name_nobody_but_reach_their_author(h: Harness) -> None:
    """Nobody, facilitators included, sees who proposed it; the author still hears of changes."""
    await h.ok("alice", '!idea add "Pay carers for meeting time" --anonymous')
    shown = await h.ok("fran", "!idea show 1")
    assert "alice" not in shown.body and "someone in the group" in shown.body
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", '!idea status 1 declined --reason "No budget this year"')
    assert any("No budget this year" in r.body for r in h.dms("alice"))
    assert all("alice" not in r.body for r in h.posts)


async def test_a_blocked_decision_goes_back_to_discussion_with_the_reasons(h: Harness) -> None:
    """A block sends the idea back to discussing and puts the reason in its thread."""
    await h.ok("alice", '!idea add "Move meetings to Tuesday"')
    await h.ok("fran", "!idea poll 1")
    assert h.rows("SELECT status FROM ideas") == [("discussing",)]
    await h.ok("bob", '!poll vote 1 block --reason "I work Tuesdays"')
    await h.ok("fran", "!poll close 1")
    assert h.rows("SELECT status FROM ideas") == [("discussing",)]
    assert "I work Tuesdays" in threads(h, 1)[-1]


async def test_a_review_is_asked_for_after_a_restart_and_recorded(h: Harness) -> None:
    """Adopted with --review: on the day, facilitators and the author get Keep/Change/Drop."""
    await h.ok("alice", '!idea add "A quiet room on drop-in days"')
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", '!idea status 1 adopted --reason "Room 2 is free" --review "in 30 days"')
    await h.restart()
    await h.wait(timedelta(days=30, hours=1))
    (ask,) = [r for r in h.dms("alice") if r.title == "Time to review an idea"]
    assert [a.label for a in ask.actions] == ["Keep", "Change", "Drop"]
    assert [r for r in h.dms("fran") if r.title == "Time to review an idea"]
    await h.ok("alice", ask.actions[0].as_text())
    assert h.rows("SELECT review_outcome FROM ideas") == [("keep",)]


async def test_list_sorts_by_support_new_and_thread_activity(h: Harness) -> None:
    """--sort active counts thread messages (never their text) over the last 14 days."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("bob", '!idea add "A bike rack"')
    await h.ok("carol", "!idea support 1")
    by_support = await h.ok("bob", "!idea list")
    assert by_support.body.index("Free tea") < by_support.body.index("A bike rack")
    for _ in range(3):
        await h.bot.emit(ThreadMessage(GROUP_ID, "idea:2", "carol", h.clock.now()))
    active = await h.ok("bob", "!idea list --sort active")
    assert active.body.index("A bike rack") < active.body.index("Free tea")
    assert "3 messages in 14 days" in active.body
    assert h.rows("SELECT messages FROM idea_thread_days WHERE idea_id = 2") == [(3,)]


async def test_forget_unnames_ideas_and_drops_supports(h: Harness) -> None:
    """An idea of a forgotten author stays without a name; their supports leave the counts."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("bob", '!idea add "A bike rack"')
    await h.ok("alice", "!idea support 2")
    await h.ok("alice", "!me forget confirm")
    for table, rows in h.snapshot().items():
        assert "'alice'" not in repr(rows), f"{table} still holds alice"
    assert h.rows("SELECT count(*) FROM idea_supports") == [(0,)]
    assert "someone in the group" in (await h.ok("bob", "!idea show 1")).body


async def test_an_idea_nobody_answers_is_flagged_and_its_author_told(h: Harness) -> None:
    """After idea_stale_days with no news the author hears it is not forgotten."""
    await h.ok("olivia", "!settings set idea_stale_days 7")
    await h.ok("alice", '!idea add "Free tea"')
    await h.wait(timedelta(days=21, hours=1))
    assert any("has not been forgotten" in r.body for r in h.dms("alice"))


async def test_list_counts_each_ideas_own_supports(h: Harness) -> None:
    """Supports 1, 0 and 2: the list shows each idea's own count, most supported first."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("bob", '!idea add "A bike rack"')
    await h.ok("carol", '!idea add "Large-print agendas"')
    await h.ok("bob", "!idea support 1")
    await h.ok("alice", "!idea support 3")
    await h.ok("bob", "!idea support 3")
    listed = await h.ok("fran", "!idea list")
    assert listed.body.splitlines() == [
        "**3**: Large-print agendas (proposed, 2 supporters)",
        "**1**: Free tea (proposed, 1 supporter)",
        "**2**: A bike rack (proposed, 0 supporters)",
    ]
