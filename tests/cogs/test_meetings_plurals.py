"""One and many read right in every meetings sentence: "1 hour", "2 hours", never "(s)"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """A one-hour meeting on Tuesday 18:00; alice is a service user; fran facilitates."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    await harness.ok("olivia", '!settings set constituencies "service user, provider"')
    await harness.ok("alice", '!me constituency "service user"')
    await harness.ok("fran", '!meeting add "Steering group" "tuesday 18:00" --length 1h')
    return harness


async def test_one_hour_is_an_hour_everywhere(h: Harness) -> None:
    """Logged, recorded, in `!contrib me` and in the report's summary: "1 hour"."""
    logged = await h.ok("alice", '!contrib log 1h "flyers"')
    assert logged.body == "Entry 1: 1 hour, waiting for a facilitator."
    await h.wait(timedelta(days=1, hours=9, minutes=30))  # Tuesday 18:30
    recorded = await h.ok("fran", "!meeting attended 1 @alice")
    assert recorded.body.endswith("alice (1 hour each, confirmed).")
    mine = await h.ok("alice", "!contrib me")
    assert mine.body.split("\n") == [
        "November 2026: 0 hours confirmed, 1 hour waiting",
        "December 2026: 1 hour confirmed, 0 hours waiting",
    ]
    report = await h.ok("olivia", "!contrib report --from 2026-11-01 --to 2026-12-31")
    assert report.body == "service user: 1 confirmed hour"


async def test_a_one_minute_meeting_and_one_time_offered(h: Harness) -> None:
    """A meeting of 1 minute says "1 minute"; the list says how many times a plan offers."""
    added = await h.ok("fran", '!meeting add Check-in "wednesday 09:00" --length 1m')
    assert {f.name: f.value for f in added.fields}["Length"] == "1 minute"
    await h.ok("fran", '!meeting plan Budget "thu 18:00" "fri 18:00"')
    listed = await h.ok("bob", "!meeting list")
    assert "**Plan 1**: Budget, 2 times offered (`!meeting times 1`)" in listed.body


async def test_forgetting_counts_one_and_many(h: Harness) -> None:
    """Forget tells "1 meeting answer" and "1 unconfirmed contribution entry"."""
    await h.ok("bob", "!meeting rsvp 1 going")
    await h.ok("bob", '!contrib log 2h "survey"')
    told = await h.ok("bob", "!me forget confirm")
    (ours,) = [f.value for f in told.fields if f.name == "meetings"]
    assert ours == "- erased: 1 meeting answer\n- erased: 1 unconfirmed contribution entry"
