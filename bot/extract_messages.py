"""Extraction for `pybabel extract`: Python's keywords, plus what people read from docstrings.

A command's description is its docstring's first line and a feature's is its cog's (see
bot/core/commands.py), so those lines are messages too, though no `_()` surrounds them.
The values a command offers to pick from (`Literal["on", "off"]`, `Arg(offered=...)`) are
shown as Discord's choices: they are messages in the context "choice", since a choice's
name may be said differently from the same word elsewhere. Typed, they stay English.
babel.cfg names this extractor for every Python file.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

# (line, function, message, comments), as Babel's own extractors yield them.
Found = tuple[Any, ...]


def _first_line(node: ast.AST) -> tuple[int, str] | None:
    """(line, first line of the docstring) of a function or class, if it has one."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return None
    doc = ast.get_docstring(node)
    if not doc or not doc.strip():
        return None
    return node.body[0].lineno, doc.strip().splitlines()[0]


def _is_command(node: ast.AST) -> bool:
    """A method marked `@command("...")`: its docstring's first line is a description."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "command"
        for d in node.decorator_list
    )


def _is_cog(node: ast.AST) -> bool:
    """A class built on Cog, or declaring commands: its docstring may describe command groups.

    A feature's cog is sometimes built on its own mixins (`Mentoring(Concerns)`), so a class
    holding `@command`s counts too; a mixin's line in the template is harmless, a missing
    feature's line would stay English.
    """
    if not isinstance(node, ast.ClassDef):
        return False
    return any(isinstance(b, ast.Name) and b.id == "Cog" for b in node.bases) or any(
        _is_command(n) for n in node.body
    )


CHOICE = "choice"  # the context of a command's offered values (bot/platforms/discord/tree.py)


def _choices(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, value) of every string a module's commands offer: Literal[...] and offered=(...)."""
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            if node.value.id == "Literal":
                inner = node.slice
                values = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
        elif isinstance(node, ast.keyword) and node.arg == "offered":
            values = list(node.value.elts) if isinstance(node.value, ast.Tuple) else []
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield value.lineno, value.value


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Any,
) -> Iterator[Found]:
    """Everything `extract_python` finds, then command and cog descriptions."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    tree = ast.parse(source)
    commands = False
    for node in ast.walk(tree):
        if _is_command(node) or _is_cog(node):
            commands = commands or _is_command(node)
            found = _first_line(node)
            if found is not None:
                yield found[0], "", found[1], ["description people read"]
    if commands:
        for line, value in _choices(tree):
            yield line, "pgettext", (CHOICE, value), ["a choice Discord offers; typed in English"]
