"""A file that cannot hold the group's state is refused in one line, with nothing left running."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from storage.db import Database, DatabaseUnusable

# About SQLite files themselves (their lock, bytes and releases): SQLite on every run.
pytestmark = pytest.mark.sqlite_file

FIXTURE = Path(__file__).parents[1] / "fixtures" / "release-0.1.0.sqlite3"


def random_bytes(tmp: Path) -> str:
    path = tmp / "random.sqlite3"
    path.write_bytes(bytes(range(256)) * 20)
    return str(path)


def text_file(tmp: Path) -> str:
    path = tmp / "notes.sqlite3"
    path.write_text("shopping: eggs, milk\n" * 50)
    return str(path)


def truncated(tmp: Path) -> str:
    path = tmp / "truncated.sqlite3"
    path.write_bytes(FIXTURE.read_bytes()[:3000])
    return str(path)


def folder(tmp: Path) -> str:
    (tmp / "a-folder").mkdir()
    return str(tmp / "a-folder")


def missing_folder(tmp: Path) -> str:
    return str(tmp / "no-such-folder" / "group.sqlite3")


BROKEN: dict[str, Callable[[Path], str]] = {
    "random bytes": random_bytes,
    "a text file": text_file,
    "a truncated database": truncated,
    "a folder": folder,
    "a missing folder": missing_folder,
    ":memory:": lambda tmp: ":memory:",
    "an empty path": lambda tmp: "",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
async def test_opening_a_broken_file_raises_one_error_and_leaks_no_thread(
    tmp_path: Path, case: str
) -> None:
    """Opening fails with a message naming the path, and no connection thread stays behind."""
    path = BROKEN[case](tmp_path)
    before = set(threading.enumerate())
    with pytest.raises(DatabaseUnusable) as err:
        await Database.open(path)
    assert "\n" not in str(err.value)
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=30)  # a closed connection's thread ends; a leaked one never does
        assert not thread.is_alive(), thread


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_shell_on_a_broken_file_says_one_line_and_exits_2(tmp_path: Path, case: str) -> None:
    """`coprod shell --db BROKEN` prints one line and exits 2 instead of a traceback or a hang."""
    path = BROKEN[case](tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--db", path],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("coprod: ") and done.stderr.count("\n") == 1, done.stderr


async def test_the_previous_release_file_still_opens(tmp_path: Path) -> None:
    """The checks refuse broken files only: a 0.1.0 database opens and gains the outbox."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    db = await Database.open(path)
    try:
        rows = await db.reader.execute_fetchall("SELECT count(*) FROM outbox_sends")
        assert rows[0][0] == 0  # the outbox (0010, 0019) starts empty
    finally:
        await db.close()


def test_a_second_process_on_the_same_file_is_refused_naming_the_first(tmp_path: Path) -> None:
    """While one shell has the database, a second is refused in one line that names it."""
    db = tmp_path / "group.sqlite3"
    first = subprocess.Popen(
        [sys.executable, "-m", "bot", "shell", "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdin and first.stdout
        first.stdin.write(":time\n")
        first.stdin.flush()
        first.stdout.readline()  # it has the file once it answers
        second = subprocess.run(
            [sys.executable, "-m", "bot", "shell", "--db", str(db)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 2
        assert second.stderr.count("\n") == 1 and f"pid {first.pid}" in second.stderr
        # ... and says what serves several processes instead.
        assert 'use PostgreSQL (database = "postgresql://...")' in second.stderr
    finally:
        if first.stdin:
            first.stdin.close()
        first.wait(timeout=60)
    again = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--db", str(db)],
        input=":time\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert again.returncode == 0, again.stderr  # the first let go when it ended


def fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "keys.fifo", 0o644)
    return tmp / "keys.fifo"


def key_folder(tmp: Path) -> Path:
    (tmp / "keys-folder").mkdir(mode=0o755)
    return tmp / "keys-folder"


@pytest.mark.parametrize("make", [fifo, key_folder], ids=["a pipe", "a folder"])
def test_a_key_file_that_is_not_a_file_is_refused_and_left_as_it_was(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    """`keys` naming a pipe or a folder (as /dev/null would be) is refused in one line.

    The thing named keeps its mode, and no database is made.
    """
    keys = make(tmp_path)
    mode = keys.stat().st_mode
    config = tmp_path / "coprod.toml"
    config.write_text(f'keys = "{keys}"\n')
    done = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--config", str(config),
         "--db", str(tmp_path / "group.sqlite3")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"coprod: the key file {keys} is not an ordinary file; set keys to a file name "
        "such as coprod.keys (it is made when first needed).\n"
    )
    assert keys.stat().st_mode == mode
    assert not (tmp_path / "group.sqlite3").exists()
