"""Extraction for `pybabel extract`: Python's keywords, plus what people read from docstrings.

A command's description is its docstring's first line and a feature's is its cog's (see
bot/core/commands.py), so those lines are messages too, though no `_()` surrounds them.
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
    for node in ast.walk(ast.parse(source)):
        if _is_command(node) or _is_cog(node):
            found = _first_line(node)
            if found is not None:
                yield found[0], "", found[1], ["description people read"]
