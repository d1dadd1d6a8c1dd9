"""A reminder fan-out killed half-way reaches everyone after the restart."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bot.core.delivery import LANES

PEOPLE = 3000
DM = re.compile(r"^\[DM to (p\d+|you)\]$", re.MULTILINE)
# A Tuesday noon, far from the Monday 09:00 digest: nothing else falls due on the way.
START = "2026-12-01T12:00"


def shell(db: Path, script: str) -> subprocess.Popen[str]:
    """The real shell in its own process, from a fixed start, reading the script from stdin."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "shell", "--db", str(db), "--start", START],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdin
    proc.stdin.write(script)
    proc.stdin.close()
    return proc


def test_a_killed_reminder_resumes_with_those_not_yet_reminded(tmp_path: Path) -> None:
    """kill -9 after some of 3,000 reminders: after a restart everyone has theirs.

    The terminal has no idempotency key, so only a message being shown at the kill can show
    again (at most one per lane delivered side by side); nobody is missed.
    """
    db = tmp_path / "group.sqlite3"
    first = shell(db, ":time\n")
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    conn = sqlite3.connect(db)
    with conn:
        group = conn.execute("SELECT id FROM groups").fetchone()[0]
        conn.executemany(
            "INSERT INTO members (group_id, user_id, display_name) VALUES (?, ?, ?)",
            [(group, f"p{i}", f"p{i}") for i in range(PEOPLE)],
        )
    conn.close()

    script = 'poll create "Lunch?" Soup Salad --closes "in 48 hours"\n:wait 1d1h\n'
    crashing = shell(db, script)
    assert crashing.stdout
    before = []
    for line in crashing.stdout:
        if found := DM.match(line):
            before.append(found[1])
            if len(before) == PEOPLE // 10:  # early: the pipe holds only a few hundred more
                break
    os.kill(crashing.pid, signal.SIGKILL)
    crashing.wait(timeout=60)
    # What it printed between our read and the kill was delivered too: count it.
    before += DM.findall(crashing.stdout.read())
    assert PEOPLE // 10 <= len(before) < PEOPLE  # killed in the middle, not after the end

    restarted = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--db", str(db), "--start", START],
        input="",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert restarted.returncode == 0, restarted.stderr
    after = DM.findall(restarted.stdout)
    reminded = Counter(before + after)
    everyone = {f"p{i}" for i in range(PEOPLE)} | {"you"}  # the shell's user asked, no vote
    assert set(reminded) == everyone
    twice = [who for who, n in reminded.items() if n > 1]
    assert len(twice) <= LANES and max(reminded.values()) <= 2, twice
    conn = sqlite3.connect(db)
    try:
        owed = conn.execute(
            "SELECT count(*), count(sent_at) FROM outbox_sends WHERE dedupe = 'poll:1:reminder'"
        ).fetchone()
    finally:
        conn.close()
    assert owed == (PEOPLE + 1, PEOPLE + 1)  # one row each, every one delivered
