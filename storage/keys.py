"""Secrets that must die, kept beside the database and never inside it.

An anonymous poll's key links each ballot to a person while the poll is open. Kept in the
database, any copy of the file (a backup, a stolen disk) would link everyone; here it lives
in `<database>.keys`, readable by the bot's user only (0600), and is erased at close. The
database alone never links anyone; after close nothing does.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class KeyFile:
    """Named 32-byte secrets ("poll:12") in one small file, rewritten whole on each change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: dict[str, bytes] = {}
        if path.exists():
            # Anyone who could read it could link ballots: tighten what an editor left loose.
            os.chmod(path, 0o600)
            for line in path.read_text(encoding="ascii").splitlines():
                name, _, hexed = line.partition(" ")
                if name and hexed:
                    self._keys[name] = bytes.fromhex(hexed)

    @classmethod
    def beside(cls, database: str | Path) -> KeyFile:
        """The key file of a database file."""
        return cls(Path(f"{database}.keys"))

    def get(self, name: str) -> bytes | None:
        """A secret, or None once erased (or never made)."""
        return self._keys.get(name)

    def names(self) -> list[str]:
        """Every secret still kept."""
        return sorted(self._keys)

    def put(self, name: str, secret: bytes) -> None:
        """Keep a secret, on disk before this returns."""
        self._keys[name] = secret
        self._save()

    def erase(self, *names: str) -> None:
        """Forget secrets, on disk before this returns."""
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
