"""Declaring features: Cog, @command, @job and the parameter specs built from signatures."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from bot.core.model import Reply, Role

if typing.TYPE_CHECKING:
    from bot.core.bot import Bot
    from bot.core.context import Context

CommandFunc = Callable[..., Awaitable[Reply | None]]


@dataclass(frozen=True)
class Param:
    """One parameter of a command, derived from the handler's signature.

    kind is 'positional', 'variadic' (one or more words), 'option' (`--name value`)
    or 'flag' (`--name`).
    """

    name: str
    type: type
    kind: str
    description: str
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()
    min_count: int = 0
    max_count: int = 0
    metavar: str = ""

    @property
    def shown(self) -> str:
        """How the value is named in usage lines: WHEN, ID."""
        return self.metavar or self.name.upper()

    @property
    def flag_name(self) -> str:
        """How the option is typed: `--hide-results`."""
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class CommandSpec:
    """A command as every platform sees it."""

    name: str  # "poll create"
    role: Role
    description: str
    params: tuple[Param, ...]
    func: CommandFunc
    cog: str
    autocomplete: dict[str, str]  # param name -> Cog method returning suggestions
    # (param, Cog method): the group a value belongs to, so the command also works in a
    # private chat with the bot (e.g. an anonymous vote nobody else should see typed).
    locate: tuple[str, str] | None = None

    @property
    def group(self) -> str:
        """The first word: 'poll'."""
        return self.name.split()[0]

    def usage(self) -> str:
        """The usage line shown by help and after wrong arguments."""
        parts = ["!" + self.name]
        for p in self.params:
            meta = p.shown
            if p.kind == "positional":
                parts.append(meta if p.required else f"[{meta}]")
            elif p.kind == "variadic":
                parts.append(f"{meta}...")
            elif p.kind == "option":
                shown = "|".join(p.choices) if p.choices else meta
                parts.append(f"[{p.flag_name} {shown}]")
            else:
                parts.append(f"[{p.flag_name}]")
        return " ".join(parts)


@dataclass(frozen=True)
class Arg:
    """Metadata for a parameter: `Annotated[str, Arg("the question")]`."""

    description: str
    min_count: int = 1
    max_count: int = 25
    metavar: str = ""


def command(
    name: str,
    *,
    role: Role = Role.PARTICIPANT,
    autocomplete: dict[str, str] | None = None,
    locate: tuple[str, str] | None = None,
) -> Callable[[CommandFunc], CommandFunc]:
    """Mark a Cog method as a command; its docstring's first line is its description."""

    def mark(func: CommandFunc) -> CommandFunc:
        func.__command__ = (name, role, autocomplete or {}, locate)  # type: ignore[attr-defined]
        return func

    return mark


JobFunc = Callable[..., Awaitable[None]]


def job(kind: str) -> Callable[[JobFunc], JobFunc]:
    """Mark a Cog method as the handler of scheduled rows of this kind."""

    def mark(func: JobFunc) -> JobFunc:
        func.__job__ = kind  # type: ignore[attr-defined]
        return func

    return mark


ListenerFunc = Callable[..., Awaitable[None]]


def listener(event: str) -> Callable[[ListenerFunc], ListenerFunc]:
    """Mark a Cog method as a listener for a platform event, e.g. "member_joined"."""

    def mark(func: ListenerFunc) -> ListenerFunc:
        func.__listener__ = event  # type: ignore[attr-defined]
        return func

    return mark


class Cog:
    """A feature: a group of commands, scheduled jobs and listeners."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def start(self) -> None:
        """Called once the database is ready and before the platform starts."""

    def command_specs(self) -> list[CommandSpec]:
        """Every command this cog declares."""
        specs = []
        for _, method in inspect.getmembers(self, inspect.ismethod):
            mark = getattr(method, "__command__", None)
            if mark:
                name, role, autocomplete, locate = mark
                specs.append(
                    build_spec(name, role, autocomplete, method, type(self).__name__, locate=locate)
                )
        return specs

    def jobs(self) -> dict[str, JobFunc]:
        """Scheduled-job handlers by kind."""
        found: dict[str, JobFunc] = {}
        for _, method in inspect.getmembers(self, inspect.ismethod):
            kind = getattr(method, "__job__", None)
            if kind:
                found[kind] = method
        return found

    def listeners(self) -> dict[str, list[ListenerFunc]]:
        """Event listeners by event name."""
        found: dict[str, list[ListenerFunc]] = {}
        for _, method in inspect.getmembers(self, inspect.ismethod):
            event = getattr(method, "__listener__", None)
            if event:
                found.setdefault(event, []).append(method)
        return found

    async def suggest(self, ctx: Context, method: str, typed: str) -> list[tuple[str, str]]:
        """Run an autocomplete method: (label, value) pairs."""
        result: list[tuple[str, str]] = await getattr(self, method)(ctx, typed)
        return result


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""


def build_spec(
    name: str,
    role: Role,
    autocomplete: dict[str, str],
    func: CommandFunc,
    cog: str,
    *,
    locate: tuple[str, str] | None = None,
) -> CommandSpec:
    """Read a handler's signature into a CommandSpec."""
    hints = typing.get_type_hints(func, include_extras=True)
    params = []
    for p in list(inspect.signature(func).parameters.values())[1:]:  # skip ctx
        hint = hints.get(p.name, str)
        meta = Arg(p.name.replace("_", " "))
        if get_origin(hint) is typing.Annotated:
            hint, *extras = get_args(hint)
            meta = next((e for e in extras if isinstance(e, Arg)), meta)
        optional = False
        if get_origin(hint) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            inner = [a for a in get_args(hint) if a is not type(None)]
            optional, hint = True, inner[0]
        choices: tuple[str, ...] = ()
        if get_origin(hint) is Literal:
            choices, hint = tuple(str(c) for c in get_args(hint)), str
        has_default = p.default is not inspect.Parameter.empty
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            kind = "variadic"
        elif p.kind is inspect.Parameter.KEYWORD_ONLY:
            kind = "flag" if hint is bool else "option"
        else:
            kind = "positional"
        params.append(
            Param(
                name=p.name,
                type=hint,
                kind=kind,
                description=meta.description,
                required=kind == "variadic" or not (has_default or optional),
                default=p.default if has_default else None,
                choices=choices,
                min_count=meta.min_count if kind == "variadic" else 0,
                max_count=meta.max_count if kind == "variadic" else 0,
                metavar=meta.metavar,
            )
        )
    return CommandSpec(
        name=name,
        role=role,
        description=_first_line(func.__doc__),
        params=tuple(params),
        func=func,
        cog=cog,
        autocomplete=autocomplete,
        locate=locate,
    )
