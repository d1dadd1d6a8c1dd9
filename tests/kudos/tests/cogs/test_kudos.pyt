"""Kudos: a thank-you is shown to the group, counted in the digest and forgotten on request."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.harness import Harness

# Lines tests/cogs/test_me_forget.py adds to its everything-then-forget scenario.
FORGET_SCENARIO = (
    ("alice", "!kudos @bob for the minutes"),
    ("bob", "!kudos @alice for the tea"),
)


async def test_a_thank_you_is_said_to_the_group(harness: Harness) -> None:
    """`!kudos @bob ...` says who thanks whom for what."""
    await harness.join("alice", "bob")
    reply = await harness.ok("alice", "!kudos @bob for the minutes")
    assert reply.body == "alice thanks bob: for the minutes"


async def test_nobody_and_yourself_are_refused(harness: Harness) -> None:
    """A name nobody has, and thanking yourself, are refused and store nothing."""
    await harness.join("alice", "bob")
    await harness.refused("alice", "!kudos @zed for it", "Nobody called '@zed' is here")
    await harness.refused("alice", "!kudos @alice for it", "Thank someone else")
    assert harness.rows("SELECT count(*) FROM kudos") == [(0,)]


async def test_the_digest_counts_the_week_s_thanks(harness: Harness) -> None:
    """Two thanks in the week: the digest's Kudos section says so."""
    await harness.join("alice", "bob")
    await harness.ok("alice", "!kudos @bob for the minutes")
    await harness.ok("bob", "!kudos @alice for the tea")
    await harness.wait(timedelta(hours=1))
    digest = await harness.ok("olivia", "!digest preview")
    shown = [digest.body] + [f"{f.name}: {f.value}" for f in digest.fields]
    assert "Kudos: 2 thank-yous this week." in shown


async def test_export_and_forget(harness: Harness) -> None:
    """Export lists both sides; after `!me forget` no row names her."""
    await harness.join("alice", "bob")
    await harness.ok("alice", "!kudos @bob for the minutes")
    await harness.ok("bob", "!kudos @alice for the tea")
    exported = json.loads((await harness.ok("alice", "!me export")).files[0].data)
    mine = exported["groups"][0]["kudos"]
    assert mine == {"given": ["for the minutes"], "received": ["for the tea"]}
    await harness.ok("alice", "!me forget confirm")
    assert harness.rows("SELECT count(*) FROM kudos") == [(0,)]
