"""The text-command syntax that Matrix and the shell share: words matched to parameters.

`!poll create "Which evening suits?" Monday Tuesday --closes "friday 17:00" --anonymous`

Quotes are welcome, never needed for the last text of a command: `!idea add Saturday drop-in
for people who work` and `--reason it leaves out evening workers` read to the end of the line
(or to the next `--option`). An apostrophe inside a word (`can't`) is just a letter.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.commands import CommandSpec, Param
from bot.core.errors import UserError
from bot.core.i18n import _, counted, meant
from bot.core.limits import TITLE, limited
from bot.core.matching import closest
from bot.core.words import Word, joined, quote, readable, split_words

# Platforms and tests read command lines through the parser.
__all__ = [
    "LARGEST_NUMBER",
    "Parsed",
    "UnknownCommand",
    "Word",
    "bind",
    "find_command",
    "quote",
    "readable",
    "split_words",
    "suggest",
    "whole_number",
]


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


def whole_number(raw: str) -> int | None:
    """ASCII digits only (int() also takes '١٢' and '²' fails after isdigit()), bounded."""
    if not _WHOLE.fullmatch(raw.strip()):
        return None
    n = int(raw)
    return n if abs(n) <= LARGEST_NUMBER else None


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


def choice_value(param: Param, raw: str, usage: str) -> str:
    """The choice meant, forgiving case, spacing and a close spelling; else what to type."""
    found = closest(raw, param.choices)
    if found.value is not None:
        return found.value
    allowed = ", ".join(param.choices)
    hint = found.did_you_mean()
    raise UserError(
        _(
            "{param_name} must be one of {allowed}, not {raw!r}.{hint}\nUsage: {usage}",
            param_name=param.name,
            allowed=allowed,
            raw=raw[:40],
            hint=hint,
            usage=usage,
        )
    )


def convert(param: Param, raw: str, usage: str) -> Any:
    """Turn one word into the parameter's type, or say what to type instead."""
    if param.said:  # a button's label, in any language: "Yn dod" is "going"
        raw = meant(raw, dict(param.said)) or raw
    if param.choices:
        return choice_value(param, raw, usage)
    if param.type is int:
        number = whole_number(raw)
        if number is None:
            raise UserError(
                _(
                    "{shown} must be a whole number (0 to {largest_number}), not {raw!r}.\nUsage: "
                    "{usage}",
                    shown=param.shown,
                    largest_number=LARGEST_NUMBER,
                    raw=raw[:40],
                    usage=usage,
                )
            )
        return number
    if param.type is float:
        if not _NUMBER.fullmatch(raw.strip()):
            raise UserError(
                _(
                    "{shown} must be a number, not {raw!r}.\nUsage: {usage}",
                    shown=param.shown,
                    raw=raw[:40],
                    usage=usage,
                )
            )
        return float(raw)
    return str(raw)


YES = ("yes", "true", "on", "1")
NO = ("no", "false", "off", "0")


def switch_value(flag: str, raw: str, usage: str) -> bool:
    """`--anonymous=no` means no: a flag's value is honoured, never silently taken as yes."""
    if raw.lower() in YES:
        return True
    if raw.lower() in NO:
        return False
    raise UserError(
        _(
            "{flag} is on or off: type {flag} alone, or {flag}=yes / {flag}=no, not "
            "{flag}={raw}.\nUsage: {usage}",
            flag=flag,
            raw=raw[:40],
            usage=usage,
        )
    )


def _is_option(word: str) -> bool:
    """`--closes` typed as such: a quoted "--closes" is text."""
    if isinstance(word, Word):
        return word.source[word.start : word.start + 2] == "--" and len(word) > 2
    return word.startswith("--") and len(word) > 2


def _is_text(param: Param) -> bool:
    """Free text: it may run over several words."""
    return param.type is str and not param.choices


def _option_value(param: Param, words: list[str], i: int, inline: str | None) -> tuple[str, int]:
    """An option's value and the index of its last word.

    Text typed without quotes runs on to the next `--option`; a quoted value is one word.
    """
    if inline is not None:
        if not inline or getattr(words[i], "quoted", False) or not _is_text(param):
            return inline, i
        taken, at = [inline], i
    else:
        taken, at = [words[i + 1]], i + 1
        if not _is_text(param) or getattr(taken[0], "quoted", False):
            return str(taken[0]), at
    while at + 1 < len(words) and not _is_option(words[at + 1]):
        at += 1
        taken.append(words[at])
    if inline is not None:
        return " ".join([inline, joined(taken[1:])]) if len(taken) > 1 else inline, at
    return joined(taken), at


def _title_words(param: Param, loose: list[str]) -> int:
    """How many words a title before more arguments takes: through one ending in ? or :.

    `!poll create Which evening suits? Monday, Tuesday` and `!meeting add Housing forum:
    tuesday 18:00` need no quotes; without such a word the title is one word, as before.
    """
    if getattr(param.max_length, "kind", "") != TITLE.kind:
        return 1
    for n, word in enumerate(loose[:-1], start=1):
        if not getattr(word, "quoted", False) and word.endswith(("?", ":")) and len(word) > 1:
            return n
    return 1


def _listed(words: list[str]) -> list[str]:
    """Several values typed as a list: 'Monday, Tuesday, Wed 7pm' (quoted parts kept whole)."""
    if not any("," in w and not getattr(w, "quoted", False) for w in words):
        return words
    items: list[list[str]] = [[]]
    for word in words:
        if getattr(word, "quoted", False):
            items[-1].append(word)
            continue
        pieces = str(word).split(",")
        for i, piece in enumerate(pieces):
            if i:
                items.append([])
            if piece.strip():
                items[-1].append(piece.strip())
    return [" ".join(item) for item in items if item]


def _positional(
    spec: CommandSpec, loose: list[str], usage: str
) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """Match the words left after options to positional parameters, in order.

    The last text parameter (with nothing after it) takes the rest of the line; several
    values may be typed as a comma-separated list; a title may end at a word with ? or :.
    """
    args: dict[str, Any] = {}
    variadic: tuple[Any, ...] = ()
    positional = [p for p in spec.params if p.kind in ("positional", "variadic")]
    for n, param in enumerate(positional):
        last = n == len(positional) - 1
        if param.kind == "variadic":
            values = _listed(loose) if _is_text(param) else loose
            if len(values) < param.min_count:
                least = counted(param.noun, param.min_count)
                raise UserError(
                    _("Give at least {least}.\nUsage: {usage}", least=least, usage=usage)
                )
            if len(values) > param.max_count:
                most = counted(param.noun, param.max_count)
                raise UserError(_("Give at most {most}.\nUsage: {usage}", most=most, usage=usage))
            variadic = tuple(convert(param, w, usage) for w in values)
            loose = []
        elif loose and last and param.type is str:
            args[param.name] = convert(param, joined(loose), usage)
            loose = []
        elif loose:
            taken = _title_words(param, loose)
            words, loose = loose[:taken], loose[taken:]
            text = joined(words) if taken > 1 else words[0]
            if taken > 1 and text.endswith(":"):
                text = text[:-1]
            args[param.name] = convert(param, text, usage)
        elif param.required:
            raise UserError(_("Missing {shown}.\nUsage: {usage}", shown=param.shown, usage=usage))
    if loose:
        extra = joined(loose)
        raise UserError(
            _(
                "I don't know what {extra!r} is for: !{spec_name} takes no more words "
                "there.\nUsage: {usage}",
                extra=extra[:100],
                spec_name=spec.name,
                usage=usage,
            )
        )
    return args, variadic


def _check_lengths(spec: CommandSpec, args: dict[str, Any], variadic: tuple[Any, ...]) -> None:
    """Each text within its parameter's limit, the same for a kind of text in every command."""
    for param in spec.params:
        if param.max_length is None:
            continue
        what = param.flag_name if param.kind == "option" else param.shown
        values = variadic if param.kind == "variadic" else (args.get(param.name),)
        for value in values:
            if isinstance(value, str):
                try:
                    limited(value, param.max_length, what)
                except UserError as e:
                    raise UserError(
                        _("{message}\nUsage: {usage}", message=e.message, usage=spec.usage())
                    ) from None


def bind(spec: CommandSpec, words: list[str]) -> Parsed:
    """Match words to the command's parameters."""
    usage = spec.usage()
    by_flag = {p.flag_name: p for p in spec.params if p.kind in ("option", "flag")}
    args: dict[str, Any] = {
        p.name: (False if p.kind == "flag" else p.default)
        for p in spec.params
        if p.kind != "variadic"
    }
    given: set[str] = set()
    loose: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if _is_option(word):
            flag, has_value, inline = word.partition("=")
            param = by_flag.get(flag.lower())
            if param is None:
                known = ", ".join(by_flag) or _("none")
                raise UserError(
                    _(
                        "Unknown option {flag}. Options: {known}.\nUsage: {usage}",
                        flag=flag,
                        known=known,
                        usage=usage,
                    )
                )
            if param.name in given:
                raise UserError(
                    _(
                        "{flag_name} is given twice; give it once.\nUsage: {usage}",
                        flag_name=param.flag_name,
                        usage=usage,
                    )
                )
            given.add(param.name)
            if param.kind == "flag":
                args[param.name] = switch_value(flag, inline, usage) if has_value else True
            else:
                if not has_value and i + 1 >= len(words):
                    raise UserError(
                        _("{flag} needs a value.\nUsage: {usage}", flag=flag, usage=usage)
                    )
                value, i = _option_value(param, words, i, inline if has_value else None)
                args[param.name] = convert(param, value, usage)
        else:
            loose.append(word)
        i += 1
    found, variadic = _positional(spec, loose, usage)
    args.update(found)
    _check_lengths(spec, args, variadic)
    for param in spec.params:
        if param.kind == "option" and param.required and args.get(param.name) is None:
            raise UserError(
                _("{flag_name} is needed.\nUsage: {usage}", flag_name=param.flag_name, usage=usage)
            )
    return Parsed(spec, args, variadic)
