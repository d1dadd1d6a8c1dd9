"""The one place that knows how mentoring names things: job refs and nudge keys.

Each format has its encode and, where something reads it back, its parse (raising
ValueError for text that is not one). Stored rows hold these strings, so a format never
changes: a new one gets a new name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_NUMBER = re.compile(r"[0-9]+")
# A user id may hold colons itself (Matrix's do): the pairing's number ends at the first.
_INTRO_REF = re.compile(r"([0-9]+)(?::(.*))?", re.DOTALL)


def _number(text: str, what: str) -> int:
    if _NUMBER.fullmatch(text) is None:
        raise ValueError(f"not {what}: {text!r}")
    return int(text)


@dataclass(frozen=True)
class PairingRef:
    """`7`: the ref of a pairing's ask, answer deadline and check-in jobs."""

    pairing_id: int

    def encode(self) -> str:
        return str(self.pairing_id)

    @classmethod
    def parse(cls, text: str) -> PairingRef:
        return cls(_number(text, "a pairing's job ref"))

    def nudge(self, what: str) -> str:
        """The outbox key of a nudge about this pairing: `intro:7`, `mentoring-ask:7`."""
        return f"{what}:{self.pairing_id}"


@dataclass(frozen=True)
class PersonRef:
    """`12`: one person's place in a pairing (its row), the ref of their second check-in."""

    person_id: int

    def encode(self) -> str:
        return str(self.person_id)

    @classmethod
    def parse(cls, text: str) -> PersonRef:
        return cls(_number(text, "a pairing person's job ref"))

    def nudge(self, what: str) -> str:
        """The outbox key of a nudge to this person about their pairing: `met-again:12`."""
        return f"{what}:{self.person_id}"


@dataclass(frozen=True)
class IntroRef:
    """`7:USER`: the intros of a pairing that USER's Accept started (they have theirs).

    A bare `7`, from an older release, introduces everyone.
    """

    pairing_id: int
    answered: str | None = None

    def encode(self) -> str:
        return (
            str(self.pairing_id) if self.answered is None else f"{self.pairing_id}:{self.answered}"
        )

    @classmethod
    def parse(cls, text: str) -> IntroRef:
        found = _INTRO_REF.fullmatch(text)
        if found is None:
            raise ValueError(f"not a pairing intro's ref: {text!r}")
        return cls(int(found[1]), found[2])


def round_ref(group_id: str) -> str:
    """The ref of a group's next scheduled round: the group's id (one pending a group)."""
    return group_id


def left_out_key(now: datetime) -> str:
    """The outbox key of telling those a round at `now` left out (carried to the next)."""
    return f"carried:{now}"


def concern_key(number: int) -> str:
    """The outbox key of telling the organisers of concern `number`."""
    return f"mentor-concern:{number}"
