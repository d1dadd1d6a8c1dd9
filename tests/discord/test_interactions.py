"""Answering interactions: deferral past the time budget, failures, unknown commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.platforms.discord.interactions import FAILED, POSTED
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, embed_of, running


@pytest.mark.asyncio
async def test_slow_public_answer_is_deferred_then_posted(tmp_path: Path) -> None:
    """Past the budget: an ephemeral 'thinking' defer, a short note, then the public poll."""
    async with running(tmp_path, defer_after=0, groups={"poll_threads": True}) as app:
        interaction, reply = await app.slash(
            "poll create", question="Which evening?", option1="Mon", option2="Tue"
        )
        assert reply.type == 5 and reply.ephemeral
        original = app.fd.original(interaction)
        assert original is not None and original["content"] == POSTED
        assert original["flags"] & p.EPHEMERAL
        (posted,) = app.fd.followups(interaction)
        assert not posted["flags"] & p.EPHEMERAL
        assert embed_of(posted)["title"] == "Poll 1: Which evening?"
        post = await app.bot.posts.get(GROUP, "poll:1")
        assert post is not None and post.message_ref == posted["id"]
        assert app.fd.calls("POST", rf"/channels/{p.GENERAL_ID}/messages/{posted['id']}/threads")
        await app.slash("poll vote", id=1, choice="1", user=p.BOB_ID)
        turnout = embed_of(await app.living("poll:1"))["fields"][0]["value"]
        assert turnout.startswith("1 of 3")  # the owner, Alice and Bob


@pytest.mark.asyncio
async def test_slow_private_answer_fills_the_thinking_message(tmp_path: Path) -> None:
    """Past the budget, a private answer replaces the ephemeral 'thinking' message."""
    async with running(tmp_path, defer_after=0) as app:
        await app.slash("poll create", question="Which evening?", option1="Mon", option2="Tue")
        interaction, reply = await app.slash("poll close", id=1)
        assert reply.type == 5 and reply.ephemeral
        original = app.fd.original(interaction)
        assert original is not None and original["content"] == "Poll 1 is closed."
        assert original["flags"] & p.EPHEMERAL and not original["flags"] & p.LOADING
        assert app.fd.followups(interaction) == []


@pytest.mark.asyncio
async def test_fast_answer_is_the_response_itself(app: App) -> None:
    """Within the budget the answer is a type-4 response, without any followup."""
    interaction, reply = await app.slash("poll list")
    assert reply.type == 4 and app.fd.followups(interaction) == []


@pytest.mark.asyncio
async def test_an_unexpected_failure_is_an_ephemeral_apology(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash inside a command is logged and answered, never left to time out."""

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(app.bot, "invoke", broken)
    _, reply = await app.slash("poll list")
    assert reply.ephemeral and reply.content == FAILED


@pytest.mark.asyncio
async def test_a_command_discord_still_shows_but_the_bot_lost(app: App) -> None:
    """An out-of-date registered command gets an ephemeral hint to sync."""
    interaction = await app.fd.dispatch(app.fd.slash("poll frobnicate"))
    reply = app.fd.reply(interaction)
    assert reply is not None and reply.ephemeral
    assert "coprod discord sync" in (reply.content or "")
