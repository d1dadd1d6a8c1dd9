"""Fixtures shared by the whole suite, and the plain-English check of everything the bot says."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.model import Reply
from bot.platforms.discord.render import Rendered, Renderer
from bot.platforms.matrix.client import MatrixClient
from storage.engine import Database
from tests import engines
from tests.discord.server import FakeServer
from tests.discord.wire import Call
from tests.harness import Harness
from tests.plain_words import problems, reply_texts


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql"),
        default=None,
        help="the storage engine to run every test on (default: $COPROD_TEST_ENGINE or sqlite)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_file: the test is about the SQLite file itself (SQLite on every run)"
    )
    chosen = config.getoption("--engine")
    if chosen:
        # Subprocesses (and tests/engines.py) read the choice from the environment.
        os.environ[engines.ENGINE_VAR] = chosen
    if engines.on_postgres():
        engines.server()  # started before the first test, not inside one


def pytest_unconfigure(config: pytest.Config) -> None:
    if engines.SERVER is not None:
        engines.SERVER.finish()


def pytest_report_header(config: pytest.Config) -> str:
    return f"storage engine: {engines.engine()}"


@pytest.fixture(autouse=True)
def engine_under_test(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """On a PostgreSQL run, a SQLite path a test opens is a PostgreSQL database of its own."""
    if not engines.on_postgres() or request.node.get_closest_marker("sqlite_file"):
        yield
        return
    server = engines.server()
    real = Database.open

    async def redirected(target: object, **kwargs: Any) -> Database:
        text = str(target)
        if "://" not in text:
            kwargs["keys"] = kwargs.get("keys") or f"{text}.keys"
            text = server.database_for(text)
        return await real(text, **kwargs)

    monkeypatch.setattr(Database, "open", staticmethod(redirected))
    yield
    server.drop_made()


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    """An empty PostgreSQL database of the test's own, on every run (SQLite's too)."""
    server = engines.server()
    yield server.database_for(str(tmp_path / "shared.postgresql"))
    server.drop_made()


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


# Keys of a Discord payload whose text people read (a field's "name" only beside its "value").
_READ = ("content", "title", "description", "value", "label", "placeholder")


def _payload_texts(payload: object) -> list[str]:
    """The text people read in what the bot sent Discord: messages, embeds, buttons, menus."""
    if isinstance(payload, list):
        return [t for item in payload for t in _payload_texts(item)]
    if not isinstance(payload, dict):
        return []
    texts = [v for k, v in payload.items() if k in _READ and isinstance(v, str)]
    if isinstance(payload.get("name"), str) and "value" in payload:
        texts.append(payload["name"])
    return texts + [t for v in payload.values() for t in _payload_texts(v)]


def _matrix_texts(content: dict[str, Any]) -> list[str]:
    """What a Matrix client shows of an event the bot sent: its body, or an edit's new body."""
    new = content.get("m.new_content")
    shown = [content.get("body"), new.get("body") if isinstance(new, dict) else None]
    return [t for t in shown if isinstance(t, str)]


@pytest.fixture(autouse=True)
def plain_words(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test: what the bot said reads right ("1 meeting", never "1 meetings" or "(s)").

    Every Reply made while the test runs, the shell's transcript, Discord's rendered
    messages and every message, answer and refusal the fake Discord server receives (its
    command registrations aside), and every event sent to Matrix are read by
    tests/plain_words.py; a slip fails the test, naming the text.
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
    respond = FakeServer.respond

    def responding(self: FakeServer, call: Call) -> tuple[int, Any]:
        if isinstance(call.json, dict):  # a message, an edit or an interaction's answer
            said.extend(_payload_texts(call.json))
        return respond(self, call)

    monkeypatch.setattr(FakeServer, "respond", responding)
    send = MatrixClient.send

    async def sending(self: MatrixClient, room_id: str, event_type: str, content: Any,
                      txn_id: str | None = None) -> str:  # fmt: skip
        if isinstance(content, dict):
            said.extend(_matrix_texts(content))
        return await send(self, room_id, event_type, content, txn_id)

    monkeypatch.setattr(MatrixClient, "send", sending)
    yield
    said += [line for h in harnesses for line in h.lines]
    found = [f"  {text!r}\n    {p}" for text in dict.fromkeys(said) for p in problems(text)]
    if found:
        pytest.fail(
            f"{request.node.nodeid} made the bot say what does not read right:\n"
            + "\n".join(found),
            pytrace=False,
        )
