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


def start() -> str:
    """Start the test server (making its cluster if needed); its address."""
    programs = bin_dir()
    if programs is None:
        raise RuntimeError("PostgreSQL is not installed; run: python -m tests.postgres install")
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
        probe = subprocess.run(
            [str(programs / "pg_isready"), "-h", "127.0.0.1", "-p", str(PORT)],
            stdout=subprocess.DEVNULL,
        )
        if probe.returncode == 0:
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
