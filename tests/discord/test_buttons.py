"""Buttons, menus and the rank form: persistent custom ids that run the same commands as typing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core.model import Action, Reply
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, buttons, embed_of

STALE = (
    "That button no longer works (it may be from an older message). "
    "Use the slash commands instead: /help lists them."
)


async def poll(app: App, kind: str = "single", *labels: str) -> str:
    """Alice creates a poll; returns the id of its living message."""
    labels = labels or ("Monday", "Tuesday", "Wed")
    options: dict[str, Any] = {f"option{i}": v for i, v in enumerate(labels, 1)}
    await app.slash("poll create", question="Which evening?", kind=kind, **options)
    return str((await app.living("poll:1"))["id"])


@pytest.mark.asyncio
async def test_vote_button_runs_poll_vote(app: App) -> None:
    """A vote button's custom id holds the command; pressing it votes for the presser."""
    await poll(app)
    living = await app.living("poll:1")
    (label, custom_id), *_ = buttons(living)
    assert label == "Monday" and custom_id == f"cp:a:{p.GUILD_ID}:poll vote 1 1"
    _, reply = await app.click(custom_id, user=p.BOB_ID)
    assert reply.ephemeral and reply.content == (
        "Your vote on poll 1 is in: Monday. You can change it until the poll closes."
    )
    assert await app.rows("SELECT voter, choices FROM ballots") == [(str(p.BOB_ID), "1")]


@pytest.mark.asyncio
async def test_button_keeps_working_after_a_restart(app: App) -> None:
    """A new Bot on the same SQLite file and a new client still answer an old button."""
    await poll(app)
    custom_id = buttons(await app.living("poll:1"))[1][1]
    await app.restart()
    assert app.fd.calls("POST", r"/interactions/.*") == []
    _, reply = await app.click(custom_id, user=p.BOB_ID)
    assert reply.ephemeral and "Your vote on poll 1 is in: Tuesday." in (reply.content or "")
    await app.settle()
    turnout = embed_of(await app.living("poll:1"))["fields"][0]["value"]
    assert turnout == "1 of 3 members has voted (33%)"  # the owner, Alice and Bob


@pytest.mark.asyncio
async def test_a_click_has_the_same_checks_as_typing(app: App) -> None:
    """A button for a facilitator's command refuses a participant, in the same words."""
    await poll(app)
    reply = Reply("Check the ballots", actions=(Action("Voters", "poll voters", ("1",)),))
    await app.client.outlet.post(GROUP, str(p.GENERAL_ID), reply, idem="test3")
    _, refused = await app.click(f"cp:a:{p.GUILD_ID}:poll voters 1", user=p.BOB_ID)
    _, typed = await app.slash("poll voters", id=1, user=p.BOB_ID)
    assert refused.ephemeral and refused.content == typed.content
    _, allowed = await app.click(f"cp:a:{p.GUILD_ID}:poll voters 1", user=p.MOD_ID)
    assert allowed.ephemeral and embed_of(allowed)["title"] == "Voters in poll 1"


@pytest.mark.asyncio
async def test_button_of_a_poll_that_no_longer_exists(app: App) -> None:
    """A button naming an unknown poll answers, ephemerally, what to do instead."""
    reply = Reply("Old poll", actions=(Action("Vote", "poll vote", ("99", "1")),))
    await app.client.outlet.post(GROUP, str(p.GENERAL_ID), reply, idem="test4")
    _, answer = await app.click(f"cp:a:{p.GUILD_ID}:poll vote 99 1")
    assert answer.ephemeral
    assert answer.content == "There is no poll 99 here. Type `/poll list` to see the open polls."


@pytest.mark.asyncio
async def test_malformed_and_removed_buttons_get_a_clear_answer(app: App) -> None:
    """An id this bot never writes, or a button an edit removed, is answered, not ignored."""
    message_id = int(await poll(app))
    app.fd.messages[message_id]["components"][0]["components"][0]["custom_id"] = "vote:1:x"
    _, malformed = await app.click("vote:1:x")
    assert malformed.ephemeral and malformed.content == STALE
    _, missing = await app.click(f"cp:a:{p.GUILD_ID}:poll vote 1 1", message_id=message_id)
    assert missing.ephemeral and missing.content == STALE  # no longer on the message
    assert await app.rows("SELECT count(*) FROM ballots") == [(0,)]


@pytest.mark.asyncio
async def test_closed_poll_buttons_are_gone_and_old_clicks_answered(app: App) -> None:
    """After close the living message has no buttons; a click from a stale client is answered."""
    message_id = int(await poll(app))
    old = buttons(await app.living("poll:1"))[0][1]
    await app.slash("poll close", id=1)
    assert (await app.living("poll:1"))["components"] == []
    _, reply = await app.click(old, user=p.BOB_ID, message_id=message_id)
    assert reply.ephemeral and reply.content == STALE


@pytest.mark.asyncio
async def test_multi_poll_select_menu_votes_with_the_picked_numbers(app: App) -> None:
    """A multi poll shows a select menu (min 1, max all); picks run `poll vote 1 1,3`."""
    await poll(app, "multi")
    living = await app.living("poll:1")
    menu = living["components"][0]["components"][0]
    assert menu["type"] == 3 and menu["min_values"] == 1 and menu["max_values"] == 3
    assert [o["label"] for o in menu["options"]] == ["1. Monday", "2. Tuesday", "3. Wed"]
    interaction = await app.fd.dispatch(app.fd.select(menu["custom_id"], ["1", "3"], user=p.BOB_ID))
    reply = app.fd.reply(interaction)
    assert reply is not None and reply.ephemeral
    assert "Your vote on poll 1 is in: Monday, Wed." in (reply.content or "")
    assert await app.rows("SELECT choices FROM ballots") == [("1,3",)]


@pytest.mark.asyncio
async def test_ranked_poll_rank_form_survives_a_restart(app: App) -> None:
    """The rank button opens a form; the typed order is voted even if the bot restarted."""
    await poll(app, "ranked")
    (rank, *_), *_ = [[c for _, c in buttons(await app.living("poll:1"))]]
    assert rank.startswith("cp:r:")
    _, opened = await app.click(rank, user=p.BOB_ID)
    assert opened.type == 9
    form = opened.data
    assert form["custom_id"] == rank.replace("cp:r:", "cp:m:")
    assert form["title"] == "Rank: Which evening?"
    assert form["components"][0] == {"type": 10, "content": "1. Monday\n2. Tuesday\n3. Wed"}
    assert form["components"][1]["component"]["custom_id"] == "order"
    await app.restart()
    submitted = await app.fd.dispatch(
        app.fd.modal_submit(form["custom_id"], {"order": "3, 1,2"}, user=p.BOB_ID)
    )
    await app.settle()
    reply = app.fd.reply(submitted)
    assert reply is not None and reply.ephemeral
    assert "Your vote on poll 1 is in: Wed, Monday, Tuesday." in (reply.content or "")
    assert await app.rows("SELECT choices FROM ballots") == [("3,1,2",)]


@pytest.mark.asyncio
async def test_unknown_choice_and_form_ids_are_answered(app: App) -> None:
    """A menu or form whose stored choice is gone says so, ephemerally."""
    submitted = await app.fd.dispatch(app.fd.modal_submit("cp:m:404", {"order": "1"}))
    assert app.fd.reply(submitted).content == STALE  # type: ignore[union-attr]
    other = await app.fd.dispatch(app.fd.modal_submit("someone-else", {"order": "1"}))
    assert app.fd.reply(other).content == STALE  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_long_command_is_kept_in_sqlite(app: App) -> None:
    """An action too long for a 100-character custom id is stored and still runs."""
    await poll(app)
    long_reason = "x" * 120
    action = Action("Block", "poll vote", ("1", "1", "--reason", long_reason))
    await app.client.outlet.post(
        GROUP, str(p.GENERAL_ID), Reply("Vote", actions=(action,)), idem="test7"
    )
    (message,) = app.fd.channel_messages(p.GENERAL_ID)
    ((label, custom_id),) = buttons(message)
    assert label == "Block" and custom_id == "cp:s:1"
    _, reply = await app.click(custom_id, user=p.BOB_ID)
    assert "Your vote on poll 1 is in: Monday." in (reply.content or "")
    (spec,) = await app.rows("SELECT spec FROM stored_actions")
    assert json.loads(spec[0])["args"] == ["1", "1", "--reason", long_reason]
