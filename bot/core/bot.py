"""The Bot: holds cogs, commands and state, and turns invocations into replies."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from bot.core.buttons import Buttons
from bot.core.clock import Clock
from bot.core.cog import Cog
from bot.core.commands import CommandSpec
from bot.core.context import Context, Invocation
from bot.core.delivery import Deliverer
from bot.core.errors import UserError
from bot.core.events import Event, Events, GroupCreated, MemberJoined
from bot.core.features import Features
from bot.core.i18n import N_, _, either, join, speaking
from bot.core.members import Group, Members
from bot.core.model import Reply, Role, User
from bot.core.outbox import KEPT, Outbox, written
from bot.core.outlet import Outlet
from bot.core.parser import Parsed, UnknownCommand, bind, find_command, split_words, suggest
from bot.core.people import People
from bot.core.posting import Posting
from bot.core.readers import Undone, answered
from bot.core.scheduler import Scheduler
from bot.core.services import Services
from bot.core.settings import BOT_CHANNEL, CORE, LANGUAGE, TIMEZONE, SettingsRegistry
from storage.db import Database
from storage.groups import GroupRepository
from storage.posts import PostRepository

log = logging.getLogger(__name__)

# The one answer to a command that crashed, on every platform; the details go to the log.
APOLOGY = N_(
    "Sorry, something went wrong on my side and I could not finish that. Please try again; "
    "if it keeps happening, tell an organiser (the details are in the bot's log)."
)


def settings_registry(cogs: Iterable[type[Cog]]) -> SettingsRegistry:
    """Every setting the core and these cogs declare."""
    registry = SettingsRegistry()
    registry.add(CORE, (TIMEZONE, LANGUAGE, BOT_CHANNEL))
    for cog in cogs:
        if cog.settings:
            registry.add(cog.feature, cog.settings)
    return registry


class Bot:
    """One process's bot: every platform drives it through `handle_text` or `invoke`.

    Cogs never see it: they get `Services`. Platforms hold it and use its public methods.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        cogs: Iterable[type[Cog]],
        group_config: Mapping[str, Any] | None = None,
    ) -> None:
        cog_classes = list(cogs)
        self.db = db
        self.clock = clock
        self.settings = settings_registry(cog_classes)
        self.members = Members(
            db, clock, self.settings, self.settings.defaults_from_config(group_config or {})
        )
        self.groups = GroupRepository(db.reader)
        self.posts = PostRepository(db.reader)
        self.buttons = Buttons(db)
        self.people = People(db, self.members)
        self.cogs: dict[str, Cog] = {}
        self.events = Events()
        self.features = Features(db, self.members, self.people, self.cogs, self.events)
        self.scheduler = Scheduler(db, clock, self.members)
        self.commands: dict[str, CommandSpec] = {}
        self.members.on_created.append(lambda group_id: self.events.emit(GroupCreated(group_id)))
        self.outbox = Outbox(db, self.people, clock, self.scheduler)
        self.deliverer = Deliverer(db, clock, self.outbox)
        self.posting = Posting(db, self.outbox, self.deliverer)
        self.services = Services(
            db=db,
            clock=clock,
            scheduler=self.scheduler,
            members=self.members,
            people=self.people,
            posting=self.posting,
            nudges=self.outbox,
            events=self.events,
            settings=self.settings,
            commands=MappingProxyType(self.commands),
            features=self.features,
        )
        for cog_class in cog_classes:
            self.add_cog(cog_class(self.services))

    def add_cog(self, cog: Cog) -> None:
        """Register a cog's commands, jobs and listeners."""
        self.cogs[type(cog).__name__] = cog
        for spec in cog.command_specs():
            if spec.name in self.commands:
                raise ValueError(f"command {spec.name!r} is declared twice")
            self.commands[spec.name] = spec
        for kind, handler in cog.jobs().items():
            self.scheduler.register(kind, handler)
        for event_type, funcs in cog.listeners().items():
            for func in funcs:
                self.events.listen(event_type, func)

    async def emit(self, event: Event) -> None:
        """Tell every listener of the event's type; one failing does not stop the others."""
        await self.events.emit(event)

    def serve_only(self, serves: Callable[[str | None], bool]) -> None:
        """Run scheduled work and send messages only for the groups `serves` accepts.

        Several processes sharing one database split the groups between them this way
        (Discord's shards); what a process does not serve, another does.
        """
        self.scheduler.serves = serves
        self.deliverer.serves = serves

    async def start(
        self, outlet: Outlet, *, keep_time: bool | None = None, send: bool = True
    ) -> None:
        """Attach the platform, start cogs, re-arm timers, run overdue work, send what is owed.

        With `keep_time` (chat platforms always; the shell on a real clock), a timer task and
        a delivery task keep going from here, so deadlines and messages happen with nobody
        typing. Without it (tests driving the shell), `pump` makes time pass. Without `send`,
        only scheduled work runs; another process sharing the database sends its messages.
        """
        keep = self.clock.is_real if keep_time is None else keep_time
        async with self.db.transaction() as tx:
            await self.outbox.repo.prune(tx, self.clock.now() - KEPT)
        for cog in self.cogs.values():
            await cog.start()
        await self.scheduler.start(keep_time=keep)
        # What a crash left owed (the rest of a reminder fan-out) goes out now, once. A
        # process that does not send (a Matrix worker) leaves it to the one that does.
        if send:
            await self.deliverer.start(outlet, keep_sending=keep)

    async def stop(self) -> None:
        """Stop the timer and delivery tasks (what is owed stays owed); the caller closes the db."""
        await self.scheduler.stop()
        await self.deliverer.stop()

    async def pump(self) -> None:
        """Run due work and send what is owed until nothing is left (the shell, tests)."""
        while await self.scheduler.run_due() + await self.deliverer.deliver_due():
            pass

    @contextlib.asynccontextmanager
    async def holding(self) -> AsyncIterator[None]:
        """Keep the timer and delivery tasks waiting (the shell, while it shows an answer)."""
        async with self.scheduler.held(), self.deliverer.held():
            yield

    async def settle(self) -> None:
        """Everything due has run and everything owed has been sent (tests)."""
        await self.pump()

    # -- groups and members -------------------------------------------------------------

    async def group(self, group_id: str, name: str = "") -> Group:
        """The group, created with default settings the first time it is seen."""
        return await self.members.group(group_id, name)

    async def member_seen(self, group_id: str, user: User, role: Role | None = None) -> None:
        """Remember that someone is in a group (they count for turnout and nudges)."""
        await self.members.seen(group_id, user, role)

    async def member_joined(self, group_id: str, group_name: str, user: User) -> None:
        """A platform saw someone join: remember them and tell the cogs."""
        group = await self.group(group_id, group_name)
        await self.member_seen(group_id, user)
        await self.emit(MemberJoined(group.id, user))

    async def member_left(self, group_id: str, user_id: str) -> None:
        """A platform saw someone leave: forgotten exactly as by `!me forget`."""
        await self.features.forget(group_id, user_id)

    # -- commands -----------------------------------------------------------------------

    async def context(self, inv: Invocation) -> Context:
        """The context for an invocation, registering the group and the person."""
        group = await self.group(inv.group_id, inv.group_name)
        await self.members.seen(inv.group_id, inv.user, inv.role)
        return Context(group, inv.channel_id, inv.user, inv.role, self.clock, self.posting)

    async def languages(self, inv: Invocation) -> tuple[str, str]:
        """(the group's language, the person's own): channels hear one, the person the other."""
        group = await self.group(inv.group_id, inv.group_name)
        own = await self.people.language_of(inv.group_id, inv.user.id)
        return group.settings.language, own

    async def handle_text(self, text: str, inv: Invocation) -> Reply:
        """Parse a typed command and run it; every problem becomes a clear reply."""
        found = self._parse(text, inv)
        if isinstance(found, Reply):  # refused before it runs: privately, in their language
            _group, own = await self.languages(inv)
            with speaking(own):
                refused = self._parse(text, inv)
            assert isinstance(refused, Reply)
            return written(refused)
        if isinstance(found, str):
            return await self.handle_text(found, inv)
        if isinstance(found, CommandSpec):
            return await self.invoke(found, {}, (), inv)
        return await self.invoke(found.spec, found.args, found.variadic, inv)

    def _parse(self, text: str, inv: Invocation) -> Parsed | Reply | CommandSpec | str:
        """The command typed; a refusal; a command to show; or other text to handle instead."""
        try:
            words = split_words(text)
            if not words:
                return "help"
            spec, rest = find_command(words, self.commands)
            if spec is None:
                typed = " ".join(words[:2]).lower()
                groups = {s.group for s in self.commands.values()}
                if words[0].lower() in groups and len(words) == 1:
                    # `!me` or `!settings` alone shows; other groups alone explain themselves.
                    shown = self.commands.get(words[0].lower() + " show")
                    if shown and not any(p.required for p in shown.params):
                        return shown
                    return "help " + words[0].lower()
                close = suggest(typed, self.commands)
                if close:
                    raise UnknownCommand(
                        _(
                            "There is no command {typed}. Did you mean {commands}? Type !help "
                            "to see all.",
                            typed=repr(typed),
                            commands=either("!" + c for c in close),
                        )
                    )
                raise UnknownCommand(
                    _("There is no command {typed}. Type !help to see all.", typed=repr(typed))
                )
            return bind(spec, rest)
        except UserError as e:
            return Reply.refusal(e.message)

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
        with speaking(await self.people.own_language(user.id)):
            refused = await self._locate_private(text, user, platform)
        if isinstance(refused, Reply):
            return None, written(refused)
        group_id, parsed = refused
        group = await self.group(group_id)
        inv = Invocation(group_id, group.name, channel_id, user, await role_in(group_id))
        reply = await self.invoke(parsed.spec, parsed.args, parsed.variadic, inv, private_chat=True)
        return group_id, reply

    async def _locate_private(
        self, text: str, user: User, platform: str
    ) -> tuple[str, Parsed] | Reply:
        """The group a command typed in a private chat points at, and the command; or why not."""
        private = sorted(n for n, s in self.commands.items() if s.locate)
        elsewhere = _(
            "In a private chat with me you can use {commands}. Type other commands in your "
            "group's room.",
            commands=join(f"!{n}" for n in private),
        )
        try:
            words = split_words(text)
            spec, rest = find_command(words, self.commands) if words else (None, [])
            if spec is None or spec.locate is None:
                return Reply.refusal(elsewhere)
            parsed = bind(spec, rest)
        except UserError as e:
            return Reply.refusal(e.message)
        param, locate = spec.locate
        value = parsed.args.get(param)
        group_id = await locate(value)
        if (
            group_id is None
            or not group_id.startswith(platform + ":")
            or not await self.members.is_member(group_id, user.id)
        ):
            return Reply.refusal(
                _(
                    "I can't find {what} {value} in any group of yours. Check the number in "
                    "your group's room.",
                    what=param.upper(),
                    value=value,
                )
            )
        return group_id, parsed

    async def invoke(
        self,
        spec: CommandSpec,
        args: dict[str, Any],
        variadic: tuple[Any, ...],
        inv: Invocation,
        *,
        private_chat: bool = False,
    ) -> Reply:
        """Check the role and run a command with converted arguments.

        The answer is in the group's language when it is public and in the person's own when
        it is private, or typed in a private chat with the bot (see bot/core/readers.py).
        """
        group_language, own = await self.languages(inv)

        async def run(undo: bool) -> Reply:
            return await self._run(spec, args, variadic, inv, undo=undo)

        return await answered(run, group_language, own, private_chat=private_chat)

    async def _run(
        self,
        spec: CommandSpec,
        args: dict[str, Any],
        variadic: tuple[Any, ...],
        inv: Invocation,
        *,
        undo: bool = False,
    ) -> Reply:
        """Run the command in the language spoken now; with `undo`, keep only its answer."""
        if inv.role < spec.role:
            return written(
                Reply.refusal(
                    _(
                        "!{command} is for {needed} or above; you are {role}. Type !help to "
                        "see what you can do.",
                        command=spec.name,
                        needed=spec.role.a,
                        role=inv.role.a,
                    )
                )
            )
        positional: list[Any] = []
        options: dict[str, Any] = {}
        for p in spec.params:
            if p.kind == "positional":
                positional.append(args.get(p.name, p.default))
            elif p.kind == "variadic":
                positional.extend(variadic)
            else:
                options[p.name] = args.get(p.name, p.default)
        # One transaction for the command and everything it owes (joining the caller's, which
        # may also hold the event's "handled" mark and the answer); within it, the command's
        # own writes are a savepoint, so a refusal or a crash undoes them and nothing else.
        try:
            async with self.db.transaction():
                ctx = await self.context(inv)
                try:
                    async with self.db.transaction():
                        reply = await spec.func(ctx, *positional, **options)
                        if undo:
                            raise Undone(reply)
                except UserError as e:
                    return written(Reply.refusal(e.message))
        except Undone as e:
            reply = e.reply
        except UserError as e:
            return written(Reply.refusal(e.message))
        except Exception:
            log.exception("!%s failed for %s in %s", spec.name, inv.user.id, inv.group_id)
            return written(Reply.refusal(_(APOLOGY)))
        return written(reply or Reply(_("Done.")))

    async def autocomplete(
        self, spec: CommandSpec, param: str, typed: str, inv: Invocation
    ) -> list[tuple[str, str]]:
        """Suggestions for a parameter as someone types it."""
        suggest_values = spec.autocomplete.get(param)
        if suggest_values is None:
            return []
        _group, own = await self.languages(inv)
        with speaking(own):  # only the person typing sees them
            return await suggest_values(await self.context(inv), typed)
