"""Languages: a group's (`!settings set language`) and a person's own (`!me language`), in the shell."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.core.model import Role
from tests.harness import Harness

POLL = '!poll create "Which evening?" Monday Tuesday --closes "wednesday 18:00"'


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """An English group: alice and bob are participants, fran a facilitator."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    return harness


def said_to(h: Harness, label: str) -> list[str]:
    """The shell's lines shown under a label ('[DM to bob]', '[#general]'), label dropped."""
    return [line.split("\n", 1)[1] for line in h.lines if line.startswith(label + "\n")]


async def test_a_welsh_reader_in_an_english_group(h: Harness) -> None:
    """bob chose Welsh: his answers and reminders are Welsh, the channel stays English."""
    chosen = await h.ok("bob", "!me language cy")
    assert chosen.private
    assert chosen.body == (
        "Mae'r bot yn ysgrifennu atoch chi'n breifat yn yr iaith hon nawr: Cymraeg. Mae'r hyn "
        "mae'n ei bostio yn y grŵp yn aros yn iaith y grŵp (English)."
    )
    await h.ok("olivia", "!settings set poll_creators everyone")
    h.lines.clear()
    posted = await h.ok("bob", POLL.replace("Which evening?", "Which room?"))
    # bob asked, but a poll is for everyone: English, like the channel.
    assert not posted.private and posted.title == "Poll 1: Which room?"
    assert "Vote by typing !poll vote 1 CHOICE." in h.lines[0]
    await h.ok("fran", POLL)
    voted = await h.ok("bob", "!poll vote 2 2")
    assert voted.body == (
        "Mae eich pleidlais ym mhôl 2 wedi'i chofnodi: Tuesday. Gallwch ei newid nes i'r pôl gau."
    )
    # One vote was cast, though the command ran twice (once for bob's answer alone).
    assert h.rows("SELECT count(*) FROM ballots WHERE poll_id = 2") == [(1,)]
    assert h.rows("SELECT count(*) FROM polls") == [(2,)]
    h.lines.clear()
    await h.wait(timedelta(days=1, hours=9, minutes=1))  # Tuesday 18:01, a day before close
    assert said_to(h, "[DM to bob]") == [
        "== Mae pôl yn cau cyn bo hir ==\n"
        "Mae pôl 1, Which room?, yn cau Mer 02 Rhag 2026, 18:00 UTC (ymhen 24 awr) a dydych "
        "chi ddim wedi pleidleisio eto. Teipiwch !poll vote 1 CHOICE, neu !poll results 1 i "
        "weld yr opsiynau.\n"
        "  [1] Dangos y pôl  (!poll results 1)"
    ]
    # The same reminder, composed once more for alice, in English.
    assert said_to(h, "[DM to alice]")[0] == (
        "== A poll is closing soon ==\n"
        "Poll 1, Which room?, closes Wed 02 Dec 2026, 18:00 UTC (in 24 hours) and you have not "
        "voted yet. Type !poll vote 1 CHOICE, or !poll results 1 to see the options.\n"
        "  [1] Show the poll  (!poll results 1)"
    )


async def test_a_welsh_group_speaks_welsh_in_its_channel(h: Harness) -> None:
    """`!settings set language cy`: posts are Welsh; bob, who chose English, is answered in it."""
    await h.ok("olivia", "!settings set language cy")
    await h.ok("bob", "!me language en")
    await h.ok("fran", '!poll create "Adopt the rota?" --kind consent')
    shown = [a.label for a in h.shell.said.answers[-1][1].actions]
    assert shown == ["Cytuno", "Ymatal", "Gwrthwynebu", "Blocio", "Canlyniadau"]
    voted = await h.ok("bob", "!poll vote 1 1")
    assert voted.body == (
        "Your vote on poll 1 is in: Agree. You can change it until the poll closes."
    )
    welsh = await h.ok("alice", "!poll vote 1 2")
    assert welsh.body.startswith("Mae eich pleidlais ym mhôl 1 wedi'i chofnodi: Ymatal.")


async def test_only_languages_with_a_catalogue_are_taken(h: Harness) -> None:
    """A language with no catalogue is refused, listing those there are; nothing changes."""
    listed = "The languages there are: en (English), cy (Cymraeg)."
    await h.refused("olivia", "!settings set language fr", listed)
    await h.refused("bob", "!me language klingon", listed)
    await h.ok("olivia", "!settings set language Cymraeg")
    assert h.rows("SELECT value FROM group_settings WHERE name = 'language'") == [("cy",)]
    await h.ok("bob", "!me language welsh")
    assert h.rows("SELECT language FROM people WHERE user_id = 'bob'") == [("cy",)]


async def test_a_persons_language_is_theirs_to_see_export_and_forget(h: Harness) -> None:
    """`!me` shows it, `!me export` holds it, `none` goes back to the group's, forget erases it."""
    await h.ok("alice", "!me language cy")
    shown = {f.name: f.value for f in (await h.ok("alice", "!me")).fields}
    assert shown["Iaith"] == "Cymraeg"
    data = json.loads((await h.ok("alice", "!me export")).files[0].data)
    assert data["groups"][0]["profile"]["language"] == "cy"
    back = await h.ok("alice", "!me language none")
    assert back.body == "The bot writes to you privately in the group's language now: English."
    shown = {f.name: f.value for f in (await h.ok("alice", "!me")).fields}
    assert shown["Language"] == "English (the group's)"
    await h.ok("bob", "!me language cy")
    await h.ok("bob", "!me forget confirm")
    assert h.rows("SELECT count(*) FROM people WHERE user_id = 'bob'") == [(0,)]
