"""Slash commands generated from the bot's CommandSpecs: groups, typed options, autocomplete.

Each command becomes a `discord.app_commands.Command` whose callback is generated: its
`inspect.Signature` lists one keyword parameter per Discord option (typed, with defaults), so
discord.py derives the option types, required flags and `Literal` choices itself, and the
public decorators `describe` and `autocomplete` add the rest; `contexts` says where each
top-level command may be used. No Discord code
lives in the cogs.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, Literal, Protocol

import discord
from discord import app_commands

from bot.core.bot import Bot
from bot.core.commands import CommandSpec, Param
from bot.platforms.discord.render import slashed

MAX_OPTIONS = 25
MAX_SUBCOMMANDS = 25
MAX_DESCRIPTION = 100
PYTHON_TYPES: dict[type, type] = {int: int, float: float, bool: bool, str: str}


class CommandRunner(Protocol):
    """What a generated command calls (see interactions.Interactions)."""

    async def run_command(
        self,
        interaction: discord.Interaction,
        spec: CommandSpec,
        args: dict[str, Any],
        variadic: tuple[Any, ...],
    ) -> None:
        """Run the command as the person who used it and answer them."""
        ...

    async def suggest(
        self, interaction: discord.Interaction, spec: CommandSpec, param: Param, typed: str
    ) -> list[app_commands.Choice[Any]]:
        """Autocomplete suggestions for a parameter."""
        ...


def describe(text: str, fallback: str) -> str:
    """A description within Discord's 1 to 100 characters."""
    text = " ".join(text.split()) or fallback
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def variadic_names(spec: CommandSpec, param: Param) -> list[str]:
    """Numbered option names for a variadic parameter: option1, option2, ...

    As many as the parameter allows, within Discord's 25 options per command.
    """
    others = sum(1 for p in spec.params if p.kind != "variadic")
    count = max(0, min(param.max_count, MAX_OPTIONS - others))
    return [f"{_stem(param)}{i}" for i in range(1, count + 1)]


def _stem(param: Param) -> str:
    """'options' -> 'option': what one of a variadic parameter's values is called."""
    return param.name[:-1] if param.name.endswith("s") and len(param.name) > 1 else param.name


def _annotation(param: Param, optional: bool) -> Any:
    if param.kind == "flag":
        return bool
    base: Any = PYTHON_TYPES.get(param.type, str)
    if param.choices:
        base = Literal[param.choices]
    return base | None if optional else base


def _signature(
    spec: CommandSpec,
) -> tuple[inspect.Signature, dict[str, str], dict[str, list[str]]]:
    """The callback's signature, option descriptions, and each variadic's option names."""
    kw = inspect.Parameter.KEYWORD_ONLY
    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    descriptions: dict[str, str] = {}
    numbered: dict[str, list[str]] = {}
    for p in spec.params:
        if p.kind == "variadic":
            names = variadic_names(spec, p)
            numbered[p.name] = names
            for i, name in enumerate(names, start=1):
                required = i <= p.min_count
                params.append(
                    inspect.Parameter(
                        name,
                        kw,
                        annotation=_annotation(p, not required),
                        default=inspect.Parameter.empty if required else None,
                    )
                )
                what = f"{_stem(p).replace('_', ' ')} {i}"
                descriptions[name] = describe(f"{what}: {p.description}" if i == 1 else what, what)
            continue
        if p.kind == "flag":
            default: Any = False
        elif p.required:
            default = inspect.Parameter.empty
        else:
            default = p.default
        optional = default is None
        params.append(
            inspect.Parameter(p.name, kw, annotation=_annotation(p, optional), default=default)
        )
        descriptions[p.name] = describe(p.description, p.name.replace("_", " "))
    return inspect.Signature(params), descriptions, numbered


def _arguments(
    spec: CommandSpec, values: dict[str, Any], numbered: dict[str, list[str]]
) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """Discord's option values back to the command's arguments."""
    args: dict[str, Any] = {}
    variadic: list[Any] = []
    for p in spec.params:
        if p.kind == "variadic":
            variadic.extend(values[n] for n in numbered[p.name] if values.get(n) is not None)
        elif p.kind == "flag":
            args[p.name] = bool(values.get(p.name))
        else:
            value = values.get(p.name)
            args[p.name] = p.default if value is None else value
    return args, tuple(variadic)


def build_command(
    spec: CommandSpec,
    runner: CommandRunner,
    name: str,
    parent: app_commands.Group | None,
    groups: Sequence[str] = (),
) -> app_commands.Command[Any, ..., None]:
    """One slash command for a CommandSpec; `groups` are the words typed commands start with."""
    signature, descriptions, numbered = _signature(spec)

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        args, variadic = _arguments(spec, values, numbered)
        await runner.run_command(interaction, spec, args, variadic)

    callback.__signature__ = signature  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"slash_{spec.name.replace(' ', '_')}"
    app_commands.describe(**descriptions)(callback)
    completers = {}
    for param_name in spec.autocomplete:
        param = next((p for p in spec.params if p.name == param_name), None)
        if param is not None and param.kind in ("positional", "option") and not param.choices:
            completers[param_name] = _completer(spec, param, runner)
    if completers:
        app_commands.autocomplete(**completers)(callback)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=name,
        description=describe(slashed(spec.description, groups), spec.name),
        callback=callback,
        parent=parent,
        allowed_contexts=contexts([spec]) if parent is None else None,
    )
    command.guild_only = parent is None and spec.locate is None  # the older dm_permission
    return command


def contexts(specs: Sequence[CommandSpec]) -> app_commands.AppCommandContext:
    """Where a top-level command may be used (Discord sets it for a whole group).

    Servers always; the bot's DMs too when a command in it finds its group itself (`locate`,
    e.g. /poll vote); never other people's DMs or group DMs. Set explicitly because the
    deprecated `dm_permission` alone leaves `contexts` null.
    """
    return app_commands.AppCommandContext(
        guild=True, dm_channel=any(s.locate is not None for s in specs), private_channel=False
    )


def _completer(spec: CommandSpec, param: Param, runner: CommandRunner) -> Any:
    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[Any]]:
        return await runner.suggest(interaction, spec, param, current)

    complete.__qualname__ = complete.__name__ = f"complete_{param.name}"
    return complete


def _group_description(bot: Bot, specs: Sequence[CommandSpec], word: str) -> str:
    cog = bot.cogs.get(specs[0].cog)
    doc = (cog.__doc__ or "").strip().splitlines() if cog else []
    return describe(doc[0] if doc else "", f"{word} commands")


def build_commands(
    bot: Bot, runner: CommandRunner
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """Every command of the bot, one group per first word.

    One-word commands such as `help` stay top-level; three-word commands nest in subgroups.
    """
    groups = sorted({s.group for s in bot.commands.values()})
    by_first: dict[str, list[CommandSpec]] = {}
    for spec in bot.commands.values():
        by_first.setdefault(spec.name.split()[0].lower(), []).append(spec)
    built: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    for word, specs in sorted(by_first.items()):
        single = [s for s in specs if len(s.name.split()) == 1]
        if single and len(specs) > 1:
            raise ValueError(
                f"/{word} cannot be both a command and a group on Discord; rename one of "
                + ", ".join(s.name for s in specs)
            )
        if single:
            built.append(build_command(single[0], runner, word, None, groups))
            continue
        group = app_commands.Group(
            name=word,
            description=_group_description(bot, specs, word),
            allowed_contexts=contexts(specs),
            guild_only=all(s.locate is None for s in specs),
        )
        for spec in sorted(specs, key=lambda s: s.name):
            words = spec.name.lower().split()
            parent = group
            if len(words) == 3:
                found = group.get_command(words[1])
                if not isinstance(found, app_commands.Group):
                    found = app_commands.Group(
                        name=words[1], description=f"{word} {words[1]} commands", parent=group
                    )
                    group.add_command(found)
                parent = found
            elif len(words) != 2:
                raise ValueError(f"command {spec.name!r} has more than three words")
            parent.add_command(build_command(spec, runner, words[-1], parent, groups))
        if len(group.commands) > MAX_SUBCOMMANDS:
            raise ValueError(f"/{word} has more than {MAX_SUBCOMMANDS} subcommands")
        built.append(group)
    return built


def payloads(tree: app_commands.CommandTree[Any]) -> list[dict[str, Any]]:
    """What `tree.sync()` would register globally: the JSON an admin reviews."""
    return [command.to_dict(tree) for command in tree.get_commands()]
