"""Discord's message, component and form limits: the fake refuses, the bot stays inside them."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta
from pathlib import Path

import discord
import pytest

from bot.core.clock import ManualClock
from bot.core.model import Action, Ask, Field, Reply
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, START, App, buttons, embed_of, running


async def refused(app: App, **send: object) -> discord.HTTPException:
    """What the fake answers when the bot's client sends this message to #general itself."""
    channel = app.client.get_channel(p.GENERAL_ID)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(**send)  # type: ignore[call-overload]
    return caught.value


IDEM = itertools.count(1)  # a fresh nonce each post


async def post(app: App, reply: Reply) -> dict[str, object]:
    """Post a reply through the bot's outlet into #general; the message the fake stored."""
    handle = await app.client.outlet.post(GROUP, str(p.GENERAL_ID), reply, idem=f"t{next(IDEM)}")
    return app.fd.messages[int(handle.message_ref)]


@pytest.mark.asyncio
async def test_long_text_goes_into_an_embed_not_past_2000_characters(app: App) -> None:
    """A 2,500-character answer arrives whole (as an embed); plain content over 2,000 is refused."""
    error = await refused(app, content="x" * 2001)
    assert error.code == 50035 and "content" in str(error)
    message = await post(app, Reply("y" * 2500))
    assert message["content"] == "" and embed_of(message)["description"] == "y" * 2500


@pytest.mark.asyncio
async def test_a_huge_embed_is_trimmed_to_6000_characters(app: App) -> None:
    """Long results with many long fields are cut to fit Discord's 6,000 per embed."""
    error = await refused(
        app,
        embed=discord.Embed(description="d" * 4000, title="t" * 256)
        .add_field(name="n", value="v" * 1024)
        .add_field(name="m", value="w" * 1024),
    )
    assert error.code == 50035 and "6000" in str(error)
    fields = tuple(Field(f"Option {i}", "v" * 1500) for i in range(30))
    message = await post(app, Reply("b" * 5000, title="Results", fields=fields))
    embed = embed_of(message)
    assert len(embed["fields"]) <= 25
    size = len(embed["title"]) + len(embed.get("description", ""))
    size += sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    assert size <= 6000


@pytest.mark.asyncio
async def test_a_custom_id_of_101_characters_is_kept_in_storage_instead(app: App) -> None:
    """A button whose command would make a 101-character custom id still works (stored id)."""
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="x", custom_id="c" * 101))
    error = await refused(app, content="x", view=view)
    assert error.code == 50035 and "custom_id" in str(error)
    head = f"cp:a:{p.GUILD_ID}:poll vote "
    action = Action("Go", "poll vote", ("9" * (101 - len(head)),))
    message = await post(app, Reply("Vote", actions=(action,)))
    ((label, custom_id),) = buttons(message)
    assert label == "Go" and custom_id.startswith("cp:s:")


@pytest.mark.asyncio
async def test_button_labels_are_cut_to_80_characters(app: App) -> None:
    """A long option shows on its button cut to 80 characters with '…'; 81 is refused."""
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="l" * 81, custom_id="c"))
    error = await refused(app, content="x", view=view)
    assert error.code == 50035 and "label" in str(error)
    message = await post(app, Reply("Vote", actions=(Action("o" * 120, "poll list"),)))
    ((label, _),) = buttons(message)
    assert len(label) == 80 and label.endswith("…")


async def form_refused(
    app: App, title: str, answer_length: int | None = 100
) -> discord.HTTPException | None:
    """What the fake answers when a slash command's answer is a form with this title.

    `answer_length` is its one text box's max_length; None: a form with no text box.
    """
    answer = app.fd.interaction(app.fd.slash("poll list"))
    form = discord.ui.Modal(title="Form", custom_id="cp:t:1")
    form.title = title  # as sent, without discord.py's own checks
    if answer_length is not None:
        box: discord.ui.TextInput[discord.ui.Modal] = discord.ui.TextInput(
            label="Why?", custom_id="answer", max_length=answer_length
        )
        form.add_item(box)
    try:
        await answer.response.send_modal(form)
    except discord.HTTPException as error:
        return error
    return None


@pytest.mark.asyncio
async def test_a_form_title_of_46_characters_is_refused(app: App) -> None:
    """Discord takes a form (modal) title of 45 characters and refuses 46, as the fake does."""
    assert await form_refused(app, "t" * 45) is None
    error = await form_refused(app, "t" * 46)
    assert error is not None and error.code == 50035 and "title" in str(error)
    assert await form_refused(app, "") is not None  # and an empty one


@pytest.mark.asyncio
async def test_a_form_needs_a_field_that_takes_1_to_4000_characters(app: App) -> None:
    """A form with nothing to fill, or a text box taking 4,001 characters, is refused."""
    assert await form_refused(app, "Why?", 4000) is None
    for length in (None, 4001):
        error = await form_refused(app, "Why?", length)
        assert error is not None and error.code == 50035, length


@pytest.mark.asyncio
async def test_a_long_question_still_opens_the_rank_form(app: App) -> None:
    """The rank form opens for a long question: its title is cut to Discord's 45, marked '…'."""
    question = "Which of these evenings suits the whole group best for the autumn?"
    await app.slash("poll create", question=question, kind="ranked", option1="Mon", option2="Tue")
    rank = next(c for _, c in buttons(await app.living("poll:1")) if c.startswith("cp:r:"))
    _, reply = await app.click(rank)
    assert reply.type == 9
    assert reply.data["title"] == "Rank: Which of these evenings suits the whol…"


@pytest.mark.asyncio
async def test_a_long_label_still_opens_the_asking_form(app: App) -> None:
    """An asking button labelled with 60 characters opens its form titled with 44 and '…'."""
    label = "Block this: it leaves out everyone who works in the evenings"
    action = Action(label, "poll vote", ("1", "4"), "danger", Ask("reason", "Why?"))
    await app.client.outlet.post(
        GROUP, str(p.GENERAL_ID), Reply("Vote", actions=(action,)), idem="long-label"
    )
    ((_, ask_id),) = buttons(app.fd.channel_messages(p.GENERAL_ID)[-1])
    _, opened = await app.click(ask_id, user=p.BOB_ID)
    assert opened.type == 9
    assert opened.data["title"] == "Block this: it leaves out everyone who works…"


@pytest.mark.asyncio
async def test_autocomplete_and_files_over_the_limits_are_refused(app: App) -> None:
    """26 suggestions, or a file over the interaction's upload limit, are refused by Discord."""
    suggest = app.fd.interaction(app.fd.autocomplete("poll vote", "id"))
    choices = [discord.app_commands.Choice(name=str(i), value=str(i)) for i in range(26)]
    with pytest.raises(discord.HTTPException) as too_many:
        await suggest.response.autocomplete(choices)
    assert too_many.value.code == 50035
    payload = app.fd.slash("poll list")
    payload["attachment_size_limit"] = 10
    answer = app.fd.interaction(payload)
    with pytest.raises(discord.HTTPException) as too_big:
        await answer.response.send_message(file=discord.File(io.BytesIO(b"x" * 11), "a.txt"))
    assert too_big.value.status == 413 and too_big.value.code == 40005


class ProductionClock(ManualClock):
    """The test clock, which the bot takes for production's: redraws wait for 2 s of it."""

    is_real = True


@pytest.mark.asyncio
@pytest.mark.timeout(60)  # a hang here (e.g. a 429 waiting on the stopped clock) fails
async def test_a_burst_of_votes_edits_the_poll_once(tmp_path: Path) -> None:
    """Six votes while the test clock stands still redraw the poll once, 2 s on (no 429).

    The redraw is an outbox row due 2 s of the bot's clock after the first vote, so the
    window is the test clock's, however slowly a busy machine runs the votes.
    """
    clock = ProductionClock(START)
    async with running(tmp_path, clock=clock) as app:
        await app.slash("poll create", question="Which evening?", option1="Mon", option2="Tue")
        poll = await app.living("poll:1")
        vote = next(c for _, c in buttons(poll) if c.endswith("poll vote 1 1"))
        for user in (p.ALICE_ID, p.BOB_ID, p.MOD_ID, p.OWNER_ID, p.ALICE_ID, p.BOB_ID):
            await app.fd.dispatch(app.fd.click(vote, user=user))
        await app.settle()
        edits = app.fd.calls("PATCH", rf"/channels/\d+/messages/{poll['id']}")
        assert edits == []  # not yet: the redraw waits 2 s for more votes
        app.clock.advance(timedelta(seconds=2))
        await app.settle()
        edits = app.fd.calls("PATCH", rf"/channels/\d+/messages/{poll['id']}")
        assert len(edits) == 1 and app.fd.limited == []
        assert "4 of " in str(await app.living("poll:1"))  # the one redraw counts all 4 voters
