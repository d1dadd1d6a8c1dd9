"""What mentoring contributes to `!me export` and `!me forget`. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.core.i18n import _, ngettext
from bot.core.parts import Forgotten
from storage.mentoring import Concern, OptIn
from storage.mentoring_pairings import Pairing


def exported(
    me: OptIn | None,
    pairings: Sequence[Pairing],
    avoids: Sequence[str],
    notes: Sequence[Concern],
    names: Mapping[str, str],
    user_id: str,
) -> dict[str, Any]:
    """The person's part: how they are in, their pairings and check-ins, their own lists.

    Who avoids them is theirs to keep, not this person's, so it is never in here.
    """
    mine = {p.user_id: p for pairing in pairings for p in pairing.people if p.user_id == user_id}
    return {
        "opt_in": None
        if me is None
        else {
            "role": me.role,
            "topics": list(me.topics),
            "every": me.every,
            "paused_until": me.paused_until.isoformat() if me.paused_until else None,
            "joined_at": me.joined_at.isoformat(),
        },
        "pairings": [
            {
                "pairing": p.id,
                "with": [names.get(u, u) for u in p.others(user_id)],
                "state": p.state,
                "proposed_at": p.proposed_at.isoformat(),
                "your_answer": mine[user_id].answer if user_id in mine else None,
                "your_checkin": next((x.checkin for x in p.people if x.user_id == user_id), None),
            }
            for p in pairings
        ],
        "avoiding": [names.get(u, u) for u in avoids],
        "concerns_raised": [{"text": c.text, "raised_at": c.raised_at.isoformat()} for c in notes],
    }


def forgotten(opt_in: int, avoids: int, notes: int, pairings: int) -> Forgotten:
    """What the person is told mentoring erased and kept."""
    erased = []
    if opt_in:
        erased.append(_("your opt-in to pairing rounds"))
    if avoids:
        erased.append(_("your avoid list ({n})", n=avoids))
    if notes:
        erased.append(ngettext("{n} concern you raised", "{n} concerns you raised", notes))
    kept = []
    if pairings:
        erased.append(ngettext("your place in {n} pairing", "your place in {n} pairings", pairings))
        kept.append(
            ngettext(
                "that pairing as counts only (made, met, ended early), without anyone's name",
                "those pairings as counts only (made, met, ended early), without anyone's name",
                pairings,
            )
        )
    return Forgotten("mentoring", tuple(erased), tuple(kept))
