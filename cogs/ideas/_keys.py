"""The one place that knows how ideas name things: message keys, job refs, nudge keys.

Each format has its encode and, where something reads it back, its parse (raising
ValueError for text that is not one). Stored rows hold these strings, so a format never
changes: a new one gets a new name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

_IDEA_KEY = re.compile(r"idea:([0-9]+)")
_NUMBER = re.compile(r"[0-9]+")
_REDRAW_REF = re.compile(r"([0-9]+):.*")


@dataclass(frozen=True)
class IdeaKey:
    """`idea:3`: an idea's living message, and the thread opened on it."""

    PREFIX: ClassVar[str] = "idea"

    idea_id: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.idea_id}"

    @classmethod
    def parse(cls, text: str) -> IdeaKey:
        found = _IDEA_KEY.fullmatch(text)
        if found is None:
            raise ValueError(f"not an idea's message key: {text!r}")
        return cls(int(found[1]))

    def nudge(self, *what: object) -> str:
        """The outbox key of a nudge about this idea: `idea:3:withdrawn`, `idea:3:status:2`."""
        return ":".join((self.encode(), *map(str, what)))


@dataclass(frozen=True)
class IdeaRef:
    """`3`: the ref of an idea's review and staleness jobs."""

    idea_id: int

    def encode(self) -> str:
        return str(self.idea_id)

    @classmethod
    def parse(cls, text: str) -> IdeaRef:
        if _NUMBER.fullmatch(text) is None:
            raise ValueError(f"not an idea's job ref: {text!r}")
        return cls(int(text))


def redraw_idea(ref: str) -> int:
    """The idea of a redraw job the last release scheduled, ref `IDEA:BATCH` (none are made now)."""
    found = _REDRAW_REF.fullmatch(ref)
    if found is None:
        raise ValueError(f"not an idea redraw's ref: {ref!r}")
    return int(found[1])
