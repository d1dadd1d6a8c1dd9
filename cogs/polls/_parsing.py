"""Reading what someone typed as their vote. Pure, no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.errors import UserError
from bot.core.i18n import N_, _, meant, ngettext
from bot.core.limits import LONG, SHORT, TITLE
from cogs.polls._tally import CONSENT_OPTIONS
from storage.polls import Poll


@dataclass(frozen=True)
class Picks:
    """What a vote chose (option positions, in order) and, if a number was also a label, why."""

    positions: tuple[int, ...]
    note: str = ""


def _number(word: str) -> int | None:
    """A typed option number: ASCII digits only (int() refuses '²'), bounded so it never fails."""
    if word.isascii() and word.isdigit():
        return int(word) if len(word) <= 6 else 10**6
    return None


def _one(word: str, options: Sequence[str], poll_id: int) -> int:
    word = clean(word)
    n = _number(word)
    if n is not None and 1 <= n <= len(options):
        return n
    # A label is matched only where no position could be meant (option "4" of three).
    for i, label in enumerate(options, start=1):
        if label.casefold() == word.casefold():
            return i
    if n is not None:
        raise UserError(
            _(
                "Poll {poll_id} has options 1 to {n_options}; there is no option {word}. Type "
                "`!poll results {poll_id}` to see them.",
                poll_id=poll_id,
                n_options=len(options),
                word=word[:12],
            )
        )
    raise UserError(
        _(
            "{word!r} is not an option of poll {poll_id}. Give the option's number (1 to "
            "{n_options}), e.g. `!poll vote {poll_id} 1`.",
            word=word[:100],
            poll_id=poll_id,
            n_options=len(options),
        )
    )


def _note(words: Sequence[str], picks: Sequence[int], options: Sequence[str], poll_id: int) -> str:
    """Where a typed number is also another option's label, say which was taken.

    A number always means the position, so a button's '1' is never misread.
    """
    folded = [label.casefold() for label in options]
    notes = []
    for word, pick in zip(words, picks, strict=True):
        if _number(word) is not None and word.casefold() in folded:
            other = folded.index(word.casefold()) + 1
            if other != pick:
                notes.append(
                    _(
                        "{word} was taken as option {pick} ({label}); the option labelled "
                        "{word} is option {other}",
                        word=word,
                        pick=pick,
                        label=options[pick - 1],
                        other=other,
                    )
                )
    if not notes:
        return ""
    return _(
        "Note: {notes}. Type `!poll vote {poll_id} N` with its number.",
        notes="; ".join(notes),
        poll_id=poll_id,
    )


def parse_choices(kind: str, text: str, options: Sequence[str], poll_id: int) -> Picks:
    """Turn '2', 'Monday', '1,3' or '3,1,2' into option positions, checked for the kind.

    A number is always the option's position; a label is matched by its text.
    """
    text = clean(text)
    if kind == "consent":  # "Cytuno" is Agree: what the Welsh buttons say
        said = meant(text, {o: o for o in CONSENT_OPTIONS}) or text
        return Picks((_one(said, CONSENT_OPTIONS, poll_id),))
    example = {"multi": "1,3", "ranked": "3,1,2"}.get(kind, "1")
    whole = [i for i, label in enumerate(options, start=1) if label.casefold() == text.casefold()]
    if whole and _number(text) is None:
        words, picks = [text], tuple(whole)
    else:
        words = [w for w in re.split(r"[,\s]+", text) if w]
        picks = tuple(_one(w, options, poll_id) for w in words)
    if not picks:
        raise UserError(
            _(
                "Your vote names no option. Say which, e.g. `!poll vote {poll_id} {example}`.",
                poll_id=poll_id,
                example=example,
            )
        )
    if kind == "single" and len(picks) != 1:
        raise UserError(
            _(
                "Poll {poll_id} takes one choice. Type one number, e.g. `!poll vote {poll_id} 2`.",
                poll_id=poll_id,
            )
        )
    if len(set(picks)) != len(picks):
        repeated = sorted({p for p in picks if picks.count(p) > 1})
        said = (
            N_("Option {join} appears twice in your ranking. Name each option once, e.g. "
               "`!poll vote {poll_id} 3,1,2`.")
            if kind == "ranked"
            else N_("Option {join} appears twice in your choice. Name each option once, e.g. "
                    "`!poll vote {poll_id} 3,1,2`.")
        )  # fmt: skip
        raise UserError(_(said, join=", ".join(map(str, repeated)), poll_id=poll_id))
    return Picks(picks, _note(words, picks, options, poll_id))


# The same limits as every command's (bot/core/limits.py), checked here too for Discord.
QUESTION_LIMIT = TITLE
OPTION_LIMIT = SHORT
REASON_LIMIT = LONG
# Invisible characters that make two labels look alike (U+200D is kept: emoji need it).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u2060\ufeff\u00ad"))


def clean(text: str) -> str:
    """NFC, invisible characters removed, control characters and line breaks as spaces."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    spaced = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(spaced.split())


def _capped(text: str, limit: int, what: str, example: str) -> str:
    if len(text) > limit:
        raise UserError(
            ngettext(
                "{what} can be at most {n} character; yours has {length}. Shorten it, "
                "e.g. {example}.",
                "{what} can be at most {n} characters; yours has {length}. Shorten it, "
                "e.g. {example}.",
                limit,
                what=what,
                length=len(text),
                example=example,
            )
        )
    return text


def poll_labels(question: str, options: Sequence[str], kind: str) -> tuple[str, list[str]]:
    """Check a new poll's question and options for its kind; the cleaned question and labels."""
    question = _capped(clean(question), QUESTION_LIMIT, _("A question"), '"Which evening?"')
    if not question:
        raise UserError(_('Give the question first, e.g. `!poll create "Which evening?" Mon Tue`.'))
    labels = [_capped(clean(o), OPTION_LIMIT, _("An option"), '"Wed 7pm"') for o in options]
    if kind == "consent":
        if labels:
            raise UserError(
                _(
                    "A consent poll has fixed options (Agree, Abstain, Object, Block); give only "
                    'the proposal, e.g. `!poll create "Adopt the new rota?" --kind consent`.'
                )
            )
    elif not 2 <= len(labels) <= 20 or not all(labels):
        raise UserError(
            _(
                "A poll needs 2 to 20 options; you gave {given}{empty}. "
                'e.g. `!poll create "Which evening?" Monday Tuesday "Wed 7pm"`.',
                given=len(labels),
                empty=_(" (one is empty)") if labels and not all(labels) else "",
            )
        )
    elif len({label.casefold() for label in labels}) != len(labels):
        raise UserError(_("Two options have the same text; make each option different."))
    return question, labels


def reason_text(reason: str | None) -> str | None:
    """A Block's reason, cleaned and capped; None if blank."""
    if reason is None:
        return None
    return (
        _capped(clean(reason), REASON_LIMIT, _("A reason"), '"It leaves out evening workers"')
        or None
    )


def takes_ballots(poll: Poll, now: datetime) -> bool:
    """Whether ballots may change: open and before its deadline (the rule storage checks too)."""
    return poll.is_open and (poll.closes_at is None or now < poll.closes_at)
