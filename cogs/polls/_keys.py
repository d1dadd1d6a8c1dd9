"""The one place that knows how polls name things: message keys, job refs, nudge keys.

Each format has its encode and, where something reads it back, its parse (raising
ValueError for text that is not one). Stored rows and the key file hold these strings, so a
format never changes: a new one gets a new name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

_POLL_KEY = re.compile(r"poll:([0-9]+)")
_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class PollKey:
    """`poll:12`: a poll's living message (and its native poll, where a platform has one)."""

    PREFIX: ClassVar[str] = "poll"

    poll_id: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.poll_id}"

    @classmethod
    def parse(cls, text: str) -> PollKey:
        found = _POLL_KEY.fullmatch(text)
        if found is None:
            raise ValueError(f"not a poll's message key: {text!r}")
        return cls(int(found[1]))

    def nudge(self, *what: object) -> str:
        """The outbox key of a nudge about this poll: `poll:12:results`, `poll:12:reminder`."""
        return ":".join((self.encode(), *map(str, what)))


@dataclass(frozen=True)
class PollRef:
    """`12`: the ref of a poll's close, reminder and announcement jobs."""

    poll_id: int

    def encode(self) -> str:
        return str(self.poll_id)

    @classmethod
    def parse(cls, text: str) -> PollRef:
        if _NUMBER.fullmatch(text) is None:
            raise ValueError(f"not a poll's job ref: {text!r}")
        return cls(int(text))


@dataclass(frozen=True)
class SecretName:
    """`poll:12`: where an anonymous poll's secret is kept in the key file."""

    poll_id: int

    def encode(self) -> str:
        return f"poll:{self.poll_id}"

    @classmethod
    def parse(cls, text: str) -> SecretName:
        found = _POLL_KEY.fullmatch(text)
        if found is None:
            raise ValueError(f"not a poll secret's name: {text!r}")
        return cls(int(found[1]))


# The ref of the one pending "empty the database log" job (see _secrets.fold_log).
ERASE_REF = "wal"
