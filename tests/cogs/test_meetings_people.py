"""What meetings keep about a person: all of it in `!me export`, none of it after `!me forget`."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.core.model import Role
from tests.harness import GROUP_ID, START, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """Meeting 1 on Tuesday 18:00; plan 1 with Tuesday and Wednesday 18:00; fran facilitates."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    await harness.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await harness.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00"')
    return harness


def meetings_part(reply: object) -> object:
    """The meetings part of a `!me export` file."""
    (file,) = reply.files  # type: ignore[attr-defined]
    (group,) = json.loads(file.data)["groups"]
    return group.get("meetings")


async def test_export_holds_every_answer_and_entry(h: Harness) -> None:
    """The RSVP, both answers to finding a time, and the logged hour are all in the export."""
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("alice", "!meeting avail 1 1=yes 2=if need be")
    await h.ok("alice", '!contrib log 1h "flyers"')
    assert meetings_part(await h.ok("alice", "!me export")) == {
        "rsvps": [{"meeting": 1, "occurrence": "2026-12-01T18:00", "answer": "going"}],
        "plan_answers": [
            {"plan": 1, "slot": 1, "starts_at": "2026-12-01T18:00:00+00:00", "answer": "yes"},
            {"plan": 1, "slot": 2, "starts_at": "2026-12-02T18:00:00+00:00", "answer": "maybe"},
        ],
        "meetings_set_up": [],
        "plans_set_up": [],
        "contributions": [
            {"number": 1, "minutes": 60, "what": "flyers", "state": "pending",
             "worked_at": "2026-11-30T09:00:00+00:00"},
        ],
    }  # fmt: skip


async def test_answers_to_finding_a_time_alone_are_exported(h: Harness) -> None:
    """Someone who only answered a plan is told what is kept, not that nothing is."""
    await h.ok("bob", "!meeting avail 1 2=no")
    assert meetings_part(await h.ok("bob", "!me export")) == {
        "rsvps": [],
        "plan_answers": [
            {"plan": 1, "slot": 2, "starts_at": "2026-12-02T18:00:00+00:00", "answer": "no"}
        ],
        "meetings_set_up": [],
        "plans_set_up": [],
        "contributions": [],
    }


async def test_forget_erases_rsvps_and_answers_to_finding_a_time(h: Harness) -> None:
    """After `!me forget` no meetings table holds alice, and she is told what went, counted."""
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("alice", "!meeting avail 1 1=yes 2=no")
    await h.ok("bob", "!meeting avail 1 1=no")
    assert len(h.rows("SELECT * FROM meeting_plan_answers WHERE user_id = 'alice'")) == 2
    told = await h.ok("alice", "!me forget confirm")
    (ours,) = [f.value for f in told.fields if f.name == "meetings"]
    assert ours == "- erased: 1 meeting answer\n- erased: 2 answers to finding a time"
    for table in ("meeting_rsvps", "meeting_plan_answers", "contrib_entries"):
        assert h.rows(f"SELECT * FROM {table} WHERE user_id = 'alice'") == [], table
    assert h.rows("SELECT user_id, answer FROM meeting_plan_answers") == [("bob", "no")]


async def test_facilitating_counts_as_taking_part(h: Harness) -> None:
    """fran set up a meeting and a plan, alice answered it: the digest sees both take part."""
    await h.ok("alice", "!meeting avail 1 1=yes 2=no")
    found = await h.bot.features.activity(GROUP_ID, START - timedelta(days=7), START)
    assert sorted((a.user_id, a.kind, a.at) for a in found) == [
        ("alice", "answered a plan", START),
        ("fran", "set up a meeting", START),
        ("fran", "set up a plan", START),
    ]


async def test_who_set_up_a_meeting_is_exported_and_forgotten(h: Harness) -> None:
    """fran's export names the meeting and plan she set up; after forget, no row names her."""
    assert meetings_part(await h.ok("fran", "!me export")) == {
        "rsvps": [], "plan_answers": [], "meetings_set_up": [1], "plans_set_up": [1],
        "contributions": [],
    }  # fmt: skip
    await h.ok("fran", "!me forget confirm")
    assert h.rows("SELECT created_by FROM meetings") == [(None,)]
    assert h.rows("SELECT created_by FROM meeting_plans") == [(None,)]
