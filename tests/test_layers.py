"""The layer rules (CONTRIBUTING.md, pyproject's import contracts), checked on every run with the import graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
# Storage modules the core owns, which any cog may use; every other one belongs to a feature.
SHARED_STORAGE = {"storage", "storage.db", "storage.engine", "storage.timefmt"}


def _graph() -> grimp.ImportGraph:
    # TYPE_CHECKING imports count: a cycle hidden behind one is still a tangle to read.
    return grimp.build_graph("bot", "cogs", "storage", exclude_type_checking_imports=False)


def test_imports_only_go_the_way_the_arrows_point() -> None:
    """Every import-linter contract in pyproject.toml holds (platforms, storage, core, cogs)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken." in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    """No module imports, through any chain, a module that imports it back."""
    assert _cycles(_graph()) == []


def test_a_cog_uses_another_only_through_its_package() -> None:
    """cogs.ideas may import cogs.polls, never cogs.polls._cog, nor another cog's storage."""
    graph = _graph()
    wrong = []
    for module in sorted(m for m in graph.modules if m.startswith("cogs.")):
        own = module.split(".")[1]
        for imported in graph.find_modules_directly_imported_by(module):
            parts = imported.split(".")
            if parts[0] == "cogs" and len(parts) > 2 and parts[1] != own:
                wrong.append(f"{module} -> {imported}")
            foreign = parts[0] == "storage" and not parts[-1].startswith(own)
            if foreign and imported not in SHARED_STORAGE:
                wrong.append(f"{module} -> {imported}")
    assert wrong == []


def test_cycle_finder_finds_a_cycle() -> None:
    """The cycle check is not vacuous: two modules importing each other are reported."""
    graph = grimp.ImportGraph()
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="a")
    graph.add_import(importer="c", imported="a")
    assert _cycles(graph) == [["a", "b"]]
