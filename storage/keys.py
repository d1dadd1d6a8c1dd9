"""Secrets that must die, kept beside the database and never inside it.

An anonymous poll's key links each ballot to a person while the poll is open. Kept in the
database, any copy of the file (a backup, a stolen disk) would link everyone; here it lives
in `<database>.keys`, readable by the bot's user only (0600), and is erased at close. The
database alone never links anyone; after close nothing does.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Iterator
from pathlib import Path


class KeyFileUnusable(ValueError):
    """The key file's path cannot hold keys; the message says why and what to do."""


class KeyFile:
    """Named 32-byte secrets ("poll:12") in one small file, rewritten whole on each change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: dict[str, bytes] = {}
        self._seen: tuple[int, int] | None = None
        found = _mode(path)
        if found is not None and not stat.S_ISREG(found):
            # The file is rewritten by renaming over it and removed when empty: doing that to
            # a device (/dev/null) or a folder would break the machine or lose every key.
            raise KeyFileUnusable(
                f"the key file {path} is not an ordinary file; set keys to a file name "
                "such as coprod.keys (it is made when first needed)."
            )
        if found is not None:
            # Anyone who could read it could link ballots: tighten what an editor left loose.
            os.chmod(path, 0o600)
        self._load()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return found.st_mtime_ns, found.st_ino

    def _load(self) -> None:
        """Read the file again: another process sharing the database may have changed it."""
        self._keys = {}
        self._seen = self._stamp()
        with contextlib.suppress(FileNotFoundError):
            for line in self.path.read_text(encoding="ascii").splitlines():
                name, _, hexed = line.partition(" ")
                if name and hexed:
                    self._keys[name] = bytes.fromhex(hexed)

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """One process at a time reads, changes and rewrites the file (several may share it)."""
        fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._load()
            yield
        finally:
            os.close(fd)

    @classmethod
    def beside(cls, database: str | Path) -> KeyFile:
        """The key file of a database file."""
        return cls(Path(f"{database}.keys"))

    def get(self, name: str) -> bytes | None:
        """A secret, or None once erased (or never made)."""
        if self._stamp() != self._seen:
            self._load()  # changed by another process since this one last read it
        return self._keys.get(name)

    def names(self) -> list[str]:
        """Every secret still kept."""
        self._load()
        return sorted(self._keys)

    def put(self, name: str, secret: bytes) -> None:
        """Keep a secret, on disk before this returns."""
        with self._changing():
            self._keys[name] = secret
            self._save()

    def erase(self, *names: str) -> None:
        """Forget secrets, on disk before this returns."""
        if not names:
            return
        with self._changing():
            if any(self._keys.pop(name, None) is not None for name in list(names)):
                self._save()

    def _save(self) -> None:
        # Written beside, synced, then renamed over: a crash leaves the old or the new file.
        temp = self.path.with_name(self.path.name + ".new")
        text = "".join(f"{name} {key.hex()}\n" for name, key in sorted(self._keys.items()))
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, text.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if not self._keys:
            temp.unlink()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
        else:
            os.replace(temp, self.path)
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
        self._seen = self._stamp()


def _mode(path: Path) -> int | None:
    """What the path is (its stat mode), or None when nothing is there yet."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None
