"""Finding a time: reading availability and choosing the best slot. Pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.errors import UserError
from bot.core.i18n import _, either, join, meant

MAX_SLOTS = 10
# What people type for an answer, as well as what the buttons say ("if need be", "can't").
AVAIL = {
    "yes": "yes", "y": "yes",
    "maybe": "maybe", "if need be": "maybe", "ifneedbe": "maybe",
    "no": "no", "n": "no", "can't": "no", "cant": "no", "cannot": "no", "can not": "no",
}  # fmt: skip
# A typed answer may run to several words ("3=if need be 4=no"): a new one starts at SLOT=.
NEXT_ANSWER = re.compile(r"\s+(?=[^\s=]+\s*=)")
CARRIED = {"yes": "going", "maybe": "maybe", "no": "no"}  # a plan's answers as RSVPs
# What a plan's buttons say (cogs/meetings/_plans.py), as typed in any language: "ie" is yes.
AVAIL_BUTTONS = {"yes": "yes", "if need be": "maybe", "no": "no", "maybe": "maybe"}


@dataclass(frozen=True)
class SlotCount:
    """One slot's answers."""

    position: int
    yes: tuple[str, ...]
    maybe: tuple[str, ...]
    no: tuple[str, ...]
    missing_sides: tuple[str, ...] = ()  # constituencies nobody from can come


def read_avail(words: Sequence[str], slots: int, plan_id: int) -> dict[int, str]:
    """'1=yes 2=if need be 3=no' as {1: 'yes', 2: 'maybe', 3: 'no'}."""
    how = _(
        "write SLOT=yes, maybe or no, e.g. `!meeting avail {plan_id} 1=yes 2=maybe 3=no`",
        plan_id=plan_id,
    )
    found: dict[int, str] = {}
    for part in NEXT_ANSWER.split(" ".join(words).strip()):
        slot, equals, said = (x.strip() for x in part.partition("="))
        if not equals:
            raise UserError(_("{part!r} is not an answer; {how}.", part=part, how=how))
        if not (slot.isascii() and slot.isdigit()):
            raise UserError(
                _(
                    "{slot!r} is not a slot number: plan {plan_id} has slots 1 to {slots}; {how}.",
                    slot=slot,
                    plan_id=plan_id,
                    slots=slots,
                    how=how,
                )
            )
        if not 1 <= int(slot) <= slots:
            raise UserError(
                _(
                    "Plan {plan_id} has slots 1 to {slots}; there is no slot {slot}.",
                    plan_id=plan_id,
                    slots=slots,
                    slot=slot,
                )
            )
        answer = AVAIL.get(" ".join(said.lower().replace("\u2019", "'").split())) or meant(
            said, AVAIL_BUTTONS
        )
        if answer is None:
            raise UserError(
                _(
                    "{said!r} is not an answer for slot {int}: say yes, maybe (or if "
                    "need be) or no (or can't); {how}.",
                    said=said,
                    int=int(slot),
                    how=how,
                )
            )
        position = int(slot)
        if position in found:
            raise UserError(
                _("Slot {position} is answered twice; give each slot once.", position=position)
            )
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


def sides_warning(counts: Sequence[SlotCount], slot: int) -> str | None:
    """If nobody from some constituency can come to `slot`: who, and which slots have all."""
    picked = counts[slot - 1]
    if not picked.missing_sides:
        return None
    whole = [c.position for c in counts if not c.missing_sides]
    if not whole:
        elsewhere = _("no slot has every side")
    elif len(whole) == 1:
        elsewhere = _("slot {whole} has every side", whole=whole[0])
    else:
        elsewhere = _("slots {slots} have every side", slots=join(str(w) for w in whole))
    return _(
        "Nobody from {sides} can come to slot {slot}; {elsewhere}.",
        sides=either(picked.missing_sides),
        slot=slot,
        elsewhere=elsewhere,
    )
