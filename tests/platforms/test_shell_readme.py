"""README's set-up and shell parts stay true for a newcomer: the venv's coprod, every way in."""

from __future__ import annotations

import re
from pathlib import Path

from bot.cli import _parser
from bot.platforms.shell import SHELL_HELP

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_the_two_commands_are_given_exactly() -> None:
    """The run command and the check command appear, each alone in a shell block."""
    run = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/coprod"
    assert f"```sh\n{run}\n```" in README
    assert "```sh\nsh check.sh\n```" in README


def test_every_coprod_command_runs_the_one_in_the_venv() -> None:
    """No command tells a newcomer to type `coprod ...`, which only works in an active venv."""
    bare = [
        README[max(m.start() - 20, 0) : m.end()]
        for m in re.finditer(r"\bcoprod (shell|run|settings|migrate|discord|--version)\b", README)
        if not README[: m.start()].endswith(".venv/bin/")
    ]
    assert bare == []
    assert "`. .venv/bin/activate`" in README  # and plain `coprod` is explained


def test_every_coprod_subcommand_is_shown_with_the_venv_path() -> None:
    """Each subcommand the command line offers has a `.venv/bin/coprod NAME` in the README."""
    usage = _parser().format_usage()  # e.g. "usage: coprod [-h] [--version] {shell,run,...}"
    names = re.search(r"\{([a-z,]+)\}", usage)
    assert names is not None, usage
    for name in names[1].split(","):
        assert f"`.venv/bin/coprod {name}" in README, name
    assert "`.venv/bin/coprod --version`" in README


def test_every_shell_command_is_in_the_readme_table() -> None:
    """Each `:command` the shell's :help lists has a row in README's shell table."""
    listed = re.findall(r"^  (:[a-z]+)", SHELL_HELP, re.MULTILINE)
    assert ":as" in listed and ":wait" in listed
    for word in listed:
        assert f"| `{word}" in README, word
