"""The words times are made of: days, months, ordinals, numbers, a time of day. Pure."""

from __future__ import annotations

import re

from bot.core.errors import UserError
from bot.core.i18n import _

# The examples every refusal and `!help` show, so both always say the same.
WHEN_EXAMPLES = '"friday 17:00", "4 dec 9am", "in 3 days" or "2026-12-04 18:30"'
DATE_EXAMPLES = '"friday", "4 dec", "in 2 weeks" or "2026-12-04"'
LENGTH_EXAMPLES = '"90m", "1h30m", "2 hours", "3 days" or "2 weeks"'
REPEAT_EXAMPLES = '"week", "2 weeks", "month" or "first tuesday of the month"'

# How far ahead a time or a day may be: any plan a group makes, and every date worked out
# from it (ends, reminders, calendar files in any zone) stays one Python can hold.
AHEAD_YEARS = 5

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
_SHORT_DAYS = {"tues": 1, "wednes": 2, "weds": 2, "thur": 3, "thurs": 3}
WEEKDAY = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:[a-z]*)"
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# 1st..4th and last: the weekday of a month (BYSETPOS); "fifth" is left out on purpose, as
# most months have no fifth Tuesday.
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "last": -1}  # fmt: skip
ORDINAL = "(?:" + "|".join(ORDINALS) + ")"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12}  # fmt: skip
NUMBER = r"(?:\d{1,6}|" + "|".join(_NUMBER_WORDS) + ")"

_CLOCK = re.compile(
    r"(?<![\w:.])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)(?![\w])"
    r"|(?<![\w:.-])(?P<H>\d{1,2}):(?P<M>\d{2})(?![\w:])"
    r"|\b(?P<word>noon|midday|midnight)\b"
)


def fold(text: str) -> str:
    """Lower case, one space between words, no commas or full stops between them."""
    text = text.casefold().replace("’", "'")
    text = re.sub(r"(?<=[a-z]),|,(?=\s)|(?<=[a-z])\.(?=\s|$)", " ", text)
    return " ".join(text.split())


def number(word: str) -> int:
    """'3' or 'three' as 3."""
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)


def weekday(word: str) -> int:
    """'tue', 'tues', 'tuesday' as 1 (Monday is 0)."""
    if word in _SHORT_DAYS:
        return _SHORT_DAYS[word]
    return next(i for i, d in enumerate(WEEKDAYS) if d.startswith(word[:3]))


def is_weekday(word: str) -> bool:
    """Whether a word names a day of the week (a full name, or its first letters)."""
    return bool(re.fullmatch(WEEKDAY, word)) and any(
        d.startswith(word) or word.startswith(d) for d in (*WEEKDAYS, *_SHORT_DAYS)
    )


def month(word: str) -> int:
    """'dec', 'december' as 12."""
    return next(i for i, m in enumerate(MONTHS, start=1) if m.startswith(word[:3]))


def is_month(word: str) -> bool:
    """Whether a word names a month (a full name, or its first three letters and on)."""
    word = word.removesuffix(".")
    return bool(re.fullmatch(MONTH, word)) and any(
        m.startswith(word) or word == "sept" for m in MONTHS
    )


def take_clock(text: str) -> tuple[tuple[int, int] | None, str]:
    """The time of day typed (checked) and the text without it."""
    found = _CLOCK.search(text)
    if found is None:
        return None, text
    rest = " ".join((text[: found.start()] + " " + text[found.end() :]).split())
    if _CLOCK.search(rest):
        raise UserError(
            _(
                "{text!r} names two times of day; give one, e.g. {when_examples}.",
                text=text,
                when_examples=WHEN_EXAMPLES,
            )
        )
    if found["word"]:
        return ((0, 0) if found["word"] == "midnight" else (12, 0)), rest
    if found["H"] is not None:
        hour, minute = int(found["H"]), int(found["M"])
        if hour > 23 or minute > 59:
            raise UserError(
                _(
                    "{found!r} is not a time of day (00:00 to 23:59). Try {when_examples}.",
                    found=found[0],
                    when_examples=WHEN_EXAMPLES,
                )
            )
        return (hour, minute), rest
    hour, minute = int(found["h"]), int(found["m"] or 0)
    if not 1 <= hour <= 12 or minute > 59:
        raise UserError(
            _(
                "{found!r} is not a time of day (1am to 12pm). Try {when_examples}.",
                found=found[0],
                when_examples=WHEN_EXAMPLES,
            )
        )
    return (hour % 12 + (12 if found["ampm"].startswith("p") else 0), minute), rest
