"""Reading what someone typed as their vote. Pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.errors import UserError
from cogs.polls._tally import CONSENT_OPTIONS


def _one(word: str, options: Sequence[str], poll_id: int) -> int:
    word = word.strip()
    if word.isdigit():
        n = int(word)
        if 1 <= n <= len(options):
            return n
        raise UserError(
            f"Poll {poll_id} has options 1 to {len(options)}; there is no option {n}. "
            f"Type `!poll results {poll_id}` to see them."
        )
    for i, label in enumerate(options, start=1):
        if label.casefold() == word.casefold():
            return i
    raise UserError(
        f"{word!r} is not an option of poll {poll_id}. Give the option's number "
        f"(1 to {len(options)}), e.g. `!poll vote {poll_id} 1`."
    )


def parse_choices(kind: str, text: str, options: Sequence[str], poll_id: int) -> tuple[int, ...]:
    """Turn '2', 'Monday', '1,3' or '3,1,2' into option positions, checked for the kind."""
    text = text.strip()
    if kind == "consent":
        picked = _one(text, CONSENT_OPTIONS, poll_id)
        return (picked,)
    if not text:
        raise UserError(f"Say which option, e.g. `!poll vote {poll_id} 1`.")
    whole = [i for i, label in enumerate(options, start=1) if label.casefold() == text.casefold()]
    words = [w for w in re.split(r"[,\s]+", text) if w] if not whole else []
    picks = tuple(whole) if whole else tuple(_one(w, options, poll_id) for w in words)
    if kind == "single" and len(picks) != 1:
        raise UserError(
            f"Poll {poll_id} takes one choice. Type one number, e.g. `!poll vote {poll_id} 2`."
        )
    if len(set(picks)) != len(picks):
        repeated = sorted({p for p in picks if picks.count(p) > 1})
        what = "ranking" if kind == "ranked" else "choice"
        raise UserError(
            f"Option {', '.join(map(str, repeated))} appears twice in your {what}. "
            f"Name each option once, e.g. `!poll vote {poll_id} 3,1,2`."
        )
    return picks


def poll_labels(question: str, options: Sequence[str], kind: str) -> tuple[str, list[str]]:
    """Check a new poll's question and options for its kind; the cleaned question and labels."""
    question = question.strip()
    if not question:
        raise UserError('Give the question first, e.g. `!poll create "Which evening?" Mon Tue`.')
    labels = [o.strip() for o in options]
    if kind == "consent":
        if labels:
            raise UserError(
                "A consent poll has fixed options (Agree, Abstain, Object, Block); give "
                'only the proposal, e.g. `!poll create "Adopt the new rota?" --kind consent`.'
            )
    elif not 2 <= len(labels) <= 20 or not all(labels):
        raise UserError(
            f"A poll needs 2 to 20 options; you gave {len(labels)}. "
            'e.g. `!poll create "Which evening?" Monday Tuesday "Wed 7pm"`.'
        )
    elif len({label.casefold() for label in labels}) != len(labels):
        raise UserError("Two options have the same text; make each option different.")
    return question, labels
