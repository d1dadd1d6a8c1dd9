"""Finding a time: reading availability and choosing the best slot. Pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.errors import UserError

MAX_SLOTS = 10
AVAIL = {"yes": "yes", "y": "yes", "maybe": "maybe", "ifneedbe": "maybe", "no": "no", "n": "no"}
CARRIED = {"yes": "going", "maybe": "maybe"}  # a plan's answers as the meeting's RSVPs


@dataclass(frozen=True)
class SlotCount:
    """One slot's answers."""

    position: int
    yes: tuple[str, ...]
    maybe: tuple[str, ...]
    no: tuple[str, ...]
    missing_sides: tuple[str, ...] = ()  # constituencies nobody from can come


def read_avail(words: Sequence[str], slots: int, plan_id: int) -> dict[int, str]:
    """'1=yes 2=maybe 3=no' as {1: 'yes', 2: 'maybe', 3: 'no'}."""
    found: dict[int, str] = {}
    for word in words:
        match = re.fullmatch(r"(\d+)=([a-z ]+)", word.strip().lower().replace("-", ""))
        answer = AVAIL.get(match[2].replace(" ", "")) if match else None
        if match is None or answer is None:
            raise UserError(
                f"{word!r} is not an answer; write SLOT=yes, maybe or no, "
                f"e.g. `!meeting avail {plan_id} 1=yes 2=maybe 3=no`."
            )
        position = int(match[1])
        if not 1 <= position <= slots:
            raise UserError(f"Plan {plan_id} has slots 1 to {slots}; there is no slot {position}.")
        if position in found:
            raise UserError(f"Slot {position} is answered twice; give each slot once.")
        found[position] = answer
    return found


def count(
    slots: int,
    answers: Iterable[tuple[int, str, str]],
    sides: Mapping[str, str | None] | None = None,
) -> list[SlotCount]:
    """Per slot, who said what; with `sides`, which constituencies have nobody able to come."""
    by: dict[int, dict[str, list[str]]] = {
        p: {"yes": [], "maybe": [], "no": []} for p in range(1, slots + 1)
    }
    for position, user_id, answer in answers:
        if position in by:
            by[position][answer].append(user_id)
    every_side = sorted({s for s in (sides or {}).values() if s})
    counted = []
    for p, got in by.items():
        able = {(sides or {}).get(u) for u in got["yes"] + got["maybe"]}
        missing = tuple(s for s in every_side if s not in able)
        counted.append(SlotCount(p, tuple(got["yes"]), tuple(got["maybe"]), tuple(got["no"]),
                                 missing))  # fmt: skip
    return counted


def best(counts: Sequence[SlotCount]) -> int:
    """Most yes, then most if-need-be, then fewest no; the earliest slot on a tie."""
    top = max(counts, key=lambda c: (len(c.yes), len(c.maybe), -len(c.no), -c.position))
    return top.position
