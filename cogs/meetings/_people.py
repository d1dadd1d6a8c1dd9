"""What meetings contribute to `!me export` and `!me forget`. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.core.i18n import ngettext
from bot.core.parts import Forgotten
from storage.meetings import Entry, Rsvp


def exported(
    answers: Sequence[tuple[int, Rsvp]],
    slots: Sequence[tuple[int, int, datetime, str]],
    meetings_set_up: Sequence[int],
    plans_set_up: Sequence[int],
    entries: Sequence[Entry],
) -> dict[str, Any] | None:
    """Someone's answers to meetings and to finding a time, and contribution entries."""
    if not (answers or slots or entries or meetings_set_up or plans_set_up):
        return None
    return {
        "rsvps": [{"meeting": m, "occurrence": r.occurrence, "answer": r.answer}
                  for m, r in answers],
        "plan_answers": [{"plan": p, "slot": n, "starts_at": at.isoformat(), "answer": a}
                         for p, n, at, a in slots],
        "meetings_set_up": meetings_set_up,
        "plans_set_up": plans_set_up,
        "contributions": [{"number": e.id, "minutes": e.minutes, "what": e.what,
                           "state": e.state, "worked_at": e.worked_at.isoformat()}
                          for e in entries],
    }  # fmt: skip


def forgotten(answers: int, slots: int, dropped: int, kept: int) -> Forgotten | None:
    """What the person is told meetings erased (answers, unconfirmed entries) and kept."""
    if not (answers or slots or dropped or kept):
        return None
    erased = []
    if answers:
        erased.append(ngettext("{n} meeting answer", "{n} meeting answers", answers))
    if slots:
        erased.append(
            ngettext("{n} answer to finding a time", "{n} answers to finding a time", slots)
        )
    if dropped:
        erased.append(
            ngettext(
                "{n} unconfirmed contribution entry",
                "{n} unconfirmed contribution entries",
                dropped,
            )
        )
    confirmed = ngettext(
        "{n} confirmed contribution entry, as unnamed hours in the group's totals",
        "{n} confirmed contribution entries, as unnamed hours in the group's totals",
        kept,
    )
    return Forgotten("meetings", erased=tuple(erased), kept=(confirmed,) if kept else ())
