"""What polls contribute to `!me export` and `!me forget`."""

from __future__ import annotations

from typing import Any

from bot.core.registry import Forgotten
from cogs.polls._render import counted
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


def told(withdrawn: int, unnamed: int, polls: int, anonymous_withdrawn: int) -> Forgotten:
    """What the person is told polls erased and kept."""
    erased = []
    kept = []
    if withdrawn or anonymous_withdrawn:
        open_polls = withdrawn + anonymous_withdrawn
        votes = "your vote" if open_polls == 1 else "your votes"
        erased.append(f"{votes} in {counted(open_polls, 'open poll')}")
    if unnamed:
        where = "a closed poll" if unnamed == 1 else "closed polls"
        kept.append(
            f"{counted(unnamed, 'vote')} in {where}, without your name, so their results stay true"
        )
    if polls:
        kept.append(f"{counted(polls, 'poll')} you asked, shown without your name")
    kept.append("votes in closed anonymous polls: they were never linked to you")
    return Forgotten("polls", tuple(erased), tuple(kept))
