"""The README stays true: it documents every command and the two set-up commands exist."""

from __future__ import annotations

from pathlib import Path

from tests.harness import Harness

ROOT = Path(__file__).resolve().parents[1]


async def test_readme_documents_every_command(harness: Harness) -> None:
    """Each declared command appears in the README's command table."""
    text = (ROOT / "README.md").read_text()
    for name in harness.bot.commands:
        assert f"`!{name}" in text, f"!{name} is missing from README.md"


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run calls the check script the README gives as the test command."""
    assert "sh check.sh" in (ROOT / "README.md").read_text()
    assert "check.sh" in (ROOT / ".ci/run").read_text()
