"""The text-command syntax that Matrix and the shell share.

`!poll create "Which evening suits?" Monday Tuesday --closes "friday 17:00" --anonymous`
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.commands import CommandSpec, Param
from bot.core.errors import UserError


@dataclass(frozen=True)
class Parsed:
    """A command found in text, with its arguments converted."""

    spec: CommandSpec
    args: dict[str, Any]
    variadic: tuple[Any, ...]


class UnknownCommand(UserError):
    """No command has this name; the message lists the closest ones."""


# Ids and counts fit SQLite's 64-bit integers with room to spare; longer is a typing slip.
LARGEST_NUMBER = 10**15
_WHOLE = re.compile(r"[+-]?[0-9]{1,16}")
_NUMBER = re.compile(r"[+-]?([0-9]{1,16}(\.[0-9]{0,6})?|\.[0-9]{1,6})")


def readable(text: str) -> str:
    """Text as it can be stored and printed: bytes that were not UTF-8 become U+FFFD."""
    return text.encode("utf-8", "replace").decode("utf-8", "replace")


def whole_number(raw: str) -> int | None:
    """ASCII digits only (int() also takes '١٢' and '²' fails after isdigit()), bounded."""
    if not _WHOLE.fullmatch(raw.strip()):
        return None
    n = int(raw)
    return n if abs(n) <= LARGEST_NUMBER else None


def split_words(text: str) -> list[str]:
    """Split on spaces, honouring quotes; the leading `!` is optional."""
    text = readable(text).strip()
    if text.startswith("!"):
        text = text[1:]
    try:
        return shlex.split(text)
    except ValueError:
        raise UserError(
            "A quote was opened but not closed. Put the text in matching quotes, "
            'e.g. `!poll create "Which evening?" Monday Tuesday`.'
        ) from None


def find_command(
    words: list[str], commands: dict[str, CommandSpec]
) -> tuple[CommandSpec | None, list[str]]:
    """The command named by the first words (longest match) and the remaining words."""
    for n in (3, 2, 1):
        name = " ".join(words[:n]).lower()
        if len(words) >= n and name in commands:
            return commands[name], words[n:]
    return None, words


def suggest(name: str, commands: Mapping[str, CommandSpec]) -> list[str]:
    """Closest command names to a mistyped one."""
    names = sorted(commands)
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    if not close:
        first = name.split()[0] if name.split() else ""
        close = [n for n in names if n.split()[0] == first][:5]
    return close


def convert(param: Param, raw: str, usage: str) -> Any:
    """Turn one word into the parameter's type, or say what to type instead."""
    if param.choices:
        value = raw.lower()
        if value not in param.choices:
            allowed = ", ".join(param.choices)
            raise UserError(f"{param.name} must be one of {allowed}, not {raw!r}.\nUsage: {usage}")
        return value
    if param.type is int:
        number = whole_number(raw)
        if number is None:
            raise UserError(
                f"{param.shown} must be a whole number (0 to {LARGEST_NUMBER}), "
                f"not {raw[:40]!r}.\nUsage: {usage}"
            )
        return number
    if param.type is float:
        if not _NUMBER.fullmatch(raw.strip()):
            raise UserError(f"{param.shown} must be a number, not {raw[:40]!r}.\nUsage: {usage}")
        return float(raw)
    return raw


YES = ("yes", "true", "on", "1")
NO = ("no", "false", "off", "0")


def switch_value(flag: str, raw: str, usage: str) -> bool:
    """`--anonymous=no` means no: a flag's value is honoured, never silently taken as yes."""
    if raw.lower() in YES:
        return True
    if raw.lower() in NO:
        return False
    raise UserError(
        f"{flag} is on or off: type {flag} alone, or {flag}=yes / {flag}=no, "
        f"not {flag}={raw[:40]}.\nUsage: {usage}"
    )


def bind(spec: CommandSpec, words: list[str]) -> Parsed:
    """Match words to the command's parameters."""
    usage = spec.usage()
    by_flag = {p.flag_name: p for p in spec.params if p.kind in ("option", "flag")}
    args: dict[str, Any] = {
        p.name: (False if p.kind == "flag" else p.default)
        for p in spec.params
        if p.kind != "variadic"
    }
    loose: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("--") and len(word) > 2:
            flag, has_value, inline = word.partition("=")
            param = by_flag.get(flag.lower())
            if param is None:
                known = ", ".join(by_flag) or "none"
                raise UserError(f"Unknown option {flag}. Options: {known}.\nUsage: {usage}")
            if param.kind == "flag":
                args[param.name] = switch_value(flag, inline, usage) if has_value else True
            else:
                if has_value:
                    value = inline
                elif i + 1 < len(words):
                    i += 1
                    value = words[i]
                else:
                    raise UserError(f"{flag} needs a value.\nUsage: {usage}")
                args[param.name] = convert(param, value, usage)
        else:
            loose.append(word)
        i += 1
    variadic: tuple[Any, ...] = ()
    positional = [p for p in spec.params if p.kind in ("positional", "variadic")]
    for param in positional:
        if param.kind == "variadic":
            if len(loose) < param.min_count:
                raise UserError(f"Give at least {param.min_count} {param.name}.\nUsage: {usage}")
            if len(loose) > param.max_count:
                raise UserError(f"Give at most {param.max_count} {param.name}.\nUsage: {usage}")
            variadic = tuple(convert(param, w, usage) for w in loose)
            loose = []
        elif loose:
            args[param.name] = convert(param, loose.pop(0), usage)
        elif param.required:
            raise UserError(f"Missing {param.shown}.\nUsage: {usage}")
    for param in spec.params:
        if param.kind == "option" and param.required and args.get(param.name) is None:
            raise UserError(f"{param.flag_name} is needed.\nUsage: {usage}")
    if loose:
        extra = " ".join(loose)
        raise UserError(
            f"Too many words: {extra!r}. Put text with spaces in quotes.\nUsage: {usage}"
        )
    return Parsed(spec, args, variadic)


def format_command(spec: CommandSpec, args: dict[str, Any], variadic: tuple[Any, ...]) -> str:
    """Write a command as text that `bind` reads back to the same arguments."""
    words = ["!" + spec.name]
    for p in spec.params:
        if p.kind == "positional" and args.get(p.name) is not None:
            words.append(shlex.quote(str(args[p.name])))
        elif p.kind == "variadic":
            words.extend(shlex.quote(str(v)) for v in variadic)
    for p in spec.params:
        value = args.get(p.name)
        if p.kind == "flag" and value:
            words.append(p.flag_name)
        elif p.kind == "option" and value is not None and value != p.default:
            words.extend([p.flag_name, shlex.quote(str(value))])
    return " ".join(words)
