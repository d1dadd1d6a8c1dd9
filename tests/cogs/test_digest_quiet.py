"""Who the digest says has gone quiet, who is new, and what counts as taking part."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.model import Reply, Role
from tests.harness import Harness

QUIET = "Gone quiet: no action in 3 weeks"
NEW = "New, not started yet: joined in the last 3 weeks"


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice, bob (service users), carol (not said) and fran (provider, a facilitator)."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "fran")
    await harness.ok("olivia", '!settings set constituencies "service user, provider"')
    for who, side in (("alice", "service user"), ("bob", "service user"), ("fran", "provider")):
        await harness.ok(who, f'!me constituency "{side}"')
    return harness


def names(reply: Reply, heading: str) -> list[str]:
    """The names listed under a heading of the digest (none if it has no such field)."""
    found = [f.value for f in reply.fields if f.name == heading]
    return found[0].split(", ") if found else []


async def test_a_group_one_day_old_says_nobody_has_gone_quiet(harness: Harness) -> None:
    """A day after the start the organiser is not "gone quiet": nobody has had 3 weeks to."""
    h = harness
    await h.join("alice")
    await h.ok("olivia", '!settings set constituencies "service user, provider"')
    await h.wait(timedelta(days=1))
    reply = await h.ok("olivia", "!digest now")
    assert [f.name for f in reply.fields if f.name.startswith("Gone quiet")] == []
    assert names(reply, NEW) == ["alice", "olivia"]


async def test_an_organiser_who_starts_a_poll_on_day_one_has_taken_part(harness: Harness) -> None:
    """Creating a poll is facilitating, which counts: olivia is in neither list, alice is new."""
    h = harness
    await h.join("alice")
    await h.ok("olivia", '!poll create "Which evening?" Mon Tue')
    await h.wait(timedelta(days=1))
    reply = await h.ok("olivia", "!digest now")
    assert names(reply, QUIET) == [] and names(reply, NEW) == ["alice"]
    weekly = next(f.value for f in reply.fields if f.name == "Actions per week")
    assert weekly == "not said: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1"


async def test_creating_polls_counts_for_the_facilitators_side(h: Harness) -> None:
    """Four weeks on, fran creates two polls (one anonymous): she is active, not quiet."""
    await h.wait(timedelta(weeks=4))
    await h.ok("fran", '!poll create "Which evening?" Mon Tue')
    await h.ok("fran", '!poll create "Secret?" yes no --anonymous')
    reply = await h.ok("olivia", "!digest now")
    assert names(reply, QUIET) == ["alice", "bob", "carol", "olivia"]
    parity = next(f.value for f in reply.fields if f.name.startswith("Participation"))
    assert parity.splitlines()[0] == (
        "provider: 1 member (20%), 1 active in 4 weeks, 100% of this week's actions"
    )


async def test_a_quiet_member_who_joined_lately_is_new_not_gone_quiet(h: Harness) -> None:
    """carol, here for a month, has gone quiet; dana, who came yesterday, is new."""
    await h.wait(timedelta(days=30))
    await h.join("dana")
    await h.wait(timedelta(days=1))
    reply = await h.ok("olivia", "!digest now")
    assert "carol" in names(reply, QUIET) and "dana" not in names(reply, QUIET)
    assert names(reply, NEW) == ["dana"]


async def test_new_means_joined_within_the_three_quiet_weeks(h: Harness) -> None:
    """dana came 20 days before the digest and is new; erin came 22 days before and is not."""
    await h.wait(timedelta(weeks=4))  # the fixture's members are long past new
    await h.join("erin")
    await h.wait(timedelta(days=2))
    await h.join("dana")
    await h.wait(timedelta(days=20))
    reply = await h.ok("olivia", "!digest now")
    assert names(reply, QUIET) == ["alice", "bob", "carol", "erin", "fran", "olivia"]
    assert names(reply, NEW) == ["dana"]


async def test_someone_with_nudges_off_is_never_listed(h: Harness) -> None:
    """bob and dana turned nudges off: however quiet or new, the digest names neither."""
    await h.ok("bob", "!me nudges off")
    await h.wait(timedelta(weeks=4))
    await h.join("dana", "erin")
    await h.ok("dana", "!me nudges off")
    reply = await h.ok("olivia", "!digest now")
    # The fixture's actions were 4 weeks ago: everyone but bob has been quiet since.
    assert names(reply, QUIET) == ["alice", "carol", "fran", "olivia"]
    assert names(reply, NEW) == ["erin"]


@pytest.mark.parametrize(
    ("weeks", "heading", "file_name"),
    [(0, NEW, "new-members.txt"), (4, QUIET, "quiet-members.txt")],
)
async def test_a_long_list_shows_what_fits_and_sends_everyone_in_a_file(
    h: Harness, weeks: int, heading: str, file_name: str
) -> None:
    """120 more members: the field stays under Discord's 1,024 characters; the file has all."""
    await h.join(*(f"member-{n:03d}" for n in range(120)))
    await h.wait(timedelta(weeks=weeks))
    reply = await h.ok("olivia", "!digest now")
    shown = next(f.value for f in reply.fields if f.name == heading)
    assert len(shown) <= 1024 and f"more: all 125 are in {file_name}" in shown
    (listing,) = [f for f in reply.files if f.name == file_name]
    listed = listing.data.decode().splitlines()
    assert len(listed) == 125 and {"member-000", "member-119", "bob", "carol"} <= set(listed)
    first = shown.split(" and ")[0].split(", ")
    assert first == listed[: len(first)]
