"""Mentoring and people: avoid lists stay private, export and forget, the digest's totals."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.core.model import Role
from bot.core.parts import Activity
from tests.harness import START, Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice, bob, cara and dan are peers; fran facilitates."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "cara", "dan", "fran")
    for name in ("alice", "bob", "cara", "dan"):
        await harness.ok(name, '!mentor join peer --topics "housing"')
    return harness


async def accept_all(h: Harness) -> None:
    """Everyone presses Accept on their newest proposal."""
    for name in ("alice", "bob", "cara", "dan"):
        ask = [r for r in h.dms(name) if r.actions and r.actions[0].label == "Accept"]
        if ask:
            await h.ok(name, ask[-1].actions[0].as_text())


async def test_an_avoided_pair_is_never_made_and_never_named(h: Harness) -> None:
    """alice avoids bob: in 5 rounds they are never proposed, and no message mentions it."""
    said = await h.ok("alice", "!mentor avoid @bob")
    assert said.private and "Nobody is ever told" in said.body
    for _ in range(5):
        await h.ok("fran", "!mentor round")
        await h.wait(timedelta(days=3))
    people: dict[int, list[str]] = {}
    for pairing_id, user_id in h.rows("SELECT pairing_id, user_id FROM mentoring_pair_people"):
        people.setdefault(pairing_id, []).append(user_id)
    pairs = [",".join(sorted(names)) for names in people.values()]
    assert pairs and "alice,bob" not in pairs
    everything = [r.body for _, r in h.shell.said.dms] + [r.body for r in h.posts]
    everything += [r.body for who, r in h.shell.said.answers if who != "alice"]
    assert not any("avoid" in text for text in everything)


async def test_export_has_the_opt_in_pairings_and_own_avoids_not_who_avoids_you(
    h: Harness,
) -> None:
    """bob's export shows his opt-in and pairing, and nothing of alice avoiding him."""
    await h.ok("alice", "!mentor avoid @bob")
    await h.ok("bob", "!mentor avoid @dan")
    await h.ok("fran", "!mentor round")
    await accept_all(h)
    data = json.loads((await h.ok("bob", "!me export")).files[0].data)
    part = data["groups"][0]["mentoring"]
    assert part["opt_in"]["role"] == "peer" and part["avoiding"] == ["dan"]
    assert part["pairings"][0]["your_answer"] == "accept"
    assert "alice" not in json.dumps(part["avoiding"])


async def test_forget_leaves_pairings_as_counts_only(h: Harness) -> None:
    """After alice is forgotten no table names her; the digest still counts her pairing."""
    await h.ok("alice", "!mentor avoid @bob")
    await h.ok("cara", "!mentor avoid @alice")
    await h.ok("alice", '!mentor concern "hard to meet"')
    await h.ok("fran", "!mentor round")
    await accept_all(h)
    await h.wait(timedelta(days=7))
    for name in ("alice", "bob", "cara", "dan"):
        checks = [r for r in h.dms(name) if r.title == "Did you meet?"]
        await h.ok(name, checks[-1].actions[0].as_text())
    done = await h.ok("alice", "!me forget confirm")
    told = "\n".join(f.value for f in done.fields)
    assert "your avoid list (1)" in told and "counts only" in told
    for table, rows in h.snapshot().items():
        assert "alice" not in repr(rows), f"{table} still holds alice"
    cog = h.bot.cogs["Mentoring"]
    (section,) = await cog.digest("shell:local", START, START + timedelta(days=30))
    assert {f.label: f.value for f in section.figures} == {
        "pairings proposed": 2,
        "accepted by both": 2,
        "met": 2,
        "ended early": 0,
    }


async def test_the_digest_counts_without_names(h: Harness) -> None:
    """Made, accepted, met and ended early are totals; no line names anyone."""
    await h.ok("fran", "!mentor round")
    await accept_all(h)
    await h.ok("alice", "!mentor end")
    await h.ok("bob", '!mentor concern "worried"')
    cog = h.bot.cogs["Mentoring"]
    (section,) = await cog.digest("shell:local", START, START + timedelta(days=1))
    figures = {f.label: f.value for f in section.figures}
    assert figures["ended early"] == 1 and figures["pairings proposed"] == 2
    assert "concerns waiting for an organiser: 1" in "\n".join(section.lines)
    assert not any(n in "\n".join(section.lines) for n in ("alice", "bob", "cara", "dan"))
    active = await cog.activity("shell:local", START, START + timedelta(days=1))
    assert {a.user_id for a in active} == {"alice", "bob", "cara", "dan", "fran"}  # fran ran it


async def test_a_pause_keeps_someone_out_until_it_ends(h: Harness) -> None:
    """dan pauses 2w: the next round leaves him out; after 2 weeks he is back in."""
    await h.ok("dan", "!mentor pause 2w")
    await h.ok("fran", "!mentor round")
    assert h.rows("SELECT count(*) FROM mentoring_pair_people WHERE user_id = 'dan'") == [(0,)]
    await h.wait(timedelta(days=15))
    await h.ok("fran", "!mentor round")
    assert h.rows("SELECT count(*) FROM mentoring_pair_people WHERE user_id = 'dan'") == [(1,)]


async def test_joining_mentoring_counts_as_taking_part(h: Harness) -> None:
    """The four joined at START: the digest's activity has each joining then, once."""
    cog = h.bot.cogs["Mentoring"]
    active = await cog.activity("shell:local", START, START + timedelta(days=1))
    assert sorted(active, key=lambda a: a.user_id) == [
        Activity(name, START, "joined mentoring") for name in ("alice", "bob", "cara", "dan")
    ]
    later = await cog.activity("shell:local", START + timedelta(days=1), START + timedelta(days=2))
    assert later == []


async def test_running_a_round_counts_as_taking_part_and_is_forgotten(h: Harness) -> None:
    """fran runs a round: it counts for her, is in her export, and goes with her forget."""
    await h.wait(timedelta(hours=2))
    await h.ok("fran", "!mentor round")
    cog = h.bot.cogs["Mentoring"]
    ran_at = START + timedelta(hours=2)
    active = await cog.activity("shell:local", START, START + timedelta(days=1))
    assert [a for a in active if a.user_id == "fran"] == [
        Activity("fran", ran_at, "ran a pairing round")
    ]
    data = json.loads((await h.ok("fran", "!me export")).files[0].data)
    assert data["groups"][0]["mentoring"]["rounds_run"] == [ran_at.isoformat()]
    await h.ok("fran", "!me forget confirm")
    for table, rows in h.snapshot().items():
        assert "'fran'" not in repr(rows), f"{table} still holds fran"
    assert h.rows("SELECT count(*) FROM mentoring_rounds") == [(1,)]


async def test_a_scheduled_round_counts_for_nobody(h: Harness) -> None:
    """mentoring_every 1w: the round at 10:00 was run by the bot, so nobody is credited."""
    await h.ok("olivia", "!settings set mentoring_every 1w")
    await h.wait(timedelta(hours=1, minutes=1))
    assert h.rows("SELECT count(*) FROM mentoring_rounds") == [(1,)]
    cog = h.bot.cogs["Mentoring"]
    active = await cog.activity("shell:local", START, START + timedelta(days=1))
    assert [a.kind for a in active if a.kind == "ran a pairing round"] == []
