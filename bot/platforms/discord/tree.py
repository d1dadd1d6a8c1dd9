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
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, Literal, Protocol

import discord
from discord import app_commands

from bot.core.bot import Bot
from bot.core.commands import CommandSpec, Param
from bot.core.i18n import _, either, pgettext
from bot.core.model import Role, User
from bot.platforms.discord.options import (
    Option,
    arguments,
    options,
    picked,
    stem,
    too_few,
)
from bot.platforms.discord.render import slashed
from bot.platforms.discord.translator import localised

MAX_SUBCOMMANDS = 25
MAX_DESCRIPTION = 100
PYTHON_TYPES: dict[type, type] = {int: int, float: float, bool: bool, str: str}
# Discord offers a top-level command by default to members with this permission (its
# `default_member_permissions`): Manage Server makes an organiser (see roles.py), and
# facilitators usually call the group's events. Participants' commands are offered to all.
MENU_PERMISSIONS = {
    Role.ORGANISER: discord.Permissions(manage_guild=True),
    Role.FACILITATOR: discord.Permissions(manage_events=True),
}


# Remembers the members picked in a command's options before it runs.
Meet = Callable[[discord.Interaction, list[discord.Member]], Awaitable[None]]


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

    async def refuse(
        self, interaction: discord.Interaction, text: str, /, **values: object
    ) -> None:
        """A private answer saying why nothing happened: `text` (N_) in their language."""
        ...


def describe(text: str, fallback: str) -> str:
    """A description within Discord's 1 to 100 characters (plain text: no backticks)."""
    text = " ".join(text.replace("`", "").split()) or fallback
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def _annotation(param: Param, optional: bool) -> Any:
    """The option's type as discord.py reads it: a member picker, choices, or bounds."""
    if param.kind == "flag":
        return bool
    base: Any = PYTHON_TYPES.get(param.type, str)
    if param.person:
        base = discord.User  # Discord's member picker; a Member when used in a server
    elif param.choices or param.offered:
        base = Literal[param.choices or param.offered]
    elif base is int and (param.min_value is not None or param.max_value is not None):
        base = app_commands.Range[int, param.min_value, param.max_value]
    elif base is str and param.max_length:
        base = app_commands.Range[str, None, int(param.max_length)]
    return base | None if optional else base


def _required(option: Option) -> bool:
    p = option.param
    if p.kind == "variadic" and p.one_box:
        return p.min_count > 0
    if p.kind == "variadic":
        # Numbered answers may skip any number (slot 3 alone), so none is required.
        return not p.numbered and option.number <= p.min_count
    return p.kind != "flag" and p.required


def _description(option: Option, groups: Sequence[str]) -> str:
    p, n = option.param, option.number
    text = slashed(_(p.description), groups)
    if not n:
        return describe(text, p.name.replace("_", " "))
    what = f"{stem(p).replace('_', ' ')} {n}"
    if p.numbered and p.offered:  # every number is answered alike: "slot 2: yes, maybe or no"
        return describe(f"{what}: {either(p.offered)}", what)
    return describe(f"{what}: {text}" if n == 1 else what, what)


def _signature(
    spec: CommandSpec, groups: Sequence[str] = ()
) -> tuple[inspect.Signature, dict[str, app_commands.locale_str], dict[str, str]]:
    """The callback's signature, each option's description, and options Discord renames."""
    kw = inspect.Parameter.KEYWORD_ONLY
    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    descriptions: dict[str, app_commands.locale_str] = {}
    renamed: dict[str, str] = {}
    for option in options(spec):
        p = option.param
        required = _required(option)
        if p.kind == "flag":
            default: Any = False
        elif required:
            default = inspect.Parameter.empty
        else:
            default = None if option.number or p.kind == "variadic" else p.default
        params.append(
            inspect.Parameter(
                option.name, kw, annotation=_annotation(p, default is None), default=default
            )
        )
        descriptions[option.name] = localised(
            _description(option, groups), partial(_description, option, groups)
        )
        if p.label and not option.number:
            renamed[option.name] = p.label
    return inspect.Signature(params), descriptions, renamed


def meeting(bot: Bot) -> Meet:
    """Remembers people picked in an option as members of the server's group.

    Discord only offers the server's members, but the bot may not have met them yet (it
    learns members as they use it), and the command must be able to name them.
    """

    async def meet(interaction: discord.Interaction, people: list[discord.Member]) -> None:
        if not people or interaction.guild_id is None:
            return
        group_id = f"discord:{interaction.guild_id}"
        await bot.group(group_id, interaction.guild.name if interaction.guild else "")
        for person in people:
            await bot.member_seen(group_id, User(str(person.id), person.display_name))

    return meet


def build_command(
    spec: CommandSpec,
    runner: CommandRunner,
    name: str,
    parent: app_commands.Group | None,
    groups: Sequence[str] = (),
    meet: Meet | None = None,
) -> app_commands.Command[Any, ..., None]:
    """One slash command for a CommandSpec; `groups` are the words typed commands start with."""
    signature, descriptions, renamed = _signature(spec, groups)

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        args, variadic = arguments(spec, values)
        if missing := too_few(spec, variadic):
            await runner.refuse(interaction, missing[0], **missing[1])
            return
        if meet is not None:
            await meet(interaction, picked(spec, values))
        await runner.run_command(interaction, spec, args, variadic)

    callback.__signature__ = signature  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"slash_{spec.name.replace(' ', '_')}"
    app_commands.describe(**descriptions)(callback)
    choices = _choices(spec)
    if choices:
        app_commands.choices(**choices)(callback)
    if renamed:
        app_commands.rename(**renamed)(callback)
    completers = {}
    for param_name in spec.autocomplete:
        param = next((p for p in spec.params if p.name == param_name), None)
        if (
            param is not None
            and param.kind in ("positional", "option")
            and not (param.choices or param.offered or param.person)
        ):
            completers[param_name] = _completer(spec, param, runner)
    if completers:
        app_commands.autocomplete(**completers)(callback)

    def said() -> str:
        return describe(slashed(_(spec.description), groups), spec.name)

    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=name,
        description=localised(said(), said),
        callback=callback,
        parent=parent,
        allowed_contexts=contexts([spec]) if parent is None else None,
    )
    command.guild_only = parent is None and spec.locate is None  # the older dm_permission
    if parent is None:
        command.default_permissions = default_permissions([spec])
    return command


def _choices(spec: CommandSpec) -> dict[str, list[app_commands.Choice[str]]]:
    """The choices of each option that offers some, their names localised ("choice" context).

    Discord sends the value, which stays English: what is typed is the same everywhere.
    """
    found = {}
    for option in options(spec):
        p = option.param
        values = p.choices or p.offered
        if values and not p.person and p.kind != "flag":
            found[option.name] = [
                app_commands.Choice(name=localised(v, partial(pgettext, "choice", v)), value=v)
                for v in values
            ]
    return found


def default_permissions(specs: Sequence[CommandSpec]) -> discord.Permissions | None:
    """Who Discord offers a top-level command to by default: its least role's permission.

    Discord sets this for a whole group, so a group with any participant command is offered
    to everyone. Server admins change it under Integrations; the bot checks roles itself.
    """
    least = min(max(s.role, s.menu_role or s.role) for s in specs)
    return MENU_PERMISSIONS.get(least)


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


def _group_description(
    bot: Bot, specs: Sequence[CommandSpec], word: str
) -> app_commands.locale_str:
    """The cog's own words for the group, else the first line of its docstring."""
    cog = bot.cogs.get(specs[0].cog)
    declared = cog.group_descriptions.get(word, "") if cog else ""
    doc = (cog.__doc__ or "").strip().splitlines() if cog else []

    def said() -> str:
        text = _(declared) if declared else _(doc[0]) if doc else ""
        return describe(text, _("{word} commands", word=word))

    return localised(said(), said)


def build_commands(
    bot: Bot, runner: CommandRunner
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """Every command of the bot, one group per first word.

    One-word commands such as `help` stay top-level; three-word commands nest in subgroups.
    """
    groups = sorted({s.group for s in bot.commands.values()})
    meet = meeting(bot)
    by_first: dict[str, list[CommandSpec]] = {}
    for spec in bot.commands.values():
        if spec.hidden:  # run by buttons and menus, never offered in the command menu
            continue
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
            built.append(build_command(single[0], runner, word, None, groups, meet))
            continue
        group = app_commands.Group(
            name=word,
            description=_group_description(bot, specs, word),
            allowed_contexts=contexts(specs),
            guild_only=all(s.locate is None for s in specs),
            default_permissions=default_permissions(specs),
        )
        for spec in sorted(specs, key=lambda s: s.name):
            words = spec.name.lower().split()
            parent = group
            if len(words) == 3:
                found = group.get_command(words[1])
                if not isinstance(found, app_commands.Group):
                    found = app_commands.Group(
                        name=words[1],
                        description=localised(
                            _("{words} commands", words=f"{word} {words[1]}"),
                            partial(_, "{words} commands", words=f"{word} {words[1]}"),
                        ),
                        parent=group,
                    )
                    group.add_command(found)
                parent = found
            elif len(words) != 2:
                raise ValueError(f"command {spec.name!r} has more than three words")
            parent.add_command(build_command(spec, runner, words[-1], parent, groups, meet))
        if len(group.commands) > MAX_SUBCOMMANDS:
            raise ValueError(f"/{word} has more than {MAX_SUBCOMMANDS} subcommands")
        built.append(group)
    return built


async def payloads(tree: app_commands.CommandTree[Any]) -> list[dict[str, Any]]:
    """What `tree.sync()` would register globally, localised: the JSON an admin reviews."""
    translator = tree.translator
    if translator is None:
        return [command.to_dict(tree) for command in tree.get_commands()]
    return [await c.get_translated_payload(tree, translator) for c in tree.get_commands()]
