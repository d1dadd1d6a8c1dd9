"""Runs the real `coprod` shell in a subprocess: fed through a pipe, or at a terminal (a pty)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

START = "2026-11-30T09:00"  # the harness's Monday: a subprocess never reads today's date


def coprod(
    db: Path, script: str, *args: str, cmd: str = "shell"
) -> subprocess.CompletedProcess[str]:
    """Run `coprod CMD --db DB --start START ARGS` fed `script` on stdin through a pipe."""
    return subprocess.run(
        [sys.executable, "-m", "bot", cmd, "--db", str(db), "--start", START, *args],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def at_terminal(db: Path, typed: str, *args: str) -> str:
    """Run `coprod shell` with stdin, stdout and stderr on one terminal; what the screen showed."""
    screen, terminal = pty.openpty()
    # A plain terminal that answers no cursor queries: prompt_toolkit must not wait for one.
    env = dict(os.environ, TERM="dumb", PROMPT_TOOLKIT_NO_CPR="1")
    command = [sys.executable, "-m", "bot", "shell", "--db", str(db), "--start", START, *args]
    proc = subprocess.Popen(command, stdin=terminal, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    os.write(screen, typed.replace("\n", "\r").encode())
    shown = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([screen], [], [], 0.2)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(screen, 4096)
            except OSError:  # the shell ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(screen)
        if proc.poll() is None:  # still running after a minute: the test fails below
            proc.kill()
        proc.wait(timeout=10)
    assert proc.returncode == 0, shown.decode(errors="replace")
    return shown.decode(errors="replace")
