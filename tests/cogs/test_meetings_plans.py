"""Finding a time, as the group sees it: listed, shown, best so far, and what a pick carries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.model import Role
from cogs.meetings._slots import SlotCount, sides_warning
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


@pytest.fixture
async def sides(h: Harness) -> Harness:
    """alice a service user, bob a provider, carol a carer; plan 1 on Tuesday or Wednesday.

    Tuesday: alice and bob yes, carol no. Wednesday: all three can come.
    """
    await h.ok("olivia", '!settings set constituencies "service user, provider, carer"')
    await h.ok("alice", '!me constituency "service user"')
    await h.ok("bob", "!me constituency provider")
    await h.ok("carol", "!me constituency carer")
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00" --closes "in 2 hours"')
    await h.ok("alice", "!meeting avail 1 1=yes 2=yes")
    await h.ok("bob", "!meeting avail 1 1=yes 2=if need be")
    await h.ok("carol", "!meeting avail 1 1=no 2=yes")
    return h


async def test_a_pick_carries_no_as_cant_and_warns_of_a_side_left_out(sides: Harness) -> None:
    """Picking Tuesday: carol's no becomes Can't, and fran is told privately who is missing."""
    h = sides
    picked = await h.ok("fran", "!meeting pick 1 1")
    fields = {f.name: f.value for f in picked.fields}
    assert fields["Going (2)"] == "alice, bob" and fields["Can't (1)"] == "carol"
    (warned,) = h.dms("fran")
    assert warned.body == "Nobody from carer can come to slot 1; slot 2 has every side."
    assert not any("Nobody from" in p.body for p in h.posts)


async def test_a_slot_every_side_can_come_to_warns_nobody(sides: Harness) -> None:
    """Picking Wednesday leaves no side out: no private warning."""
    await sides.ok("fran", "!meeting pick 1 2")
    assert sides.dms("fran") == []


async def test_when_a_plan_closes_by_itself_facilitators_are_warned(harness: Harness) -> None:
    """Only carol (a carer) answered: the plan picks Tuesday and warns fran and olivia."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "carol", "fran")
    await h.ok("olivia", '!settings set constituencies "service user, carer"')
    await h.ok("alice", '!me constituency "service user"')
    await h.ok("carol", "!me constituency carer")
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00" --closes "in 2 hours"')
    await h.ok("carol", "!meeting avail 1 1=yes 2=no")
    await h.wait(timedelta(hours=2))
    expected = "Nobody from service user can come to slot 1; no slot has every side."
    assert [r.body for r in h.dms("fran")] == [expected]
    assert [r.body for r in h.dms("olivia")] == [expected]


def test_the_warning_names_every_slot_that_has_every_side() -> None:
    """Two slots with every side are both named, joined with "and"."""
    full = SlotCount(1, ("a",), (), ())
    missing = SlotCount(2, (), (), ("a",), ("carer", "provider"))
    counts = [full, missing, SlotCount(3, ("a",), (), ()), SlotCount(4, ("a",), (), ())]
    assert sides_warning(counts, 2) == (
        "Nobody from carer or provider can come to slot 2; slots 1, 3 and 4 have every side."
    )
    assert sides_warning(counts, 1) is None
