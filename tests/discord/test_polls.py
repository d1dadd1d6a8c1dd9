"""Every poll command through the real CommandTree: option conversion, answers, storage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, buttons, embed_of, field_value


async def create(app: App, question: str = "Which evening?", *labels: str, **more: Any) -> None:
    """Alice (a facilitator by role) creates a poll."""
    options: dict[str, Any] = {
        f"option{i}": label for i, label in enumerate(labels or ("Monday", "Tuesday"), 1)
    }
    _, reply = await app.slash("poll create", question=question, **options, **more)
    assert not reply.ephemeral, reply.data


@pytest.mark.asyncio
async def test_create_converts_every_option(app: App) -> None:
    """Question, numbered options, kind, closes and anonymous arrive typed and are stored."""
    interaction, reply = await app.slash(
        "poll create",
        question="Which evening?",
        option1="Monday",
        option2="Tuesday",
        option3="Wed 7pm",
        kind="multi",
        closes="in 3 days",
        anonymous=True,
    )
    assert reply.type == 4 and not reply.ephemeral
    embed = embed_of(reply)
    assert embed["title"] == "Poll 1: Which evening?"
    assert "**3.** Wed 7pm" in embed["description"]
    assert "Anonymous" in embed["description"]
    closes = app.clock.now() + timedelta(days=3)
    assert field_value(embed, "Closes").startswith(f"<t:{int(closes.timestamp())}:F>")
    rows = await app.rows("SELECT kind, anonymous, hide_results, closes_at FROM polls")
    assert rows == [("multi", 1, 0, closes.isoformat(timespec="seconds"))]
    labels = await app.rows("SELECT label FROM poll_options ORDER BY position")
    assert labels == [("Monday",), ("Tuesday",), ("Wed 7pm",)]
    post = await app.bot.posts.get(GROUP, "poll:1")
    assert post is not None and post.message_ref == app.fd.original(interaction)["id"]  # type: ignore[index]
    assert post.channel_id == str(p.GENERAL_ID)


@pytest.mark.asyncio
async def test_create_with_hide_results_and_consent(app: App) -> None:
    """A consent poll needs no options; hide_results is a boolean option."""
    _, reply = await app.slash(
        "poll create", question="Adopt the rota?", kind="consent", hide_results=True
    )
    assert [label for label, _ in buttons(reply)] == [
        "Agree",
        "Abstain",
        "Object",
        "Block",
        "Results",
    ]
    assert await app.rows("SELECT kind, hide_results FROM polls") == [("consent", 1)]


@pytest.mark.asyncio
async def test_create_refusal_has_the_shell_wording(app: App) -> None:
    """Too few options: an ephemeral error with the cog's own words (typed as /commands)."""
    _, reply = await app.slash("poll create", question="Which evening?", option1="Monday")
    assert reply.ephemeral
    assert reply.content == (
        "A poll needs 2 to 20 options; you gave 1. "
        'e.g. `/poll create "Which evening?" Monday Tuesday "Wed 7pm"`.'
    )
    assert await app.rows("SELECT count(*) FROM polls") == [(0,)]


@pytest.mark.asyncio
async def test_vote_change_and_withdraw(app: App) -> None:
    """/poll vote takes an integer id and a choice; /poll withdraw takes it back."""
    await create(app)
    _, voted = await app.slash("poll vote", id=1, choice="2", user=p.BOB_ID)
    assert voted.ephemeral
    assert voted.content == (
        "Your vote on poll 1 is in: Tuesday. You can change it until the poll closes."
    )
    await app.slash("poll vote", id=1, choice="monday", user=p.BOB_ID)
    assert await app.rows("SELECT voter, choices FROM ballots") == [(str(p.BOB_ID), "1")]
    _, withdrawn = await app.slash("poll withdraw", id=1, user=p.BOB_ID)
    assert withdrawn.ephemeral and withdrawn.content == "Your vote on poll 1 is withdrawn."
    assert await app.rows("SELECT count(*) FROM ballots") == [(0,)]
    _, again = await app.slash("poll withdraw", id=1, user=p.BOB_ID)
    assert again.ephemeral and again.content == "You have no vote in poll 1 to withdraw."


@pytest.mark.asyncio
async def test_consent_block_needs_a_reason(app: App) -> None:
    """The optional reason option reaches the cog; without it a Block is refused."""
    await app.slash("poll create", question="Adopt the rota?", kind="consent")
    _, refused = await app.slash("poll vote", id=1, choice="block", user=p.BOB_ID)
    assert refused.ephemeral and refused.content.startswith("A Block needs a reason")  # type: ignore[union-attr]
    _, voted = await app.slash(
        "poll vote", id=1, choice="block", reason="It leaves out evening workers", user=p.BOB_ID
    )
    assert voted.content.startswith("Your vote on poll 1 is in: Block.")  # type: ignore[union-attr]
    assert await app.rows("SELECT reason FROM ballots") == [("It leaves out evening workers",)]


@pytest.mark.asyncio
async def test_results_and_list_are_public(app: App) -> None:
    """/poll results shows counts and the leader; /poll list shows open polls."""
    await create(app)
    await app.slash("poll vote", id=1, choice="2", user=p.BOB_ID)
    _, results = await app.slash("poll results", id=1, user=p.BOB_ID)
    assert not results.ephemeral
    embed = embed_of(results)
    assert embed["title"] == "Results of poll 1 (open): Which evening?"
    assert "2. Tuesday: 1 vote (100%)" in embed["description"]
    assert field_value(embed, "Leading") == "Tuesday"
    _, listing = await app.slash("poll list", user=p.BOB_ID)
    assert embed_of(listing)["title"] == "Open polls"
    assert (
        "**1**: Which evening? (single, no deadline; you: voted)"
        in embed_of(listing)["description"]
    )


@pytest.mark.asyncio
async def test_voters_for_facilitators_only(app: App) -> None:
    """A facilitator sees who voted what, privately; a participant is refused."""
    await create(app)
    await app.slash("poll vote", id=1, choice="1", user=p.BOB_ID)
    _, shown = await app.slash("poll voters", id=1)
    assert shown.ephemeral and embed_of(shown)["description"] == "Bob: Monday"
    _, refused = await app.slash("poll voters", id=1, user=p.BOB_ID)
    assert refused.ephemeral
    assert refused.content == (
        "/poll voters is for a facilitator or above; you are a participant. "
        "Type /help to see what you can do."
    )


@pytest.mark.asyncio
async def test_close_announces_and_refuses_late_votes(app: App) -> None:
    """/poll close answers privately, posts the results in the channel, and ends voting."""
    await create(app)
    await app.slash("poll vote", id=1, choice="1", user=p.BOB_ID)
    _, closed = await app.slash("poll close", id=1)
    assert closed.ephemeral and closed.content == "Poll 1 is closed."
    (announced,) = app.fd.channel_messages(p.GENERAL_ID)
    assert embed_of(announced)["title"] == "Results of poll 1 (closed): Which evening?"
    assert field_value(embed_of(announced), "Winner") == "Monday"
    _, late = await app.slash("poll vote", id=1, choice="2", user=p.BOB_ID)
    assert late.ephemeral and "has closed, so it takes no more votes" in late.content  # type: ignore[operator]


@pytest.mark.asyncio
async def test_deadline_closes_through_the_scheduler(app: App) -> None:
    """A poll created with closes= closes when the clock passes it, and says so in the channel."""
    await create(app, "Which evening?", "Monday", "Tuesday", closes="in 2 days")
    await app.wait(timedelta(days=2, minutes=1))
    (announced,) = app.fd.channel_messages(p.GENERAL_ID)
    assert embed_of(announced)["title"].startswith("Results of poll 1 (closed)")


@pytest.mark.asyncio
async def test_autocomplete_offers_open_polls(app: App) -> None:
    """Typing a poll id suggests open polls, as integers, filtered by what was typed."""
    await create(app, "Which evening?")
    await create(app, "Where shall we meet?", "Library", "Cafe")
    payload = app.fd.autocomplete("poll vote", "id", id="")
    reply = app.fd.reply(await app.fd.dispatch(payload))
    assert reply is not None and reply.type == 8
    assert reply.choices == [
        {"name": "1: Which evening?", "value": 1},
        {"name": "2: Where shall we meet?", "value": 2},
    ]
    typed = app.fd.reply(await app.fd.dispatch(app.fd.autocomplete("poll close", "id", id="meet")))
    assert typed is not None and [c["value"] for c in typed.choices] == [2]


@pytest.mark.asyncio
async def test_help_is_top_level_and_private(app: App) -> None:
    """/help with a topic explains one group, ephemerally."""
    _, reply = await app.slash("help", topic="poll", user=p.BOB_ID)
    assert reply.ephemeral
    assert embed_of(reply)["title"] == "/poll commands"
