"""A new feature needs only its own files: a throwaway `!kudos` added to a copy of the repository.

The copy gets the files in tests/kudos (its package, storage module, migration and tests)
and the cog's line in `bot/app.py`'s COGS; then its tests, the forget-everything test, the
layer rules, ruff and mypy run there. The test also lists what changed in the copy, so a
feature that needed a core or platform edit to work could not pass.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FEATURE = ROOT / "tests" / "kudos"
SKIP = shutil.ignore_patterns(
    ".git", ".venv*", ".synapse-venv", "__pycache__", ".*_cache", "*.egg-info"
)


def add_feature(copy: Path) -> set[str]:
    """Put the feature's files in place, as its author would; the paths written."""
    written = set()
    for source in sorted(p for p in FEATURE.rglob("*") if p.is_file() and p.name != "README.md"):
        relative = source.relative_to(FEATURE)
        if relative.suffix == ".pyt":
            relative = relative.with_suffix(".py")
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, copy / relative)
        written.add(relative.as_posix())
    app = copy / "bot" / "app.py"
    text = app.read_text(encoding="utf-8")
    text = text.replace(
        "from cogs.meetings import", "from cogs.kudos import Kudos\nfrom cogs.meetings import"
    )
    text = re.sub(r"(COGS: tuple\[type\[Cog\], \.\.\.\] = \(\n)", r"\1    Kudos,\n", text)
    app.write_text(text, encoding="utf-8")
    return written


def changed(before: Path, after: Path) -> set[str]:
    """Files added or different in `after`, relative paths."""
    found = set()
    for path in after.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and ".mypy_cache" not in path.parts:
            relative = path.relative_to(after)
            old = before / relative
            if not old.exists() or not filecmp.cmp(old, path, shallow=False):
                found.add(relative.as_posix())
    return found


def run(copy: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """A command in the copy, with the copy first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(copy), "MYPY_CACHE_DIR": str(copy / ".mypy_cache")}
    return subprocess.run(
        command, cwd=copy, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    """The repository as it is, and a copy with the feature added."""
    base = tmp_path_factory.mktemp("kudos")
    pristine, copy = base / "before", base / "after"
    shutil.copytree(ROOT, pristine, ignore=SKIP)
    shutil.copytree(pristine, copy)
    return pristine, copy, add_feature(copy)


def test_the_feature_touched_only_its_own_files_and_the_cog_list(copy) -> None:
    """Its package, storage module, migration and test, plus bot/app.py's COGS: nothing else."""
    pristine, after, written = copy
    assert written == {
        "cogs/kudos/__init__.py",
        "cogs/kudos/_cog.py",
        "storage/kudos.py",
        # Its own first schema step, numbered in its own sequence: no other feature's number
        # can clash with it, whatever lands beside it.
        "cogs/kudos/migrations/0001_kudos.sql",
        "tests/cogs/test_kudos.py",
    }
    assert changed(pristine, after) == written | {"bot/app.py"}
    diff = subprocess.run(
        ["diff", str(pristine / "bot" / "app.py"), str(after / "bot" / "app.py")],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    added = [line for line in diff.splitlines() if line.startswith(">")]
    assert added == ["> from cogs.kudos import Kudos", ">     Kudos,"]


def test_it_works_is_forgotten_and_keeps_the_rules(copy) -> None:
    """Its own tests, the forget-everything check, the layer rules, ruff and mypy all pass."""
    _, after, _ = copy
    own = run(after, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
              "tests/cogs/test_kudos.py")  # fmt: skip
    assert own.stdout.splitlines()[-1].startswith("4 passed"), own.stdout[-4000:] + own.stderr
    rules = run(after, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "tests/cogs/test_me_forget.py", "tests/test_layers.py")  # fmt: skip
    summary = rules.stdout.splitlines()[-1]
    assert rules.returncode == 0 and " passed" in summary, rules.stdout[-4000:] + rules.stderr
    assert "skipped" not in summary and "failed" not in summary
    kudos_rows = run(after, sys.executable, "-c", "from tests.cogs.test_me_forget import "
                     "feature_scenarios; print(feature_scenarios())")  # fmt: skip
    assert "!kudos @bob for the minutes" in kudos_rows.stdout, kudos_rows.stderr
    lint = run(after, str(Path(sys.executable).with_name("ruff")), "check", "cogs/kudos",
               "storage/kudos.py", "tests/cogs/test_kudos.py")  # fmt: skip
    assert lint.returncode == 0, lint.stdout
    types = run(after, str(Path(sys.executable).with_name("mypy")), "cogs/kudos",
                "storage/kudos.py", "tests/cogs/test_kudos.py")  # fmt: skip
    assert types.returncode == 0, types.stdout
