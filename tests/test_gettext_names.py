"""No function hides gettext's `_()` by naming a throwaway value `_`."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Comprehensions and lambdas have their own scope: a `_` there hides nothing outside.
OWN_SCOPE = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def hiding(source: str) -> list[tuple[str, int]]:
    """(function, line) where a function that can see gettext's `_` binds `_` itself."""
    tree = ast.parse(source)
    uses = any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
        for n in ast.walk(tree)
    )
    if not uses:
        return []
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        stack: list[ast.AST] = [*fn.args.args, *fn.args.kwonlyargs, *fn.body]
        while stack:
            node = stack.pop()
            if isinstance(node, OWN_SCOPE):
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound = node.id
            else:
                bound = node.arg if isinstance(node, ast.arg) else ""
            if bound == "_" and isinstance(node, (ast.Name, ast.arg)):
                found.append((fn.name, node.lineno))
            stack.extend(ast.iter_child_nodes(node))
    return found


def test_the_check_finds_a_hidden_gettext() -> None:
    """`ref, _, rest = ...` in a module that says things with `_()` is found."""
    source = "def f(x):\n    a, _, b = x.partition(':')\n    return _('A {a}', a=a)\n"
    assert hiding(source) == [("f", 2)]
    assert hiding("def f(x):\n    return [a for a, _ in x]\n") == []


def test_no_function_hides_gettext() -> None:
    """Every module of the bot keeps `_` for gettext (a local `_` made a digest job fail)."""
    found = [
        f"{path.relative_to(ROOT)}:{line} in {name}"
        for folder in ("bot", "cogs", "storage")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name, line in hiding(path.read_text(encoding="utf-8"))
    ]
    assert found == []
