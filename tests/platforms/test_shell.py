"""The terminal shell: meta commands, numbered buttons, and a crash after an acknowledgement."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.harness import Harness


async def test_numbered_choice_runs_the_action_as_the_current_person(harness: Harness) -> None:
    """Typing a number presses that button of the last answer, as whoever is typing."""
    h = harness
    await h.shell.line('poll create "Lunch?" Soup Salad')
    await h.shell.line(":as bob")
    await h.shell.line("2")
    assert h.rows("SELECT voter, choices FROM ballots") == [("bob", "2")]
    await h.shell.line("9")
    assert h.lines[-1] == "Pick a number from 1 to 3."


async def test_meta_commands_refuse_bad_input_clearly(harness: Harness) -> None:
    """Unknown shell commands, bad durations and bad roles say what to type instead."""
    h = harness
    await h.shell.line(":wait soon")
    assert "is not a duration. Use e.g. 30m, 2h, 3d" in h.lines[-1]
    await h.shell.line(":as")
    assert h.lines[-1].startswith("Usage: :as NAME")
    await h.shell.line(":as zed boss")
    assert "unknown role 'boss'" in h.lines[-1]
    await h.shell.line(":frobnicate")
    assert "Unknown shell command :frobnicate" in h.lines[-1]
    assert await h.shell.line(":quit") is False


async def test_dms_and_private_answers_are_labelled(harness: Harness) -> None:
    """Private answers and DMs to others are shown as such."""
    h = harness
    await h.join("bob")
    await h.shell.line(":as olivia")
    await h.shell.line('poll create "Lunch?" Soup Salad --closes "in 2 days"')
    await h.shell.line("poll vote 1 1")
    assert any(line.startswith("[private to olivia] Your vote") for line in h.lines)
    await h.shell.line(":wait 1d1h")
    assert any(line.startswith("[DM to bob]") for line in h.lines)


def test_acknowledged_vote_survives_a_crash(tmp_path: Path) -> None:
    """A vote the bot acknowledged is in the file even if the process is killed right after."""
    db = tmp_path / "crash.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "shell", "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write('poll create "Lunch?" Soup Salad\n:as bob\npoll vote 1 2\n')
    proc.stdin.flush()
    for line in proc.stdout:
        if "Your vote on poll 1 is in" in line:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT voter, choices FROM ballots").fetchall() == [("bob", "2")]
    finally:
        conn.close()
