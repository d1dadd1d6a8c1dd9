"""The shell's log never mixes into the conversation: WARNING and above, on stderr or in a file."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.platforms.shell_process import at_terminal, coprod

# What the bot logs when a scheduled row cannot run, pinned by hand from the scheduler's words.
FAILED = "WARNING bot.core.scheduler: scheduled poll_close not-a-poll failed"
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")


def broken_row(db: Path) -> None:
    """A shell file holding a scheduled poll close for no poll: the bot logs a warning on it."""
    assert coprod(db, ":quit\n").returncode == 0
    conn = sqlite3.connect(db)
    try:
        conn.execute(
            "INSERT INTO scheduled (group_id, kind, ref, due_at)"
            " VALUES ('shell:local', 'poll_close', 'not-a-poll', '2026-11-30T09:00:00+00:00')"
        )
        conn.commit()
    finally:
        conn.close()


def test_piped_shell_keeps_log_lines_off_stdout_and_only_warnings_on_stderr(
    tmp_path: Path,
) -> None:
    """Even with log_level DEBUG, stdout is the conversation alone; stderr has warnings only."""
    db = tmp_path / "week.sqlite3"
    broken_row(db)
    config = tmp_path / "shell.toml"
    config.write_text('platform = "shell"\nlog_level = "DEBUG"\n')
    script = "poll create Lunch? Soup, Salad --closes in 2 days\n:as bob\npoll vote 1 2\n:wait 3d\n"
    done = coprod(db, script, "--config", str(config), cmd="run")
    assert done.returncode == 0, done.stderr
    assert "Winner: Salad" in done.stdout  # the conversation ran to the close
    assert not LOG_LINE.search(done.stdout), done.stdout
    assert "not-a-poll" not in done.stdout
    assert FAILED in done.stderr
    logged = [line for line in done.stderr.splitlines() if LOG_LINE.match(line)]
    assert logged, done.stderr
    assert all(" WARNING " in line or " ERROR " in line for line in logged), done.stderr


def test_at_a_terminal_the_log_goes_to_a_file_beside_the_database(tmp_path: Path) -> None:
    """At a terminal nothing logged shows on the screen; it is in DATABASE.log instead."""
    db = tmp_path / "week.sqlite3"
    broken_row(db)
    shown = at_terminal(db, ":wait 1h\n:quit\n")
    assert "The clock is now Mon 30 Nov 2026 10:00 UTC." in shown
    assert "not-a-poll" not in shown, shown
    assert FAILED in (tmp_path / "week.sqlite3.log").read_text()
