"""What polls contribute to `!me export` and `!me forget`."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import _, ngettext
from bot.core.parts import Forgotten
from storage.polls_people import NamedBallot


def exported(ballots: list[NamedBallot], asked: list[tuple[int, str]]) -> dict[str, Any] | None:
    """The person's part of the export: named ballots with their answers, polls they asked."""
    if not ballots and not asked:
        return None
    return {
        "ballots": [
            {
                "poll": b.poll_id,
                "question": b.question,
                "answer": [b.options[c - 1] if 0 < c <= len(b.options) else c for c in b.choices],
                **({"reason": b.reason} if b.reason else {}),
                "poll_closed": b.closed,
            }
            for b in ballots
        ],
        "polls_asked": [{"poll": poll_id, "question": q} for poll_id, q in asked],
    }


def forgotten(withdrawn: int, unnamed: int, polls: int, anonymous_withdrawn: int) -> Forgotten:
    """What the person is told polls erased and kept."""
    erased = []
    kept = []
    if withdrawn or anonymous_withdrawn:
        open_polls = withdrawn + anonymous_withdrawn
        erased.append(
            ngettext("your vote in {n} open poll", "your votes in {n} open polls", open_polls)
        )
    if unnamed:
        kept.append(
            ngettext(
                "{n} vote in a closed poll, without your name, so its result stays true",
                "{n} votes in closed polls, without your name, so their results stay true",
                unnamed,
            )
        )
    if polls:
        kept.append(
            ngettext(
                "{n} poll you asked, shown without your name",
                "{n} polls you asked, shown without your name",
                polls,
            )
        )
    kept.append(_("votes in closed anonymous polls: they were never linked to you"))
    return Forgotten("polls", tuple(erased), tuple(kept))
