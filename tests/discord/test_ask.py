"""Buttons that ask for text first: a consent poll's Block opens a form for the reason."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.model import Action, Ask, Reply
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, buttons
from tests.discord.server import Reply as Callback

STALE = (
    "That button no longer works (it may be from an older message). "
    "Use the slash commands instead: /help lists them."
)
NOTE = (
    "Everyone will see this reason in the results, without your name; "
    "facilitators can see who blocked."
)


async def consent_block(app: App) -> str:
    """Alice posts a consent poll; returns the custom id of its Block button."""
    await app.slash("poll create", question="Adopt the rota?", kind="consent")
    found = dict(buttons(await app.living("poll:1")))
    return found["Block"]


async def submit(app: App, form_id: str, answer: str, user: int = p.BOB_ID) -> Callback:
    """Send a form with its answer typed in; returns the bot's callback."""
    interaction = await app.fd.dispatch(app.fd.modal_submit(form_id, {"answer": answer}, user=user))
    await app.settle()
    reply = app.fd.reply(interaction)
    assert reply is not None, f"no answer to the form {form_id}"
    return reply


def the_input(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The form's labelled text input: the label and the input itself."""
    (label,) = [c for c in form["components"] if c["type"] == 18]
    return label, label["component"]


@pytest.mark.asyncio
async def test_block_opens_a_form_and_votes_with_the_reason(app: App) -> None:
    """Pressing Block shows a form (callback 9); sending it stores a Block with that reason."""
    block = await consent_block(app)
    assert block.startswith("cp:q:") and len(block) <= 100
    _, opened = await app.click(block, user=p.BOB_ID)
    assert opened.type == 9
    form = opened.data
    assert form["custom_id"] == block.replace("cp:q:", "cp:t:") and form["title"] == "Block"
    label, text_input = the_input(form)
    assert label["label"] == "Why do you block?" and label["description"] == NOTE
    assert text_input["custom_id"] == "answer" and text_input["required"] is True
    assert await app.rows("SELECT count(*) FROM ballots") == [(0,)]  # nothing until it is sent
    reason = """It's "unfair" to evening workers"""
    reply = await submit(app, form["custom_id"], reason)
    assert reply.ephemeral
    assert (reply.content or "").startswith("Your vote on poll 1 is in: Block.")
    rows = await app.rows("SELECT voter, choices, reason FROM ballots")
    assert rows == [(str(p.BOB_ID), "4", reason)]


@pytest.mark.asyncio
async def test_block_form_opens_and_counts_after_a_restart(app: App) -> None:
    """An old Block button still opens its form after a restart, and the form still votes."""
    block = await consent_block(app)
    await app.restart()
    _, opened = await app.click(block, user=p.BOB_ID)
    assert opened.type == 9 and the_input(opened.data)[0]["label"] == "Why do you block?"
    await app.restart()  # a form opened before a restart and sent after it still counts
    reply = await submit(app, opened.data["custom_id"], "Evening workers cannot come")
    assert (reply.content or "").startswith("Your vote on poll 1 is in: Block.")
    assert await app.rows("SELECT reason FROM ballots") == [("Evening workers cannot come",)]


@pytest.mark.asyncio
async def test_empty_reason_is_refused_and_stores_nothing(app: App) -> None:
    """A blank reason gets the cog's own refusal, as when typed without one; no ballot."""
    block = await consent_block(app)
    _, opened = await app.click(block, user=p.BOB_ID)
    reply = await submit(app, opened.data["custom_id"], "   ")
    assert reply.ephemeral
    assert (reply.content or "").startswith(
        'A Block needs a reason, e.g. `/poll vote 1 block --reason "It leaves out evening workers"`.'
    )
    assert await app.rows("SELECT count(*) FROM ballots") == [(0,)]


@pytest.mark.asyncio
async def test_form_answer_has_the_same_checks_as_typing(app: App) -> None:
    """After the poll closes, a form sent late is refused like a typed vote."""
    block = await consent_block(app)
    _, opened = await app.click(block, user=p.BOB_ID)
    await app.slash("poll close", id=1)
    reply = await submit(app, opened.data["custom_id"], "Too late")
    _, typed = await app.slash("poll vote", id=1, choice="4", reason="Too late", user=p.BOB_ID)
    assert reply.ephemeral and reply.content == typed.content
    assert await app.rows("SELECT count(*) FROM ballots") == [(0,)]


@pytest.mark.asyncio
async def test_block_of_a_closed_poll_opens_no_form(app: App) -> None:
    """Once the poll closes its buttons are gone; an old Block click is answered as stale."""
    block = await consent_block(app)
    message_id = int((await app.living("poll:1"))["id"])
    await app.slash("poll close", id=1)
    _, reply = await app.click(block, user=p.BOB_ID, message_id=message_id)
    assert reply.type == 4 and reply.ephemeral and reply.content == STALE


@pytest.mark.asyncio
async def test_unknown_or_mismatched_ask_ids_are_answered(app: App) -> None:
    """A form whose stored action is gone, or is not an asking one, says so; nothing runs."""
    assert (await submit(app, "cp:t:404", "Because")).content == STALE
    long_plain = Action("Agree", "poll vote", ("1", "1", "--reason", "x" * 120))
    await app.client.outlet.post(
        GROUP, str(p.GENERAL_ID), Reply("Vote", actions=(long_plain,)), idem="test8"
    )
    ((_, stored),) = buttons(app.fd.channel_messages(p.GENERAL_ID)[-1])
    assert stored.startswith("cp:s:")  # a plain long command, kept in the same table
    action_id = stored.removeprefix("cp:s:")
    assert (await submit(app, f"cp:t:{action_id}", "Because")).content == STALE
    kept = await app.bot.buttons.action(int(action_id))
    assert kept is not None and kept[1].ask is None


@pytest.mark.asyncio
async def test_a_long_note_is_shown_above_the_answer(app: App) -> None:
    """A note too long for the label's 100-character description is shown as text instead."""
    await app.slash("poll create", question="Adopt the rota?", kind="consent")
    note = "Your reason is read out at the next meeting. " * 4
    action = Action("Block", "poll vote", ("1", "4"), "danger", Ask("reason", "Why?", note))
    await app.client.outlet.post(
        GROUP, str(p.GENERAL_ID), Reply("Vote", actions=(action,)), idem="test9"
    )
    ((label, ask_id),) = buttons(app.fd.channel_messages(p.GENERAL_ID)[-1])
    assert label == "Block" and ask_id.startswith("cp:q:")
    _, opened = await app.click(ask_id, user=p.BOB_ID)
    assert opened.data["components"][0] == {"type": 10, "content": note.strip()}
    assert "description" not in the_input(opened.data)[0]
