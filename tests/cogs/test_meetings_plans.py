"""Finding a time, as the group sees it: listed, shown, best so far, and what a pick carries."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from tests.harness import Harness

TUESDAY_18 = "<t:1796148000:F>"  # 2026-12-01 18:00 UTC
WEDNESDAY_18 = "<t:1796234400:F>"  # 2026-12-02 18:00 UTC


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; alice, bob and carol answer."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "fran")
    return harness


async def test_open_plans_are_listed_beside_meetings(h: Harness) -> None:
    """`!meeting list` names each plan still finding a time, and how to see it."""
    await h.ok("fran", '!meeting add Drop-in "tue 18:00"')
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00" --closes "today 20:00"')
    listed = await h.ok("alice", "!meeting list")
    assert listed.body.split("\n") == [
        f"**1**: Drop-in, {TUESDAY_18} (0 going)",
        "",
        "Finding a time:",
        "**Plan 1**: Budget, 2 times offered, closes <t:1796068800:F> (`!meeting times 1`)",
    ]


async def test_only_plans_are_listed_when_no_meeting_is_coming(h: Harness) -> None:
    """A plan alone is still something coming up."""
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00"')
    listed = await h.ok("alice", "!meeting list")
    assert listed.body.split("\n") == [
        "Finding a time:",
        "**Plan 1**: Budget, 2 times offered (`!meeting times 1`)",
    ]


async def test_a_plan_is_shown_by_times_and_show_points_there(h: Harness) -> None:
    """`!meeting times 1` shows plan 1; `!meeting show 1` says plan 1 is there to see."""
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00"')
    shown = await h.ok("alice", "!meeting times 1")
    assert shown.title == "Finding a time 1: Budget" and shown.key is None
    assert [f.name for f in shown.fields] == [f"1. {TUESDAY_18}", f"2. {WEDNESDAY_18}"]
    await h.refused("alice", "!meeting show 1", "plan 1 is still finding a time: type "
                                                "`!meeting times 1`")  # fmt: skip


async def test_best_so_far_appears_only_once_someone_can_come(h: Harness) -> None:
    """No mark before answers, nor when everyone says no; a yes marks its slot."""
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00"')
    names = [f.name for f in (await h.ok("alice", "!meeting times 1")).fields]
    assert not any("best" in n for n in names)
    await h.ok("alice", "!meeting avail 1 1=no 2=no")
    names = [f.name for f in (await h.ok("alice", "!meeting times 1")).fields]
    assert not any("best" in n for n in names)
    await h.ok("bob", "!meeting avail 1 2=if need be")
    names = [f.name for f in (await h.ok("alice", "!meeting times 1")).fields]
    assert names == [f"1. {TUESDAY_18}", f"2. {WEDNESDAY_18} (best so far)"]
