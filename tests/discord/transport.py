"""The fake's wire: discord.py's real HTTPClient with an aiohttp session answered in memory."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator, Callable, Mapping
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import aiohttp
import discord
from discord.http import HTTPClient, Route

from .wire import Call


class Responder(Protocol):
    """The server side: answers one request."""

    def respond(self, call: Call) -> tuple[int, Any]:
        """Status and JSON body for a request."""
        ...


class FakeResponse:
    """Just enough of aiohttp.ClientResponse for discord.py's request loops and HTTPException."""

    def __init__(self, method: str, url: str, status: int, body: Any) -> None:
        self.method, self.url, self.status = method, url, status
        self.reason = HTTPStatus(status).phrase
        self._text = "" if body is None else json.dumps(body)
        self.headers = {"content-type": "application/json"} if body is not None else {}
        if status == 429:  # discord.py takes a 429 without Via for a Cloudflare ban
            self.headers |= {"Via": "1.1 google", "X-RateLimit-Scope": "user"}

    async def text(self, encoding: str | None = None) -> str:
        """Return the body text."""
        return self._text

    async def read(self) -> bytes:
        """Return the body bytes."""
        return self._text.encode()


class FakeSession:
    """Stands in for aiohttp.ClientSession; every request is answered in memory."""

    def __init__(self, handler: Callable[[str, str, Any, Mapping[str, Any]], FakeResponse]) -> None:
        self._handler = handler
        self.closed = False

    @contextlib.asynccontextmanager
    async def request(
        self, method: str, url: str, *, data: Any = None, params: Any = None, **_: Any
    ) -> AsyncIterator[FakeResponse]:
        """Answer one request, used as ``async with session.request(...) as response``."""
        if self.closed:
            raise RuntimeError("Session is closed")
        yield self._handler(method, url, data, params or {})

    def get(self, url: str, **kwargs: Any) -> contextlib.AbstractAsyncContextManager[FakeResponse]:
        """Answer a GET request."""
        return self.request("GET", url, **kwargs)

    async def close(self) -> None:
        """Mark the session closed."""
        self.closed = True


def _decode(data: Any) -> tuple[Any, list[tuple[str, bytes]]]:
    """Decode a JSON string or a multipart FormData (payload_json + files) request body."""
    if data is None:
        return None, []
    if isinstance(data, str | bytes):
        return json.loads(data), []
    if not isinstance(data, aiohttp.FormData):
        raise TypeError(f"unexpected request body {data!r}")
    body, files = None, []
    for options, _headers, value in data._fields:
        if options["name"] == "payload_json":
            body = json.loads(value)
        elif "filename" in options:
            pos = value.tell()
            files.append((options["filename"], value.read()))
            value.seek(pos)
    return body, files


class FakeHTTP(HTTPClient):
    """A real discord.py HTTPClient whose aiohttp session is a FakeSession (answered in memory)."""

    def __init__(self, server: Responder) -> None:
        super().__init__(asyncio.get_running_loop())
        self.server = server
        self.calls: list[Call] = []
        self.session = FakeSession(self._handle)
        # the private session is used by HTTPClient.request and by interaction webhooks
        self._HTTPClient__session = self.session
        self._global_over = asyncio.Event()
        self._global_over.set()

    async def static_login(self, token: str) -> Any:
        """Log in without creating a real aiohttp session; a 401 is a LoginFailure, as for real."""
        self.token = token
        try:
            return await self.request(Route("GET", "/users/@me"))
        except discord.HTTPException as exc:
            if exc.status == 401:
                raise discord.LoginFailure("Improper token has been passed.") from exc
            raise

    def _handle(self, method: str, url: str, data: Any, params: Mapping[str, Any]) -> FakeResponse:
        body, files = _decode(data)
        path = unquote(re.sub(r"^/api/v\d+", "", urlsplit(url).path))
        call = Call(method, path, body, files, {k: str(v) for k, v in params.items()})
        self.calls.append(call)
        status, answer = self.server.respond(call)
        return FakeResponse(method, url, status, answer)
