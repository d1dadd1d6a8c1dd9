"""The poll's living message: turnout redrawn as ballots arrive, frozen with results at close."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.model import Reply
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, buttons, embed_of, field_value, running


async def create(app: App, **more: Any) -> None:
    """Alice creates a poll in #general."""
    await app.slash(
        "poll create", question="Which evening?", option1="Monday", option2="Tuesday", **more
    )


@pytest.mark.asyncio
async def test_turnout_updates_as_ballots_arrive(app: App) -> None:
    """Votes by command and by button redraw the message; a withdrawal counts down again."""
    await create(app)
    assert field_value(embed_of(await app.living("poll:1")), "Turnout") == (
        "0 of 2 members have voted (0%)"  # without the members intent: the owner, those seen
    )
    await app.slash("poll vote", id=1, choice="1", user=p.BOB_ID)
    assert field_value(embed_of(await app.living("poll:1")), "Turnout") == (
        "1 of 3 members has voted (33%)"
    )
    await app.click(buttons(await app.living("poll:1"))[1][1])
    living = await app.living("poll:1")
    assert field_value(embed_of(living), "Turnout") == "2 of 3 members have voted (67%)"
    assert living["edited_timestamp"] is not None
    assert [label for label, _ in buttons(living)] == ["Monday", "Tuesday", "Results"]
    await app.slash("poll withdraw", id=1, user=p.BOB_ID)
    assert field_value(embed_of(await app.living("poll:1")), "Turnout") == (
        "1 of 3 members has voted (33%)"
    )


@pytest.mark.asyncio
async def test_close_freezes_the_message_with_results(app: App) -> None:
    """At close the message shows the results and no buttons; results are also posted."""
    await create(app)
    await app.slash("poll vote", id=1, choice="2", user=p.BOB_ID)
    await app.slash("poll close", id=1)
    living = await app.living("poll:1")
    assert living["components"] == []
    embed = embed_of(living)
    assert embed["title"] == "Results of poll 1 (closed): Which evening?"
    assert field_value(embed, "Winner") == "Tuesday"
    edits = app.fd.calls("PATCH", rf"/channels/{p.GENERAL_ID}/messages/{living['id']}")
    assert edits and edits[-1].json["components"] == []


@pytest.mark.asyncio
async def test_deadline_freezes_the_message(app: App) -> None:
    """A poll that reaches its deadline is frozen the same way, by the scheduler."""
    await create(app, closes="in 1 day")
    await app.wait(timedelta(days=1, minutes=1))
    living = await app.living("poll:1")
    assert living["components"] == []
    assert embed_of(living)["title"].startswith("Results of poll 1 (closed)")


@pytest.mark.asyncio
async def test_poll_threads_setting_opens_a_thread(tmp_path: Path) -> None:
    """With poll_threads on, a discussion thread is opened on the poll's message."""
    async with running(tmp_path, groups={"poll_threads": True}) as app:
        await create(app)
        living = await app.living("poll:1")
        (call,) = app.fd.calls("POST", rf"/channels/{p.GENERAL_ID}/messages/\d+/threads")
        assert call.path.endswith(f"/messages/{living['id']}/threads")
        assert call.json["name"] == "Poll 1: Which evening?"
        assert int(living["id"]) in app.fd.channels


@pytest.mark.asyncio
async def test_a_deleted_living_message_is_not_an_error(app: App) -> None:
    """If someone deleted the poll message, votes still count and nothing crashes."""
    await create(app)
    del app.fd.messages[int((await app.living("poll:1"))["id"])]
    _, voted = await app.slash("poll vote", id=1, choice="1", user=p.BOB_ID)
    assert voted.ephemeral and "Your vote on poll 1 is in" in (voted.content or "")


@pytest.mark.asyncio
async def test_a_feature_posts_into_the_polls_thread(tmp_path: Path, caplog) -> None:
    """The thread opened on a poll is recorded; in_thread posts into it; deleted: the channel."""
    async with running(tmp_path, groups={"poll_threads": True}) as app:
        await create(app)
        living = await app.living("poll:1")
        handle = await app.bot.posting.handle(GROUP, "poll:1")
        assert handle is not None and handle.thread_ref == living["id"]
        await app.bot.posting.in_thread(GROUP, "poll:1", Reply("Status: discussing"))
        await app.settle()
        (sent,) = app.fd.calls("POST", rf"/channels/{living['id']}/messages")
        assert sent.json["content"] == "Status: discussing"
        del app.fd.channels[int(living["id"])]  # someone deleted the thread
        app.fd.fail("POST", rf"/channels/{living['id']}/messages", status=404, code=10003)
        await app.bot.posting.in_thread(GROUP, "poll:1", Reply("Status: adopted"))
        await app.settle()
        (fallback,) = app.fd.calls("POST", rf"/channels/{p.GENERAL_ID}/messages")
        assert fallback.json["content"] == "Status: adopted"
        assert str(fallback.json["message_reference"]["message_id"]) == living["id"]
        assert "is gone" in caplog.text
