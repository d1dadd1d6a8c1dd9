"""A facilitator answers an idea: straight from proposed, and who hears of each step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.parts import Activity
from tests.cogs.ideas_group import ideas_group, threads
from tests.harness import GROUP_ID, START, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice proposed idea 1, "Free tea"; bob and carol support it; fran facilitates."""
    await ideas_group(harness)
    await harness.ok("alice", '!idea add "Free tea"')
    await harness.ok("bob", "!idea support 1")
    await harness.ok("carol", "!idea support 1")
    return harness


def about_idea(h: Harness, name: str) -> list[str]:
    """What someone was told privately about idea 1."""
    return [r.body for r in h.dms(name) if r.body.startswith("Idea 1 ")]


@pytest.mark.parametrize(
    ("status", "label"), [("adopted", "adopted"), ("declined", "declined"), ("parked", "parked")]
)
async def test_a_proposed_idea_is_answered_straight_away(
    h: Harness, status: str, label: str
) -> None:
    """No discussion step needed: the idea moves, with its reason, and everyone hears."""
    await h.ok("fran", f'!idea status 1 {status} --reason "Talked through at the meeting"')
    assert h.rows("SELECT status, reason FROM ideas") == [(status, "Talked through at the meeting")]
    line = f"Status: {label}. Talked through at the meeting"
    assert threads(h, 1)[-1] == line
    for name in ("alice", "bob", "carol"):
        assert about_idea(h, name) == [f"Idea 1 (“Free tea”): {line}"]


async def test_adopted_from_proposed_keeps_its_review(h: Harness) -> None:
    """--review works on an idea adopted straight from proposed: asked on the day."""
    await h.ok("fran", '!idea status 1 adopted --reason "Cheap" --review "in 30 days"')
    await h.wait(timedelta(days=30, hours=1))
    assert [r.title for r in h.dms("alice") if r.title == "Time to review an idea"] == [
        "Time to review an idea"
    ]


async def test_moving_to_discussion_tells_the_author_not_every_supporter(h: Harness) -> None:
    """Under discussion: the thread and alice hear it; bob and carol get no message."""
    await h.ok("fran", "!idea status 1 discussing")
    assert threads(h, 1)[-1] == "Status: under discussion"
    assert about_idea(h, "alice") == ["Idea 1 (“Free tea”): Status: under discussion"]
    assert about_idea(h, "bob") == [] and about_idea(h, "carol") == []


async def test_a_settled_step_needs_its_reason_from_proposed_too(h: Harness) -> None:
    """Declined with no reason is refused straight from proposed, and nothing changes."""
    await h.refused("fran", "!idea status 1 declined", "Give the reason")


async def test_moving_an_idea_counts_as_taking_part(h: Harness) -> None:
    """fran's step counts for fran; an anonymous author withdrawing their idea is not shown."""
    await h.wait(timedelta(hours=1))
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("carol", '!idea add "Pay carers for meeting time" --anonymous')
    await h.ok("carol", "!idea withdraw 2")
    cog = h.bot.cogs["Ideas"]
    active = await cog.activity(GROUP_ID, START, START + timedelta(days=1))
    moved = [a for a in active if a.kind == "moved an idea"]
    assert moved == [Activity("fran", START + timedelta(hours=1), "moved an idea")]
    assert [a.user_id for a in active if a.kind == "proposed an idea"] == ["alice"]
