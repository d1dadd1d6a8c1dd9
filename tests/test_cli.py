"""The `coprod` command line, run as a person would run it."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot import __version__

DEMO = """\
help poll
poll create "Which evening suits?" Monday Tuesday --closes "in 3 days"
:as bob
poll vote 1 2
:as carol participant
1
:users
:wait 2d
:as you
:wait 1d
poll vote 1 1
:as bob wizard
:quit
poll list
"""


def coprod(
    *args: str, stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_version() -> None:
    """`coprod --version` prints the version."""
    assert coprod("--version").stdout.strip() == f"coprod {__version__}"


def test_shell_reads_a_script_from_standard_input(tmp_path: Path) -> None:
    """`coprod shell < demo.txt` prints each answer, moves time with :wait, and stops at :quit."""
    # From a fixed Monday noon: on the wall clock, "in 3 days" typed just after midnight
    # closes at 09:00, which the script's waits do not reach.
    db = str(tmp_path / "demo.sqlite3")
    result = coprod("shell", "--db", db, "--start", "2026-11-30T12:00", stdin=DEMO)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "== Poll 1: Which evening suits? ==" in out
    assert "[private to bob] Your vote on poll 1 is in: Tuesday." in out
    assert (
        "> !poll vote 1 1" in out and "[private to carol] Your vote on poll 1 is in: Monday." in out
    )
    assert "carol (participant) <- you" in out
    assert "[DM to you]" in out and "A poll is closing soon" in out
    assert "== Results of poll 1 (closed): Which evening suits? ==" in out
    assert "has closed, so it takes no more votes" in out
    assert "unknown role 'wizard'" in out
    assert "poll list" not in out.split(":quit")[-1]  # nothing runs after :quit


def test_shell_without_arguments_uses_a_file_in_the_working_folder(tmp_path: Path) -> None:
    """With no arguments the shell runs on coprod.sqlite3 in the current folder."""
    result = coprod(stdin="poll list\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "No polls are open" in result.stdout
    assert (tmp_path / "coprod.sqlite3").exists()


def test_a_new_shell_starts_where_the_last_one_left_the_clock(tmp_path: Path) -> None:
    """A poll closed after `:wait 3d` stays closed in the next shell on the same file."""
    db = str(tmp_path / "c.sqlite3")
    first = coprod(
        "shell",
        "--db",
        db,
        stdin='poll create "Lunch?" soup salad --closes "tomorrow 12:00"\n:wait 3d\n:time\n',
    )
    assert first.returncode == 0, first.stderr
    assert "Results of poll 1 (closed)" in first.stdout
    waited = shown_time(first.stdout.split("The clock is now ")[1])
    second = coprod("shell", "--db", db, stdin=":time\npoll vote 1 1\n")
    assert second.returncode == 0, second.stderr
    assert "has closed, so it takes no more votes" in second.stdout
    assert shown_time(second.stdout.split("you> :time\n")[1]) >= waited


def shown_time(text: str) -> datetime:
    """The time the shell printed at the start of `text` ("Tue 01 Dec 2026 19:45")."""
    return datetime.strptime(text[:21], "%a %d %b %Y %H:%M").replace(tzinfo=UTC)


def test_migrate_reports_the_version(tmp_path: Path) -> None:
    """`coprod migrate --db FILE` creates or upgrades the file and says its version."""
    result = coprod("migrate", "--db", str(tmp_path / "m.sqlite3"))
    assert result.returncode == 0
    assert "is at schema version" in result.stdout


def test_bad_config_stops_with_one_line(tmp_path: Path) -> None:
    """A config with an unknown key stops `coprod run` with the key named, no traceback."""
    config = tmp_path / "config.toml"
    config.write_text('platform = "shell"\n[groups]\ntimezon = "UTC"\n')
    result = coprod("run", "--config", str(config))
    assert result.returncode == 2
    assert "unknown key groups.timezon" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_with_shell_platform_runs_the_shell(tmp_path: Path) -> None:
    """`coprod run` with platform = "shell" reads commands like `coprod shell`."""
    config = tmp_path / "config.toml"
    config.write_text(f'platform = "shell"\ndatabase = "{tmp_path / "r.sqlite3"}"\n')
    result = coprod("run", "--config", str(config), stdin="help\n")
    assert result.returncode == 0, result.stderr
    assert "== Commands for an organiser, by task ==" in result.stdout
