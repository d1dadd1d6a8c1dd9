"""Ideas on Discord: the idea is posted with a Support button and a thread is opened on it."""

from __future__ import annotations

import pytest

from bot.core.model import Reply
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, buttons


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
    (line,) = app.fd.calls("POST", rf"/channels/{posted['id']}/messages")
    assert line.json["content"] == "Status: under discussion"
