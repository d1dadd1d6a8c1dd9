"""Ideas on Discord: the idea is posted with a Support button and a thread is opened on it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.model import Reply
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, buttons, embed_of, field_value


@pytest.mark.asyncio
async def test_idea_add_posts_the_idea_and_opens_its_thread(app: App) -> None:
    """/idea add answers privately, posts the idea, opens a thread; status lines go there."""
    _, answer = await app.slash("idea add", text="Open the drop-in on Saturdays")
    assert answer.ephemeral and "Idea 1 is posted" in (answer.content or "")
    (posted,) = app.fd.channel_messages(p.GENERAL_ID)
    assert [label for label, _ in buttons(posted)] == ["Support"]
    (thread,) = app.fd.calls("POST", rf"/channels/{p.GENERAL_ID}/messages/{posted['id']}/threads")
    assert thread.json["name"].startswith("Idea 1: Open the drop-in")
    await app.bot.posting.in_thread(GROUP, "idea:1", Reply("Status: under discussion"))
    await app.settle()
    (line,) = app.fd.calls("POST", rf"/channels/{posted['id']}/messages")
    assert line.json["content"] == "Status: under discussion"


@pytest.mark.asyncio
async def test_forgetting_someone_redraws_the_ideas_that_named_them(app: App) -> None:
    """After /me forget the idea's message no longer names its author or a supporter."""
    await app.slash("idea add", text="Open the drop-in on Saturdays")
    await app.slash("idea support", id=1, user=p.BOB_ID)
    before = embed_of(await app.living("idea:1"))
    assert "Bob" in field_value(before, "Support") and "Alice" in before["description"]
    await app.slash("me forget", confirm="confirm", user=p.BOB_ID)
    await app.slash("me forget", confirm="confirm")
    await app.wait(timedelta(0))
    after = embed_of(await app.living("idea:1"))
    assert field_value(after, "Support") == "0 supporters"
    assert "Alice" not in after["description"] and "someone in the group" in after["description"]
