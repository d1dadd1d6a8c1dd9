"""Reading what people type to mentoring. Pure, no I/O."""

from __future__ import annotations

from datetime import timedelta

from bot.core.errors import UserError
from bot.core.i18n import _, either, ngettext
from bot.core.limits import LONG
from bot.core.timeparse import parse_length, parse_repeat

MAX_TOPICS = 8
MAX_TOPIC = 40
MAX_CONCERN = LONG
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = {"1w": 1, "2w": 2, "4w": 4}


def read_topics(text: str) -> tuple[str, ...]:
    """'Benefits, housing , forms' as ('benefits', 'housing', 'forms'); at most 8."""
    topics: list[str] = []
    for part in text.split(","):
        topic = " ".join(part.split()).lower()
        if topic and topic not in topics:
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise UserError(
            ngettext(
                "That is {length} topics; the most is {n}. Pick the one that matters most, "
                'e.g. `--topics "benefits"`.',
                "That is {length} topics; the most is {n}. Pick the ones that matter most, "
                'e.g. `--topics "benefits, housing"`.',
                MAX_TOPICS,
                length=len(topics),
            )
        )
    if any(len(t) > MAX_TOPIC for t in topics):
        raise UserError(
            ngettext(
                "A topic is at most {n} character; use a word or two.",
                "A topic is at most {n} characters; use a word or two.",
                MAX_TOPIC,
            )
        )
    return tuple(topics)


def read_pause(text: str) -> timedelta:
    """'4w', '10d', '2 weeks' as a length of time between a day and a year."""
    return parse_length(
        text, what=_("A pause"), least=timedelta(days=1), most=timedelta(weeks=52), bare="days"
    )


def read_weeks(text: str, allowed: tuple[int, ...], what: str) -> str:
    """'2 weeks', 'fortnight', '4w' as how a pace is kept ('2w'), if it is one `allowed`."""
    offered = either(ngettext("{n} week", "{n} weeks", n) for n in allowed)
    try:
        weeks = parse_repeat(text).weeks
    except UserError:
        weeks = 0
    if weeks not in allowed:
        raise UserError(
            _(
                "{what} takes {offered}, not {strip!r}.",
                what=what,
                offered=offered,
                strip=text.strip()[:40],
            )
        )
    return f"{weeks}w"


def read_every(text: str) -> str:
    """The mentoring_every setting: off, or rounds every 1, 2 or 4 weeks (1w, 2w, 4w)."""
    if text.strip().lower() in ("off", "none", "never", "no"):
        return "off"
    return read_weeks(text, (1, 2, 4), _("mentoring_every (off or a pace)"))
