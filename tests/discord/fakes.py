"""Fake Discord: real discord.py Client, CommandTree and views over an in-memory HTTP layer."""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Callable, Sequence
from typing import Any, Self

import discord
from discord import app_commands

from . import payloads as p
from .builders import InteractionBuilder
from .payloads import Payload
from .server import Call
from .transport import FakeHTTP


def default_client() -> discord.Client:
    """Build a plain Client (default intents) with a CommandTree attached."""
    client = discord.Client(intents=discord.Intents.default())
    app_commands.CommandTree(client)
    return client


# Tasks that are not an interaction's work: a view's timeout sleeper, and the bot's
# coalesced redraw of a living message (waited for by bot.settle(), after its delay).
BACKGROUND = ("__timeout_task_impl", "Scheduler._tick", "Deliverer._run")


class FakeDiscord(InteractionBuilder):
    """Server-side Discord state plus a real discord.py Client logged in over FakeHTTP.

    Usage::

        async with FakeDiscord(make_client) as fd:        # login, setup_hook, READY, GUILD_CREATE
            inter = await fd.dispatch(fd.slash("poll vote", id=3, choice="a"))
            assert fd.reply(inter).ephemeral               # callback type 4 with flag 64
            await fd.restart()                             # same server state, new client
            await fd.dispatch(fd.click("vote:3:a"))        # finds the stored message by custom_id
    """

    def __init__(
        self,
        make_client: Callable[[], discord.Client] = default_client,
        *,
        guilds: Sequence[Payload] | None = None,
    ) -> None:
        super().__init__(guilds)
        self.make_client = make_client
        self._client: discord.Client | None = None
        self._http: FakeHTTP | None = None
        self._tasks: list[asyncio.Task[Any]] = []  # every task created while started
        self._background: set[asyncio.Task[Any]] = set()  # long-lived tasks settle() ignores
        self._prev_factory: Any = None

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def client(self) -> discord.Client:
        """The running client."""
        if self._client is None:
            raise RuntimeError("FakeDiscord is not started")
        return self._client

    @property
    def http(self) -> FakeHTTP:
        """The current client's FakeHTTP (its call log restarts with every restart())."""
        if self._http is None:
            raise RuntimeError("FakeDiscord is not started")
        return self._http

    @property
    def tree(self) -> app_commands.CommandTree[Any]:
        """The client's CommandTree."""
        tree = self.client._connection._command_tree
        if tree is None:
            raise RuntimeError("the client has no CommandTree")
        return tree

    async def start(self) -> discord.Client:
        """Build a client, log in over FakeHTTP (runs setup_hook), feed READY and GUILD_CREATE."""
        loop = asyncio.get_running_loop()
        self._prev_factory = loop.get_task_factory()
        loop.set_task_factory(self._track)
        self._tasks, self._background = [], set()
        try:
            return await self._boot()
        except BaseException:
            await self.close()
            raise

    def attach(self, client: discord.Client) -> FakeHTTP:
        """Give a client this server's FakeHTTP (and a gateway chunker), without logging in."""
        self._client, self._http = client, FakeHTTP(self)
        state = client._connection
        client.http = state.http = self._http
        if state._command_tree is not None:
            state._command_tree._http = self._http
        state.guild_ready_timeout = 0.01
        state.chunker = self._chunker  # type: ignore[method-assign]
        return self._http

    async def _chunker(
        self,
        guild_id: int,
        query: str | None = "",
        limit: int = 0,
        presences: bool = False,
        *,
        nonce: str | None = None,
        **_: Any,
    ) -> None:
        """Answer a gateway member request (members intent) with one GUILD_MEMBERS_CHUNK."""
        members = copy.deepcopy(self.guilds[guild_id]["members"])
        chunk = {"guild_id": str(guild_id), "members": members, "chunk_index": 0}
        chunk |= {"chunk_count": 1, "nonce": nonce, "not_found": []}
        self.client._connection.parsers["GUILD_MEMBERS_CHUNK"](chunk)

    async def _boot(self) -> discord.Client:
        client = self.make_client()
        self.attach(client)
        await client.login("fake-bot-token")
        state = client._connection
        state.parsers["READY"](p.ready(self.bot, list(self.guilds)))
        for g in self.guilds.values():
            state.parsers["GUILD_CREATE"](self._guild_create(g))
        await asyncio.wait_for(client.wait_until_ready(), 5)
        await self.settle()
        return client

    def _guild_create(self, guild: Payload) -> Payload:
        """GUILD_CREATE as this client gets it: members listed only with the members intent."""
        payload = copy.deepcopy(guild)
        payload["member_count"] = len(guild["members"])  # kept current, as Discord does
        if not self.client.intents.members:
            payload["members"] = [
                m for m in payload["members"] if m["user"]["id"] == self.bot["id"]
            ]
        return payload

    async def close(self) -> None:
        """Close the client and cancel every task it left behind (view timeouts, loops)."""
        if self._client is not None:
            await self._client.close()
        me = asyncio.current_task()
        leftovers = [t for t in self._tasks if not t.done() and t is not me]
        for t in leftovers:
            t.cancel()
        await asyncio.gather(*leftovers, return_exceptions=True)
        asyncio.get_running_loop().set_task_factory(self._prev_factory)
        self._client = self._http = None

    async def restart(self) -> discord.Client:
        """Simulate a bot restart: fresh Client/CommandTree/FakeHTTP, same server-side state."""
        await self.close()
        return await self.start()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _track(self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> Any:
        """Task factory: create the task as usual and remember it for settle() and close()."""
        if self._prev_factory is not None:
            task = self._prev_factory(loop, coro, **kwargs)
        else:
            task = asyncio.Task(coro, loop=loop, **kwargs)
        self._tasks.append(task)
        return task

    async def settle(self, max_wait: float = 5.0) -> None:
        """Wait for discord.py's dispatch tasks (and what they spawn) to end; re-raise crashes.

        Every task is work to wait for until it ends, except those known to be background by
        what they run (BACKGROUND); no wall-clock grace decides, so a slow
        machine cannot make a test assert before the work is done. `max_wait` only turns a
        hang into a failure naming the tasks.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max_wait
        errors: list[BaseException] = []
        while True:
            for t in [t for t in self._tasks if t.done()]:
                self._tasks.remove(t)
                if not t.cancelled() and (e := t.exception()) is not None:
                    errors.append(e)
            me = asyncio.current_task()
            pending = [t for t in self._tasks if t not in self._background and t is not me]
            for t in pending:  # known by what they run, never by how long they take
                if any(b in getattr(t.get_coro(), "__qualname__", "") for b in BACKGROUND):
                    self._background.add(t)
            pending = [t for t in pending if t not in self._background]
            if not pending:
                break
            if loop.time() >= deadline:
                raise TimeoutError(f"tasks still running: {sorted(t.get_name() for t in pending)}")
            await asyncio.wait(pending, timeout=deadline - loop.time())
        if errors:
            raise errors[0]

    # -- gateway events and dispatch ---------------------------------------------------------

    async def gateway(self, event: str, payload: Payload) -> None:
        """Feed one gateway event (e.g. GUILD_MEMBER_ADD) to the real parser, then settle.

        Member events reach only a client with the members intent, as on Discord.
        """
        if event.startswith("GUILD_MEMBER_") and not self.client.intents.members:
            return
        self.client._connection.parsers[event](copy.deepcopy(payload))
        await self.settle()

    async def member_leave(self, user_id: int) -> None:
        """Someone leaves the first guild: removed server-side, sent as GUILD_MEMBER_REMOVE."""
        guild = next(iter(self.guilds.values()))
        guild["members"] = [m for m in guild["members"] if int(m["user"]["id"]) != user_id]
        body = {"guild_id": guild["id"], "user": self.users[user_id]}
        await self.gateway("GUILD_MEMBER_REMOVE", body)

    async def deny(self, channel_id: int, **denied: bool) -> None:
        """Deny the bot permissions in a channel, and tell the client (CHANNEL_UPDATE)."""
        self.restrict(channel_id, **denied)
        if self._client is not None:
            await self.gateway("CHANNEL_UPDATE", self.channels[channel_id])

    async def member_join(self, user_id: int, name: str, roles: Sequence[int] = ()) -> None:
        """Someone joins the first guild: stored server-side and sent as GUILD_MEMBER_ADD."""
        guild = next(iter(self.guilds.values()))
        u = p.user(user_id, name)
        self.users[user_id] = u
        m = p.member(u, roles)
        guild["members"].append(m)
        await self.gateway("GUILD_MEMBER_ADD", {**m, "guild_id": guild["id"]})

    def interaction(self, payload: Payload) -> discord.Interaction:
        """Build a real discord.Interaction from a payload without dispatching it."""
        data: Any = copy.deepcopy(payload)
        return discord.Interaction(data=data, state=self.client._connection)

    async def dispatch(self, payload: Payload) -> discord.Interaction:
        """Feed INTERACTION_CREATE to the real gateway parser, settle, return the Interaction."""
        iid = int(payload["id"])
        waiter = asyncio.ensure_future(
            self.client.wait_for("interaction", check=lambda i: i.id == iid, timeout=5)
        )
        await asyncio.sleep(0)  # let wait_for register its listener
        try:
            self.client._connection.parsers["INTERACTION_CREATE"](copy.deepcopy(payload))
        except BaseException:
            waiter.cancel()
            raise
        interaction: discord.Interaction = await waiter
        await self.settle()
        return interaction

    # -- reading what the bot did -----------------------------------------------------------

    def calls(self, method: str | None = None, path: str | None = None) -> list[Call]:
        """Requests of the current client, filtered by method and path regex (full match)."""
        return [
            c
            for c in self.http.calls
            if (method is None or c.method == method)
            and (path is None or re.fullmatch(path, c.path))
        ]
