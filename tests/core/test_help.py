"""`!help`: what you can do, by task, for your role; whole descriptions; internal commands kept out."""

from __future__ import annotations

import pytest

from bot.core.model import Reply, Role
from tests.harness import Harness


def listed(reply: Reply) -> str:
    """Every field of a help answer, as one text."""
    return "\n".join(f"## {f.name}\n{f.value}" for f in reply.fields)


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice takes part, fran facilitates, olivia organises."""
    harness.as_role("alice", Role.PARTICIPANT)
    harness.as_role("fran", Role.FACILITATOR)
    return harness


async def test_a_participant_sees_their_tasks_only(h: Harness) -> None:
    """alice sees voting and ideas under their tasks, and nothing only facilitators may do."""
    reply = await h.ok("alice", "!help")
    text = listed(reply)
    assert reply.title == "Commands for a participant, by task"
    assert "## Vote and decide\n" in text and "`!poll vote`: Vote in a poll" in text
    assert "## Propose and back ideas\n" in text and "`!idea add`:" in text
    for theirs in ("!poll voters", "!mentor round", "!contrib report", "!idea status"):
        assert f"`{theirs}`" not in text
    assert "Facilitators and organisers can do more." in reply.body


async def test_an_organiser_sees_every_task(h: Harness) -> None:
    """olivia's help has the organisers' and facilitators' commands too."""
    text = listed(await h.ok("olivia", "!help"))
    for command in ("!mentor round", "!contrib report", "!poll voters", "!digest now"):
        assert f"`{command}`:" in text


async def test_commands_buttons_run_are_not_listed_but_still_work(h: Harness) -> None:
    """`came` and `toggle` are in no list, yet the Support button's `!idea toggle` works."""
    everything = listed(await h.ok("olivia", "!help"))
    meeting = (await h.ok("olivia", "!help meeting")).body
    idea = (await h.ok("olivia", "!help idea")).body
    for hidden in ("meeting came", "idea toggle"):
        assert hidden not in everything and hidden not in meeting and hidden not in idea
    await h.ok("alice", '!idea add "Free bus passes"')
    await h.ok("bob", "!idea toggle 1")
    assert h.rows("SELECT user_id FROM idea_supports") == [("bob",)]


async def test_no_description_is_cut(h: Harness) -> None:
    """`!me forget` reads as a whole sentence, and no list field passes 1,024 characters."""
    reply = await h.ok("olivia", "!help")
    assert "`!me forget`: Erase yourself from this group: your profile, membership, reminders " in (
        listed(reply)
    )
    assert all(len(f.value) <= 1024 for f in reply.fields)
    assert "every feature's." not in listed(reply)
    assert any(f.name == "Pair up for mentoring (continued)" for f in reply.fields)


async def test_every_description_fits_where_it_is_shown(h: Harness) -> None:
    """Each description is one sentence of at most 100 characters (Discord's), so none is cut."""
    for name, spec in h.bot.commands.items():
        assert len(spec.description) <= 100 and spec.description.endswith((".", ")")), name
