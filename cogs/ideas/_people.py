"""What ideas contribute to `!me export` and `!me forget`. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.i18n import ngettext
from bot.core.parts import Forgotten
from storage.ideas import Change, Idea


def exported(
    mine: Sequence[Idea], supported: Sequence[int], acted: Sequence[tuple[int, Change]]
) -> dict[str, Any] | None:
    """Someone's part of `!me export`: ideas they proposed and support, steps they took."""
    if not mine and not supported and not acted:
        return None
    return {
        "proposed": [
            {"idea": i.id, "text": i.text, "status": i.status, "anonymous": i.anonymous}
            for i in mine
        ],
        "supporting": list(supported),
        "history": [
            {"idea": idea_id, "at": c.at.isoformat(), "status": c.status, "reason": c.reason}
            for idea_id, c in acted
        ],
    }


def forgotten(ideas: int, supports: int) -> Forgotten:
    """What `!me forget` erased and kept of ideas."""
    erased = (
        [ngettext("your support of {n} idea", "your support of {n} ideas", supports)]
        if supports
        else []
    )
    kept = (
        [
            ngettext(
                "{n} idea you proposed, without your name",
                "{n} ideas you proposed, without your name",
                ideas,
            )
        ]
        if ideas
        else []
    )
    return Forgotten("ideas", tuple(erased), tuple(kept))
