"""The one place that knows how meetings name things: message keys, job refs, nudge keys.

Each format has its encode and, where something reads it back, its parse (raising
ValueError for text that is not one). Stored rows hold these strings, so a format never
changes: a new one gets a new name. An occurrence is named by `occurrence_key` (its UTC start,
`2026-12-01T18:00`, which holds one colon); a reminder's lead by `lead_label` (`24h`, `90m`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

_NUMBER = re.compile(r"[0-9]+")
_MEETING_KEY = re.compile(r"meeting:([0-9]+)")
_PLAN_KEY = re.compile(r"meeting-plan:([0-9]+)")
# The occurrence holds exactly one colon, so what follows a third one is the lead.
_MEETING_REF = re.compile(r"meeting:([0-9]+):([^:]+:[^:]+)(?::([^:]+))?")


def _number(text: str, what: str) -> int:
    if _NUMBER.fullmatch(text) is None:
        raise ValueError(f"not {what}: {text!r}")
    return int(text)


@dataclass(frozen=True)
class MeetingKey:
    """`meeting:3`: a meeting's living message, and the platform's own event for it."""

    PREFIX: ClassVar[str] = "meeting"

    meeting_id: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.meeting_id}"

    @classmethod
    def parse(cls, text: str) -> MeetingKey:
        found = _MEETING_KEY.fullmatch(text)
        if found is None:
            raise ValueError(f"not a meeting's message key: {text!r}")
        return cls(int(found[1]))


@dataclass(frozen=True)
class PlanKey:
    """`meeting-plan:4`: a find-a-time plan's living message."""

    PREFIX: ClassVar[str] = "meeting-plan"

    plan_id: int

    def encode(self) -> str:
        return f"{self.PREFIX}:{self.plan_id}"

    @classmethod
    def parse(cls, text: str) -> PlanKey:
        found = _PLAN_KEY.fullmatch(text)
        if found is None:
            raise ValueError(f"not a plan's message key: {text!r}")
        return cls(int(found[1]))

    def nudge(self, *what: object) -> str:
        """The outbox key of a nudge about this plan: `meeting-plan:4:sides`."""
        return ":".join((self.encode(), *map(str, what)))


@dataclass(frozen=True)
class CameKey:
    """`meeting-came:3:2026-12-01T18:00`: the "Who came?" menu of one occurrence.

    Only written: the platform keeps the menu's state under it.
    """

    meeting_id: int
    occurrence: str

    def encode(self) -> str:
        return f"meeting-came:{self.meeting_id}:{self.occurrence}"


@dataclass(frozen=True)
class MeetingRef:
    """One occurrence of a meeting, as a job's ref and its nudges' keys.

    With a lead, `meeting:3:2026-12-01T18:00:24h`: a reminder that long before it. Without,
    `meeting:3:2026-12-01T18:00`: its end ("Who came?").
    """

    meeting_id: int
    occurrence: str
    lead: str | None = None

    def encode(self) -> str:
        lead = f":{self.lead}" if self.lead is not None else ""
        return f"meeting:{self.meeting_id}:{self.occurrence}{lead}"

    @classmethod
    def parse(cls, text: str) -> MeetingRef:
        found = _MEETING_REF.fullmatch(text)
        if found is None:
            raise ValueError(f"not a meeting occurrence's ref: {text!r}")
        return cls(int(found[1]), found[2], found[3])

    def nudge(self, *what: object) -> str:
        """The outbox key of a nudge about this occurrence: `meeting:3:...:who-came`."""
        return ":".join((self.encode(), *map(str, what)))


@dataclass(frozen=True)
class PlanRef:
    """`4`: the ref of a plan's pick at `--closes`."""

    plan_id: int

    def encode(self) -> str:
        return str(self.plan_id)

    @classmethod
    def parse(cls, text: str) -> PlanRef:
        return cls(_number(text, "a plan's job ref"))


def judged_key(entry: int, state: str, at: datetime) -> str:
    """The outbox key of telling an entry's author it was confirmed or queried (at `at`)."""
    return f"contrib:{entry}:{state}:{at.isoformat()}"
