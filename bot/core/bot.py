"""The Bot: holds cogs, commands and state, and turns invocations into replies."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from bot.core.clock import Clock
from bot.core.commands import Cog, CommandSpec
from bot.core.context import Context, Invocation
from bot.core.errors import UserError
from bot.core.model import Reply, Role, User
from bot.core.outlet import Outlet, SilentOutlet
from bot.core.parser import UnknownCommand, bind, find_command, split_words, suggest
from bot.core.scheduler import Scheduler
from storage.db import Database
from storage.groups import Group, GroupRepository, GroupSettings
from storage.posts import PostRepository
from storage.scheduled import ScheduledRepository

log = logging.getLogger(__name__)


class Bot:
    """One process's bot: every platform drives it through `handle_text` or `invoke`."""

    def __init__(
        self, db: Database, clock: Clock, defaults: GroupSettings, cogs: Iterable[type[Cog]]
    ) -> None:
        self.db = db
        self.clock = clock
        self.defaults = defaults
        self.groups = GroupRepository(db.reader)
        self.posts = PostRepository(db.reader)
        self.scheduled = ScheduledRepository(db.reader)
        self.scheduler = Scheduler(self)
        self.outlet: Outlet = SilentOutlet()
        self.cogs: dict[str, Cog] = {}
        self.commands: dict[str, CommandSpec] = {}
        self._groups: dict[str, Group] = {}
        self._members: set[tuple[str, str, str]] = set()
        # Living-message refreshes are coalesced: a burst of votes edits the message once.
        self.refresh_delay = 0.0
        self._refreshing: set[tuple[str, str]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.listeners: dict[str, list[Callable[..., Awaitable[None]]]] = {}
        for cog_class in cogs:
            self.add_cog(cog_class(self))

    def add_cog(self, cog: Cog) -> None:
        """Register a cog's commands and jobs."""
        self.cogs[type(cog).__name__] = cog
        for spec in cog.command_specs():
            if spec.name in self.commands:
                raise ValueError(f"command {spec.name!r} is declared twice")
            self.commands[spec.name] = spec
        for kind, handler in cog.jobs().items():
            self.scheduler.register(kind, handler)
        for event, funcs in cog.listeners().items():
            self.listeners.setdefault(event, []).extend(funcs)

    async def emit(self, event: str, *args: Any) -> None:
        """Tell every listener of `event`; one failing listener does not stop the others."""
        for func in self.listeners.get(event, []):
            try:
                await func(*args)
            except Exception:
                log.exception("listener for %s failed", event)

    async def start(self, outlet: Outlet) -> None:
        """Attach the platform, start cogs, re-arm timers and run overdue work."""
        self.outlet = outlet
        for cog in self.cogs.values():
            await cog.start()
        await self.scheduler.start()

    async def stop(self) -> None:
        """Finish pending refreshes and stop timers; the caller closes the database."""
        await self.settle()
        self.scheduler.stop()

    def refresh(self, group_id: str, key: str, produce: Callable[[], Awaitable[Reply]]) -> None:
        """Redraw a living message soon, once for a burst of changes."""
        if not getattr(self.outlet, "live_updates", True) or (group_id, key) in self._refreshing:
            return
        self._refreshing.add((group_id, key))
        task = asyncio.create_task(self._refresh(group_id, key, produce))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh(
        self, group_id: str, key: str, produce: Callable[[], Awaitable[Reply]]
    ) -> None:
        await asyncio.sleep(self.refresh_delay)
        # Cleared before producing, so a change made from here on asks for another redraw.
        self._refreshing.discard((group_id, key))
        try:
            await self.outlet.update(group_id, key, await produce())
        except Exception:
            log.exception("could not refresh %s in %s", key, group_id)

    async def settle(self) -> None:
        """Wait for pending living-message refreshes (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- groups and members -------------------------------------------------------------

    async def group(self, group_id: str, name: str = "") -> Group:
        """The group, created with default settings the first time it is seen."""
        cached = self._groups.get(group_id)
        if cached is not None:
            return cached
        group = await self.groups.get(group_id)
        if group is None:
            async with self.db.transaction() as tx:
                await self.groups.create(
                    tx, group_id, name or group_id, self.defaults, self.clock.now()
                )
            group = await self.groups.get(group_id)
            assert group is not None
        self._groups[group_id] = group
        return group

    def forget_group(self, group_id: str) -> None:
        """Drop the cached copy after its settings change."""
        self._groups.pop(group_id, None)

    async def member_seen(self, group_id: str, user: User) -> None:
        """Remember that someone is in a group (they count for turnout and nudges)."""
        key = (group_id, user.id, user.name)
        if key in self._members:
            return
        async with self.db.transaction() as tx:
            await self.groups.add_member(tx, group_id, user.id, user.name)
        self._members.add(key)

    async def member_joined(self, group_id: str, group_name: str, user: User) -> None:
        """A platform saw someone join: remember them and tell the cogs."""
        group = await self.group(group_id, group_name)
        await self.member_seen(group_id, user)
        await self.emit("member_joined", group, user)

    async def member_left(self, group_id: str, user_id: str) -> None:
        """A platform saw someone leave: they no longer count, and nothing more is kept."""
        async with self.db.transaction() as tx:
            removed = await self.groups.remove_member(tx, group_id, user_id)
        self._members = {m for m in self._members if m[:2] != (group_id, user_id)}
        if removed:
            group = await self.group(group_id)
            await self.emit("member_left", group, user_id)

    # -- commands -----------------------------------------------------------------------

    async def context(self, inv: Invocation) -> Context:
        """The context for an invocation, registering the group and the person."""
        group = await self.group(inv.group_id, inv.group_name)
        await self.member_seen(inv.group_id, inv.user)
        return Context(self, group, inv.channel_id, inv.user, inv.role)

    async def handle_text(self, text: str, inv: Invocation) -> Reply:
        """Parse a typed command and run it; every problem becomes a clear reply."""
        try:
            words = split_words(text)
            if not words:
                return await self.handle_text("help", inv)
            spec, rest = find_command(words, self.commands)
            if spec is None:
                typed = " ".join(words[:2]).lower()
                groups = {s.group for s in self.commands.values()}
                if words[0].lower() in groups and len(words) == 1:
                    return await self.handle_text("help " + words[0].lower(), inv)
                close = suggest(typed, self.commands)
                hint = (
                    ("Did you mean: " + ", ".join("!" + c for c in close) + "? ") if close else ""
                )
                raise UnknownCommand(f"There is no command {typed!r}. {hint}Type !help to see all.")
            parsed = bind(spec, rest)
        except UserError as e:
            return Reply.refusal(e.message)
        return await self.invoke(parsed.spec, parsed.args, parsed.variadic, inv)

    async def handle_private_text(
        self,
        text: str,
        user: User,
        channel_id: str,
        platform: str,
        role_in: Callable[[str], Awaitable[Role]],
    ) -> tuple[str | None, Reply]:
        """Run a command typed in a private chat with the bot, in the group it points at.

        Only commands that declare `locate` work here (e.g. `!poll vote ID`): the group is
        the one the poll belongs to, and the person must be a member of it. Returns the
        group id (None if none was found) and the answer.
        """
        private = sorted(n for n, s in self.commands.items() if s.locate)
        elsewhere = (
            "In a private chat with me you can use "
            + ", ".join(f"!{n}" for n in private)
            + ". Type other commands in your group's room."
        )
        try:
            words = split_words(text)
            spec, rest = find_command(words, self.commands) if words else (None, [])
            if spec is None or spec.locate is None:
                return None, Reply.refusal(elsewhere)
            parsed = bind(spec, rest)
        except UserError as e:
            return None, Reply.refusal(e.message)
        param, method = spec.locate
        value = parsed.args.get(param)
        group_id = await getattr(self.cogs[spec.cog], method)(value)
        if (
            group_id is None
            or not group_id.startswith(platform + ":")
            or not await self.groups.is_member(group_id, user.id)
        ):
            return None, Reply.refusal(
                f"I can't find {param.upper()} {value} in any group of yours. "
                f"Check the number in your group's room."
            )
        group = await self.group(group_id)
        inv = Invocation(group_id, group.name, channel_id, user, await role_in(group_id))
        reply = await self.invoke(parsed.spec, parsed.args, parsed.variadic, inv)
        return group_id, reply

    async def invoke(
        self,
        spec: CommandSpec,
        args: dict[str, Any],
        variadic: tuple[Any, ...],
        inv: Invocation,
    ) -> Reply:
        """Check the role and run a command with converted arguments."""
        if inv.role < spec.role:
            return Reply.refusal(
                f"!{spec.name} is for {spec.role.a} or above; you are {inv.role.a}. "
                "Type !help to see what you can do."
            )
        try:
            ctx = await self.context(inv)
            positional: list[Any] = []
            options: dict[str, Any] = {}
            for p in spec.params:
                if p.kind == "positional":
                    positional.append(args.get(p.name, p.default))
                elif p.kind == "variadic":
                    positional.extend(variadic)
                else:
                    options[p.name] = args.get(p.name, p.default)
            reply = await spec.func(ctx, *positional, **options)
        except UserError as e:
            return Reply.refusal(e.message)
        return reply or Reply("Done.")

    async def autocomplete(
        self, spec: CommandSpec, param: str, typed: str, inv: Invocation
    ) -> list[tuple[str, str]]:
        """Suggestions for a parameter as someone types it."""
        method = spec.autocomplete.get(param)
        if method is None:
            return []
        ctx = await self.context(inv)
        return await self.cogs[spec.cog].suggest(ctx, method, typed)
