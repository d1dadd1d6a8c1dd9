"""Native Matrix polls (MSC3381): poll.start and poll.end content, reading poll.response."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from bot.core.model import Choice
from bot.platforms.matrix.render import relation_of

Content = dict[str, Any]

# Element speaks the unstable names; the stable ones are accepted on the way in.
START = "org.matrix.msc3381.poll.start"
RESPONSE = "org.matrix.msc3381.poll.response"
END = "org.matrix.msc3381.poll.end"
STABLE_RESPONSE = "m.poll.response"  # what clients will send once MSC3381 is stable
RESPONSE_TYPES = (RESPONSE, STABLE_RESPONSE)
TEXT = "org.matrix.msc1767.text"
DISCLOSED = "org.matrix.msc3381.poll.disclosed"
UNDISCLOSED = "org.matrix.msc3381.poll.undisclosed"  # clients show results only at the end
MAX_ANSWERS = 20  # clients show no more than 20


def is_native(choice: Choice | None) -> bool:
    """Whether a choice is shown as a native poll: unordered, open, small, not anonymous.

    Poll responses are room events that name their sender, so an anonymous poll stays
    text-only: a native answer would tell the whole room who picked what.
    """
    return (
        choice is not None
        and not choice.ordered
        and not choice.closed
        and not choice.anonymous
        and 2 <= len(choice.options) <= MAX_ANSWERS
    )


def start_content(choice: Choice) -> Content:
    """poll.start content; answer ids are the option numbers, "1", "2", ..."""
    numbered = "\n".join(f"{i}. {label}" for i, label in enumerate(choice.options, start=1))
    return {
        START: {
            "kind": UNDISCLOSED if choice.hide_results else DISCLOSED,
            "max_selections": max(1, min(choice.max_selections, len(choice.options))),
            "question": {TEXT: choice.question},
            "answers": [
                {"id": str(i), TEXT: label} for i, label in enumerate(choice.options, start=1)
            ],
        },
        TEXT: f"{choice.question}\n{numbered}",
    }


def end_content(start_event_id: str, results_text: str) -> Content:
    """poll.end content referring to the poll.start, with the results as its text."""
    return {
        END: {},
        TEXT: results_text,
        "body": results_text,
        "m.relates_to": {"rel_type": "m.reference", "event_id": start_event_id},
    }


@dataclass(frozen=True)
class Response:
    """A poll.response as sent: which poll it answers and the answer ids (None: unreadable)."""

    start_event_id: str
    answers: tuple[str, ...] | None


def read_response(content: Content) -> Response | None:
    """Read either the unstable (answers) or stable (m.selections) response; None if no poll."""
    relates = relation_of(content)
    start = relates.get("event_id")
    if relates.get("rel_type") != "m.reference" or not isinstance(start, str):
        return None
    raw: object = None
    for key in (RESPONSE, STABLE_RESPONSE):
        block = content.get(key)
        if isinstance(block, dict):
            raw = block.get("answers")
            break
    else:
        raw = content.get("m.selections")
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        return Response(start, None)
    return Response(start, tuple(raw))


def picked_numbers(answers: tuple[str, ...], options: int, max_selections: int) -> list[int] | None:
    """Option numbers from answer ids, truncated to max_selections; None if any is unknown.

    As MSC3381 says: an unknown id spoils the vote, and a repeated id counts once.
    """
    picked: list[int] = []
    ids = {str(n): n for n in range(1, options + 1)}  # exactly the ids start_content sent
    for answer in answers[:max_selections]:
        if answer not in ids:
            return None
        if ids[answer] not in picked:
            picked.append(ids[answer])
    return picked


def ballot_command(command: str, args: tuple[str, ...], picked: list[int]) -> str:
    """The text command a native answer stands for: `!poll vote 12 1,3`."""
    words = [command, *(shlex.quote(a) for a in args), ",".join(str(n) for n in picked)]
    return "!" + " ".join(words)
