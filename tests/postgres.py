"""A throwaway PostgreSQL server for the tests, from the distribution's packages.

`python -m tests.postgres install` makes sure the server's programs are here (installing
Debian's `postgresql` package if they are not); `python -m tests.postgres start` starts a
cluster on 127.0.0.1 (made on first use, in a folder under /tmp) and prints its address.
The test session starts it itself when the suite runs on PostgreSQL.

The cluster is for tests only: it trusts local connections and does not sync to disk.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

PORT = int(os.environ.get("COPROD_TEST_PG_PORT", "54329"))
HOME = Path(os.environ.get("COPROD_TEST_PG_DIR", f"/tmp/coprod-test-pg-{os.getuid()}"))
DATA = HOME / "data"
SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=400",
    "shared_buffers=64MB",
)


def bin_dir() -> Path | None:
    """The server's programs (initdb, pg_ctl, postgres), newest version first."""
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(found).parent
    return None


def install() -> None:
    """Install the distribution's PostgreSQL server if its programs are missing."""
    if bin_dir() is not None:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
        check=True,
        env=env,
    )
    if bin_dir() is None:
        raise SystemExit("PostgreSQL's programs are still missing after installing it")


def _as_server_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as `postgres` then."""
    if os.getuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def _owner() -> tuple[int, int]:
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def address(database: str = "postgres") -> str:
    """The address of a database on the test server."""
    user = "postgres" if os.getuid() == 0 else pwd.getpwuid(os.getuid()).pw_name
    return f"postgresql://{user}@127.0.0.1:{PORT}/{database}"


def _repair_dev_null() -> None:
    """initdb and pg_ctl run shell lines that read and write /dev/null as `postgres`.

    A machine where /dev/null lost its usual mode (0666; an old test of ours once narrowed it
    to 0600 by opening the database with keys=/dev/null) cannot start a server, so, as root,
    give it back its usual mode.
    """
    null = os.stat(os.devnull)
    usual = 0o666
    if os.getuid() == 0 and stat.S_ISCHR(null.st_mode) and stat.S_IMODE(null.st_mode) != usual:
        os.chmod(os.devnull, usual)
        print(f"tests.postgres: gave {os.devnull} back its usual mode 0666", file=sys.stderr)


def _clear_stale_pid_file() -> None:
    """A postmaster.pid left by a server that no longer runs (a machine restored from a copy)."""
    pid_file = DATA / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return
    try:
        running = Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
    except FileNotFoundError:
        running = False
    if not running:
        pid_file.unlink()


def _ready(programs: Path) -> bool:
    probe = subprocess.run(
        [str(programs / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return probe.returncode == 0


def start() -> str:
    """Start the test server (making its cluster if needed); its address."""
    programs = bin_dir()
    if programs is None:
        raise RuntimeError("PostgreSQL is not installed; run: python -m tests.postgres install")
    if _ready(programs):
        return address()
    _repair_dev_null()
    uid, gid = _owner()
    if not (DATA / "PG_VERSION").exists():
        shutil.rmtree(HOME, ignore_errors=True)
        HOME.mkdir(parents=True)
        os.chown(HOME, uid, gid)
        subprocess.run(
            _as_server_user(
                [str(programs / "initdb"), "-D", str(DATA), "-A", "trust", "-E", "UTF8",
                 "--no-locale", "-U", address().split("//")[1].split("@")[0]]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    ready = subprocess.run(
        _as_server_user([str(programs / "pg_ctl"), "-D", str(DATA), "status"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if ready.returncode != 0:
        _clear_stale_pid_file()
        options = " ".join(
            [f"-p {PORT}", "-h 127.0.0.1", f"-k {HOME}", *(f"-c {s}" for s in SETTINGS)]
        )
        subprocess.run(
            _as_server_user(
                [str(programs / "pg_ctl"), "-D", str(DATA), "-l", str(HOME / "server.log"),
                 "-o", options, "-w", "-t", "60", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if _ready(programs):
            return address()
        time.sleep(0.2)
    raise RuntimeError(f"the test PostgreSQL did not start; see {HOME / 'server.log'}")


def stop() -> None:
    """Stop the test server."""
    programs = bin_dir()
    if programs is not None and (DATA / "PG_VERSION").exists():
        subprocess.run(
            _as_server_user([str(programs / "pg_ctl"), "-D", str(DATA), "-m", "fast", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "start"
    if what == "install":
        install()
    elif what == "start":
        print(start())
    elif what == "stop":
        stop()
    else:
        raise SystemExit("usage: python -m tests.postgres install|start|stop")
