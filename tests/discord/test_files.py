"""Files on Discord: attached through the faked HTTP as multipart, refused politely when too big."""

from __future__ import annotations

import json

import pytest

from bot.core.model import File, Reply
from bot.platforms.discord.render import fitting_files
from tests.discord.conftest import App


@pytest.mark.asyncio
async def test_me_export_attaches_the_json_privately(app: App) -> None:
    """/me export answers ephemerally with my-data.json uploaded in the callback."""
    await app.slash("me timezone", name="Europe/Berlin")
    _, reply = await app.slash("me export")
    assert reply.ephemeral
    (call,) = [c for c in app.fd.calls("POST", r"/interactions/\d+/.+/callback") if c.files][-1:]
    ((name, data),) = call.files
    assert name == "my-data.json"
    exported = json.loads(data)
    assert exported["groups"][0]["profile"]["timezone"] == "Europe/Berlin"


def test_a_file_over_the_limit_is_named_not_sent() -> None:
    """A file bigger than the interaction's limit stays out, and the message says why."""
    reply = Reply(
        "Here.",
        files=(File("small.csv", b"a,b\n", "text/csv"), File("big.png", b"x" * 2048, "image/png")),
    )
    kept, note = fitting_files(reply, 1024)
    assert [f.name for f in kept] == ["small.csv"]
    assert "big.png" in note and "limit" in note
