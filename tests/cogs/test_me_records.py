"""What `!me` counts as stored, and the export's own fields, worked out by hand."""

from __future__ import annotations

import json

from bot.core.model import Role
from tests.harness import Harness


async def test_stored_records_count_each_list_item_and_each_single_record(
    harness: Harness,
) -> None:
    """Two ballots are 2 records of polls; a mentoring opt-in (one record, no lists) is 1."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.ok("fran", '!poll create "Which evening?" Monday Tuesday')
    await harness.ok("fran", '!poll create "Which room?" Hall Library')
    await harness.ok("alice", "!poll vote 1 2")
    await harness.ok("alice", "!poll vote 2 1")
    await harness.ok("alice", "!mentor join mentee")
    shown = {f.name: f.value for f in (await harness.ok("alice", "!me")).fields}
    assert shown["Stored records"] == "polls: 2, mentoring: 1"


async def test_the_export_names_whom_and_when(harness: Harness) -> None:
    """The file says whose it is, when it was made and when the bot first saw them: START."""
    await harness.ok("alice", "!me timezone Europe/Paris")
    data = json.loads((await harness.ok("alice", "!me export")).files[0].data)
    assert data["user_id"] == "alice"
    assert data["exported_at"] == "2026-11-30T09:00:00+00:00"  # the harness's START
    (group,) = data["groups"]
    assert group["first_seen"] == "2026-11-30T09:00:00+00:00"
