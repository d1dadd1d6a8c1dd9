"""Fixtures shared by the whole suite, and the plain-English check of everything the bot says."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.model import Reply
from bot.platforms.discord.render import Rendered, Renderer
from tests.harness import Harness
from tests.plain_words import problems, reply_texts


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    """A bot on a fresh SQLite file, with olivia as organiser."""
    h = await Harness(tmp_path / "group.sqlite3").start()
    yield h
    await h.close()


def _rendered_texts(rendered: Rendered) -> list[str]:
    """What Discord shows of a rendered message: its content and its embed."""
    texts = [rendered.content or ""]
    if rendered.embed is not None:
        embed = rendered.embed
        texts += [embed.title or "", embed.description or ""]
        texts += [t for f in embed.fields for t in (f.name or "", f.value or "")]
    return texts


@pytest.fixture(autouse=True)
def plain_words(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test: what the bot said reads right ("1 meeting", never "1 meetings" or "(s)").

    Every Reply made while the test runs, the shell's transcript and Discord's rendered
    messages are read by tests/plain_words.py; a slip fails the test, naming the text.
    """
    said: list[str] = []
    made = Reply.__init__

    def recording(self: Reply, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        said.extend(reply_texts(self))

    monkeypatch.setattr(Reply, "__init__", recording)
    harnesses: list[Harness] = []
    start = Harness.start

    async def starting(self: Harness) -> Harness:
        harnesses.append(self)
        return await start(self)

    monkeypatch.setattr(Harness, "start", starting)
    render = Renderer.render

    async def rendering(self: Renderer, *args: Any, **kwargs: Any) -> Rendered:
        rendered = await render(self, *args, **kwargs)
        said.extend(_rendered_texts(rendered))
        return rendered

    monkeypatch.setattr(Renderer, "render", rendering)
    yield
    said += [line for h in harnesses for line in h.lines]
    found = [f"  {text!r}\n    {p}" for text in dict.fromkeys(said) for p in problems(text)]
    if found:
        pytest.fail(
            f"{request.node.nodeid} made the bot say what does not read right:\n"
            + "\n".join(found),
            pytrace=False,
        )
