"""Exactly once on Discord: killed between sending and marking sent, a post is not made twice.

Each message carries a nonce made from its outbox row, with enforce_nonce: Discord (and the
fake, which models it) answers a repeat within a few minutes with the message it made.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from bot.core.model import Reply
from bot.core.outlet import Handle
from tests.discord import payloads as p
from tests.discord.conftest import App


class Crash(BaseException):
    """The process dies here: nothing catches it, nothing after it runs."""


class DiesAfterPosting:
    """The platform's outlet, but the process dies right after the next post is made."""

    def __init__(self, outlet: Any) -> None:
        self.outlet = outlet

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, idem: str) -> Handle:
        await self.outlet.post(group_id, channel_id, reply, idem=idem)
        raise Crash

    def __getattr__(self, name: str) -> Any:
        return getattr(self.outlet, name)


@pytest.mark.asyncio
async def test_an_idea_posted_before_a_crash_is_posted_once(app: App) -> None:
    """The idea's post goes out, the bot dies before marking it; after a restart, still one."""
    app.bot.deliverer.outlet = DiesAfterPosting(app.bot.deliverer.outlet)
    with contextlib.suppress(Crash):
        await app.slash("idea add", text="Open the drop-in on Saturdays")
    posts = [m for m in app.fd.channel_messages(p.GENERAL_ID) if "Open the drop-in" in str(m)]
    assert len(posts) == 1
    assert await app.rows("SELECT count(*) FROM outbox_sends WHERE sent_at IS NULL") == [(1,)]
    with contextlib.suppress(Crash):
        await app.restart()
    await app.settle()
    again = [m for m in app.fd.channel_messages(p.GENERAL_ID) if "Open the drop-in" in str(m)]
    assert [m["id"] for m in again] == [posts[0]["id"]]
    assert await app.rows("SELECT count(*) FROM outbox_sends WHERE sent_at IS NULL") == [(0,)]
    post = await app.bot.posts.get("discord:" + str(p.GUILD_ID), "idea:1")
    assert post is not None and post.message_ref == posts[0]["id"]  # its living message
