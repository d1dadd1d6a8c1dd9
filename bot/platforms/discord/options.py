"""A command's parameters as Discord options, and Discord's option values back as arguments.

A variadic parameter becomes numbered options (option1, option2, ...) within Discord's 25;
a picked member arrives as their id, a numbered answer as "2=yes".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from bot.core.commands import CommandSpec, Param
from bot.core.i18n import N_

MAX_OPTIONS = 25


@dataclass(frozen=True)
class Option:
    """One Discord option of a command: the parameter it fills and, if numbered, its number."""

    name: str  # the callback's parameter (a Python name); Discord shows `Param.label` if set
    param: Param
    number: int = 0  # a variadic's option1, option2, ...: 1, 2, ...


def variadic_names(spec: CommandSpec, param: Param) -> list[str]:
    """Numbered option names for a variadic parameter: option1, option2, ...

    As many as the parameter allows, within Discord's 25 options per command.
    """
    others = sum(1 for p in spec.params if p.kind != "variadic")
    count = max(0, min(param.numbered or param.max_count, MAX_OPTIONS - others))
    return [f"{stem(param)}{i}" for i in range(1, count + 1)]


def stem(param: Param) -> str:
    """'options' -> 'option': what one of a variadic parameter's values is called."""
    if param.label:
        return param.label
    return param.name[:-1] if param.name.endswith("s") and len(param.name) > 1 else param.name


def options(spec: CommandSpec) -> list[Option]:
    """The command's Discord options, in the order of its parameters."""
    found = []
    for p in spec.params:
        if p.kind == "variadic" and not p.one_box:
            numbers = range(1, len(variadic_names(spec, p)) + 1)
            found += [Option(f"{stem(p)}{i}", p, i) for i in numbers]
        else:
            found.append(Option(p.name, p))
    return found


def value_of(option: Option, value: Any) -> Any:
    """A Discord value as the command takes it: a person as their id, an answer as "2=yes"."""
    if option.param.person and isinstance(value, discord.abc.User):
        return str(value.id)
    if option.param.numbered:
        return f"{option.number}={value}"
    return value


def arguments(spec: CommandSpec, values: dict[str, Any]) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """Discord's option values back to the command's arguments."""
    args: dict[str, Any] = {}
    variadic: list[Any] = []
    for option in options(spec):
        p, value = option.param, values.get(option.name)
        if p.kind == "variadic":
            if p.one_box:
                variadic.extend(str(value or "").split())
            elif value is not None:
                variadic.append(value_of(option, value))
        elif p.kind == "flag":
            args[p.name] = bool(value)
        else:
            args[p.name] = p.default if value is None else value_of(option, value)
    return args, tuple(variadic)


def too_few(spec: CommandSpec, variadic: tuple[Any, ...]) -> tuple[str, dict[str, object]] | None:
    """Why numbered answers cannot run (English marked with N_, and what fills it in).

    Discord cannot require "at least one of" them.
    """
    for p in spec.params:
        if p.numbered and len(variadic) < p.min_count:
            last = len(variadic_names(spec, p))
            return N_("Answer at least {least} of {first} to {last}; nothing was changed."), {
                "least": p.min_count,
                "first": f"{stem(p)}1",
                "last": f"{stem(p)}{last}",
            }
    return None


def picked(spec: CommandSpec, values: dict[str, Any]) -> list[discord.Member]:
    """The server members chosen in a command's member pickers."""
    people = {o.name for o in options(spec) if o.param.person}
    return [v for k, v in values.items() if k in people and isinstance(v, discord.Member)]
