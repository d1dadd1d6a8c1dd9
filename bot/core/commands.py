"""Declaring commands: @command, @job, @listener and the parameter specs built from signatures."""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import KW_ONLY, dataclass
from typing import Any, Literal, TypeVar, get_args, get_origin

from bot.core.context import Context
from bot.core.events import Event
from bot.core.limits import SHORT
from bot.core.model import Reply, Role

CommandFunc = Callable[..., Awaitable[Reply | None]]
# Hooks are the cog's own methods, named in the declaration, not strings: mypy checks them.
# (label, value) pairs for a parameter as someone types it: `async def f(self, ctx, typed)`.
Suggester = Callable[[Any, Context, str], Awaitable[list[tuple[str, str]]]]
BoundSuggester = Callable[[Context, str], Awaitable[list[tuple[str, str]]]]
# The group a typed value (a poll id) belongs to: `async def f(self, value) -> str | None`.
Locator = Callable[[Any, Any], Awaitable[str | None]]
BoundLocator = Callable[[Any], Awaitable[str | None]]


# How a parameter is typed: a word in its place, one or more words, `--name value`, `--name`.
ParamKind = Literal["positional", "variadic", "option", "flag"]


@dataclass(frozen=True)
class Param:
    """One parameter of a command, derived from the handler's signature."""

    name: str
    type: type
    kind: ParamKind
    description: str
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()
    min_count: int = 0
    max_count: int = 0
    metavar: str = ""
    # How a form shows the value (Discord's slash options; see `Arg`). Typed text ignores them.
    label: str = ""
    person: bool = False
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    offered: tuple[str, ...] = ()
    numbered: int = 0
    one_box: bool = False
    # How a number of a variadic's values is said, marked with Nn_: ("{n} option", ...).
    noun: tuple[str, str] = ("{n}", "{n}")
    # Button labels that mean a value, in English: ("Going", "going"). See `Arg.said`.
    said: tuple[tuple[str, str], ...] = ()

    @property
    def shown(self) -> str:
        """How the value is named in usage lines: WHEN, ID."""
        return self.metavar or self.name.upper()

    @property
    def flag_name(self) -> str:
        """How the option is typed: `--hide-results`."""
        return "--" + self.name.rstrip("_").replace("_", "-")  # from_ is typed --from


@dataclass(frozen=True)
class CommandSpec:
    """A command as every platform sees it."""

    name: str  # "poll create"
    role: Role
    description: str
    params: tuple[Param, ...]
    func: CommandFunc
    cog: str
    autocomplete: Mapping[str, BoundSuggester]  # param name -> suggestions as it is typed
    # (param, locator): the group a value belongs to, so the command also works in a
    # private chat with the bot (e.g. an anonymous vote nobody else should see typed).
    locate: tuple[str, BoundLocator] | None = None
    # Kept for buttons and menus, left out of command lists (`came`, `toggle`).
    hidden: bool = False
    # The least role a command menu offers it to (Discord's default permissions), when that
    # is above `role`; the bot still checks `role` itself.
    menu_role: Role | None = None
    # The task `!help` lists it under, from its cog's `tasks` ("Vote and decide"), and where
    # that task comes among the others (the cog's `task_order`, lower first).
    task: str = ""
    task_order: int = 50

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
    _: KW_ONLY  # the rest by name, so a bare value never lands in the wrong field
    # A variadic's least and most values.
    min_count: int = 1
    max_count: int = 25
    metavar: str = ""  # how usage lines name the value: WHEN, @NAME (default: the name)
    # What a form (a Discord slash command) needs to ask for the value well; typed commands
    # on Matrix and the shell read the text exactly as before.
    label: str = ""  # the form field's name, when the parameter's would not do: from_ -> "from"
    person: bool = False  # a member: a member picker, whose choice arrives as their id
    min_value: int | None = None  # a whole number's bounds
    max_value: int | None = None
    # The longest text it takes: TITLE, SHORT or LONG (bot/core/limits.py); text is SHORT
    # unless it says otherwise.
    max_length: int | None = None
    # Values offered as a menu, where the typed form also takes other spellings ("yes").
    offered: tuple[str, ...] = ()
    # A variadic of NUMBER=ANSWER words ("2=yes"): this many fields, one per number, answered
    # from `offered`, sent as "NUMBER=ANSWER" (0: not numbered).
    numbered: int = 0
    one_box: bool = False  # a variadic asked in one text box whose words are the values
    # A variadic's values counted, for "Give at least 2 options": Nn_("{n} option", ...).
    noun: tuple[str, str] | None = None
    # What the buttons answering it say, with the value each sends: (("Going", "going"), ...).
    # Typed, a label means its value too, in English or in any language with a catalogue
    # ("Yn dod" in Welsh), so people can type what the buttons they read say.
    said: tuple[tuple[str, str], ...] = ()


def command(
    name: str,
    *,
    role: Role = Role.PARTICIPANT,
    autocomplete: Mapping[str, Suggester] | None = None,
    locate: tuple[str, Locator] | None = None,
    hidden: bool = False,
    menu_role: Role | None = None,
) -> Callable[[CommandFunc], CommandFunc]:
    """Mark a Cog method as a command; its docstring's first line is its description.

    `autocomplete` and `locate` name the cog's own methods (defined above the command).
    `hidden` keeps a command that buttons run out of `!help` and command lists; `menu_role` is
    the least role a command menu offers it to by default, when above `role` (see CommandSpec).
    """

    def mark(func: CommandFunc) -> CommandFunc:
        func.__command__ = (name, role, autocomplete or {}, locate)  # type: ignore[attr-defined]
        func.__command_menu__ = (hidden, menu_role)  # type: ignore[attr-defined]
        return func

    return mark


JobMark = Callable[..., Awaitable[None]]


def job(kind: str, *, own_transactions: bool = False) -> Callable[[JobMark], JobMark]:
    """Mark a Cog method as the handler of scheduled rows of this kind.

    A job runs inside one transaction with its row's "done" mark. `own_transactions` is for
    the rare job that must not (one that folds the database log, which an open transaction
    would hold): it opens its own, and marks its row done itself.
    """

    def mark(func: JobMark) -> JobMark:
        func.__job__ = kind  # type: ignore[attr-defined]
        func.__own_transactions__ = own_transactions  # type: ignore[attr-defined]
        return func

    return mark


ListenerFunc = Callable[[Any, Any], Awaitable[None]]  # (self, event)
E = TypeVar("E", bound=Event)


def listener(kind: type[E]) -> Callable[[Callable[[Any, E], Awaitable[None]]], ListenerFunc]:
    """Mark a Cog method as a listener for events of type `kind` (mypy checks the method).

    `@listener(PollClosed)` on `async def poll_closed(self, event: PollClosed)`.
    """

    def mark(func: Callable[[Any, E], Awaitable[None]]) -> ListenerFunc:
        func.__listener__ = kind  # type: ignore[attr-defined]
        return func

    return mark


def _noun(name: str) -> tuple[str, str]:
    """A variadic counted by its name, where it declares no noun: 'options' -> '{n} option'.

    English only: a variadic people read counts should declare `Arg(noun=Nn_(...))`.
    """
    words = name.replace("_", " ")
    one = "person" if words == "people" else words.removesuffix("s")
    return "{n} " + one, "{n} " + words


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""


def build_spec(
    name: str,
    role: Role,
    autocomplete: Mapping[str, BoundSuggester],
    func: CommandFunc,
    cog: str,
    *,
    locate: tuple[str, BoundLocator] | None = None,
    task: tuple[str, int] = ("", 50),
) -> CommandSpec:
    """Read a handler's signature into a CommandSpec; hooks must name real parameters."""
    hints = typing.get_type_hints(func, include_extras=True)
    params = []
    for p in list(inspect.signature(func).parameters.values())[1:]:  # skip ctx
        hint = hints.get(p.name, str)
        meta = Arg(p.name.replace("_", " "))
        if get_origin(hint) is typing.Annotated:
            hint, *extras = get_args(hint)
            meta = next((e for e in extras if isinstance(e, Arg)), meta)
        optional = False
        if get_origin(hint) in (typing.Union, types.UnionType):
            inner = [a for a in get_args(hint) if a is not type(None)]
            optional, hint = True, inner[0]
        choices: tuple[str, ...] = ()
        if get_origin(hint) is Literal:
            choices, hint = tuple(str(c) for c in get_args(hint)), str
        has_default = p.default is not inspect.Parameter.empty
        kind: ParamKind
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
                label=meta.label,
                person=meta.person,
                min_value=meta.min_value,
                max_value=meta.max_value,
                max_length=meta.max_length or (SHORT if hint is str and not choices else None),
                offered=meta.offered,
                numbered=meta.numbered,
                one_box=meta.one_box,
                noun=meta.noun or _noun(p.name),
                said=meta.said,
            )
        )
    names = {p.name for p in params}
    for param in [*autocomplete, *([locate[0]] if locate else [])]:
        if param not in names:
            raise ValueError(f"!{name}: a hook names {param!r}, which is not a parameter")
    hidden, menu_role = getattr(func, "__command_menu__", (False, None))
    return CommandSpec(
        name=name,
        role=role,
        description=_first_line(func.__doc__),
        params=tuple(params),
        func=func,
        cog=cog,
        autocomplete=autocomplete,
        locate=locate,
        hidden=hidden,
        menu_role=menu_role,
        task=task[0],
        task_order=task[1],
    )


def matching(found: Iterable[tuple[str, str]], typed: str) -> list[tuple[str, str]]:
    """An autocomplete hook's answer: up to 25 pairs whose label holds what was typed.

    Any case matches; each label is kept within the 100 characters a menu shows.
    """
    wanted = typed.strip().casefold()
    shown: list[tuple[str, str]] = []
    for label, value in found:
        if wanted in label.casefold():
            shown.append((label if len(label) <= 100 else label[:99] + "…", value))
            if len(shown) == 25:
                break
    return shown
