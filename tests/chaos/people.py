"""Plain Matrix clients for the chaos test: many people on one HTTP session, retrying outages."""

from __future__ import annotations

import asyncio
import json
import secrets
import urllib.parse
from dataclasses import dataclass
from typing import Any

import aiohttp

Event = dict[str, Any]


@dataclass
class Person:
    """One account; every request is retried while the homeserver is down."""

    user_id: str
    token: str

    def __hash__(self) -> int:
        return hash(self.user_id)


class Homeserver:
    """The client-server API, as independent clients use it (never the bot's own code)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))

    async def close(self) -> None:
        await self.session.close()

    async def call(
        self,
        who: Person,
        method: str,
        path: str,
        body: Event | None = None,
        query: dict[str, str] | None = None,
    ) -> Event:
        """One request, tried again (the same request) while the server cannot answer."""
        url = self.base_url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        headers = {"Authorization": f"Bearer {who.token}"}
        for attempt in range(120):
            try:
                async with self.session.request(method, url, json=body, headers=headers) as resp:
                    if resp.status in (502, 503, 504):
                        raise aiohttp.ClientError(f"HTTP {resp.status}")
                    data: Event = await resp.json(content_type=None)
                    if resp.status == 429:
                        await asyncio.sleep(float(data.get("retry_after_ms", 500)) / 1000)
                        continue
                    if resp.status >= 400:
                        raise AssertionError(f"{method} {path} -> {resp.status}: {data}")
                    return data
            except (aiohttp.ClientError, TimeoutError, json.JSONDecodeError):
                await asyncio.sleep(min(2.0, 0.2 * (attempt + 1)))
        raise AssertionError(f"{method} {path}: the homeserver never answered")

    async def send(
        self, who: Person, room: str, content: Event, kind: str = "m.room.message"
    ) -> str:
        """Send an event with one transaction id for every try (so a retry is not a repeat)."""
        txn = secrets.token_hex(8)
        path = f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/send/{kind}/{txn}"
        return str((await self.call(who, "PUT", path, content))["event_id"])

    async def say(self, who: Person, room: str, text: str) -> str:
        return await self.send(who, room, {"msgtype": "m.text", "body": text})

    async def join(self, who: Person, room: str) -> None:
        await self.call(who, "POST", f"/_matrix/client/v3/join/{urllib.parse.quote(room)}", {})

    async def messages(self, who: Person, room: str) -> list[Event]:
        """Every event of a room the person can see, oldest first."""
        found: list[Event] = []
        token: str | None = None
        path = f"/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/messages"
        while True:
            query = {"dir": "b", "limit": "500"} | ({"from": token} if token else {})
            page = await self.call(who, "GET", path, query=query)
            found.extend(page.get("chunk") or [])
            token = page.get("end")
            if not token or not page.get("chunk"):
                return found[::-1]

    async def invites(self, who: Person) -> list[str]:
        """The rooms the person is invited to, from their own /sync."""
        sync_filter = json.dumps({"room": {"timeline": {"limit": 1}}})
        data = await self.call(who, "GET", "/_matrix/client/v3/sync", query={"filter": sync_filter})
        return list(((data.get("rooms") or {}).get("invite") or {}).keys())

    async def joined(self, who: Person) -> list[str]:
        """The rooms the person is in now (/sync without a token may answer from a cache)."""
        data = await self.call(who, "GET", "/_matrix/client/v3/joined_rooms")
        return [str(r) for r in data.get("joined_rooms") or []]
