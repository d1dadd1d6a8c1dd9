"""Writing a command back as text, for the parser's round-trip tests (the bot never needs it)."""

from __future__ import annotations

from typing import Any

from bot.core.commands import CommandSpec
from bot.core.parser import quote


def format_command(spec: CommandSpec, args: dict[str, Any], variadic: tuple[Any, ...]) -> str:
    """Write a command as text that `bind` reads back to the same arguments."""
    words = ["!" + spec.name]
    for p in spec.params:
        if p.kind == "positional" and args.get(p.name) is not None:
            words.append(quote(str(args[p.name])))
        elif p.kind == "variadic":
            words.extend(quote(str(v)) for v in variadic)
    for p in spec.params:
        value = args.get(p.name)
        if p.kind == "flag" and value:
            words.append(p.flag_name)
        elif p.kind == "option" and value is not None and value != p.default:
            words.extend([p.flag_name, quote(str(value))])
    return " ".join(words)
