"""Lengths of time people type: "90m", "1h30m", "1.5 hours", "3 days", "2 weeks". Pure."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.core.errors import UserError
from bot.core.i18n import N_, _, duration
from bot.core.timeparse._words import LENGTH_EXAMPLES, NUMBER, fold, number

_UNIT_NAMES = {
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds",
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours",
    "d": "days", "day": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "fortnight": "fortnights",
}  # fmt: skip
_UNIT = r"(?:fortnight|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|s|m|h|d|w)"
_AMOUNT = rf"\d{{1,7}}(?:\.\d{{1,3}})?|\.\d{{1,3}}|{NUMBER}|half an?"
_PART = re.compile(rf"(?P<n>{_AMOUNT}) ?(?P<u>{_UNIT})(?![a-z])")
_JOINERS = re.compile(r"\band\b|,|\+")
# The shell's clock can move on years, not further: beyond this a datetime overflows.
LONGEST_WAIT = timedelta(days=3660)
SUB_DAY = ("seconds", "minutes", "hours")


def _unit(word: str) -> str:
    return _UNIT_NAMES[word.rstrip("s")] if word not in _UNIT_NAMES else _UNIT_NAMES[word]


def length_parts(text: str) -> list[tuple[float, str]] | None:
    """('1h30m' ->) [(1, 'hours'), (30, 'minutes')]; None if the text is not a length."""
    typed = re.sub(r"(?<=\d),(?=\d)", ".", fold(text))  # 1,5h: a decimal comma
    typed = " ".join(_JOINERS.sub(" ", typed).split())
    typed = re.sub(r"(?<=\d) (?=[a-z])", "", typed)  # "90 min" and "90min" alike
    typed = re.sub(r"(?<=\dh) ?(\d{1,2})$", r"\1m", typed)  # 1h30: half past, as in 1h30m
    if typed in ("minute", "hour", "day", "week", "fortnight"):
        typed = "a " + typed
    parts: list[tuple[float, str]] = []
    at = 0
    for found in _PART.finditer(typed):
        if typed[at : found.start()].strip():
            return None
        n = found["n"]
        amount = (
            0.5 if n.startswith("half") else number(n) if n[0] not in "0123456789." else float(n)
        )
        unit = _unit(found["u"])
        if unit == "fortnights":
            amount, unit = amount * 2, "weeks"
        parts.append((amount, unit))
        at = found.end()
    if not parts or typed[at:].strip():
        return None
    return parts


def describe_length(length: timedelta) -> str:
    """'1 hour 30 minutes', '2 weeks', '3 days': how a length is said back."""
    seconds = int(length.total_seconds())
    days, rest = divmod(seconds, 86400)
    if days < 2 and rest:  # "36 hours" reads better than "1 day 12 hours"
        return duration(timedelta(seconds=seconds), days=False)
    return duration(length, weeks=True)


def parse_length(
    text: str,
    *,
    what: str | None = None,
    least: timedelta = timedelta(minutes=1),
    most: timedelta = LONGEST_WAIT,
    bare: str | None = None,
) -> timedelta:
    """Read a length of time, between `least` and `most`.

    A number alone is in `bare` units ("hours" for a setting counted in hours), else refused.
    Months and years are not one length, so they are refused with what to write instead.
    """
    typed = text.strip()[:100]
    what = what or _("The length")
    if re.fullmatch(r"\d{1,7}", typed) and bare is not None:
        parts: list[tuple[float, str]] | None = [(float(typed), bare)]
    else:
        parts = length_parts(typed)
    if parts is None:
        if re.search(r"\b(months?|years?)\b", typed.lower()):
            raise UserError(
                _(
                    "{typed!r}: a month or a year is not one length of time; write weeks or days, "
                    "e.g. 4 weeks or 30 days.",
                    typed=typed,
                )
            )
        if re.fullmatch(r"\d{1,7}(\.\d+)?", typed):
            raise UserError(
                _(
                    "{what} {typed!r} needs a unit, e.g. {typed}m for minutes, {typed}h for hours "
                    "or {typed}d for days.",
                    what=what,
                    typed=typed,
                )
            )
        raise UserError(
            _(
                "{typed!r} is not a length of time. Write e.g. {length_examples}.",
                typed=typed,
                length_examples=LENGTH_EXAMPLES,
            )
        )
    try:
        length = sum((timedelta(**{unit: amount}) for amount, unit in parts), timedelta())
    except OverflowError:
        length = timedelta.max
    if least <= length <= most:
        return length
    if least <= timedelta(minutes=1):
        if length < least:
            raise UserError(
                _(
                    "{what} must be more than zero, e.g. {length_examples}.",
                    what=what,
                    length_examples=LENGTH_EXAMPLES,
                )
            )
        raise UserError(
            _(
                "{what} is at most {describe_length}; {typed!r} is longer.",
                what=what,
                describe_length=describe_length(most),
                typed=typed,
            )
        )
    raise UserError(
        _(
            "{what} is from {describe_length} to {describe_length2}; {typed!r} is not.",
            what=what,
            describe_length=describe_length(least),
            describe_length2=describe_length(most),
            typed=typed,
        )
    )


_WHOLE = {
    "hours": N_("{what} counts whole hours; {length} is not."),
    "days": N_("{what} counts whole days; {length} is not."),
}


def whole_units(length: timedelta, unit: str, what: str) -> int:
    """A length as a whole number of hours or days, or a UserError saying it is not one."""
    size = timedelta(**{unit: 1})
    count, left = divmod(length, size)
    if left:
        raise UserError(_(_WHOLE[unit], what=what, length=describe_length(length)))
    return int(count)


def parse_duration(text: str) -> timedelta:
    """Read '2h', '90m', '3d', '1d12h', '2 weeks' (the shell's `:wait`)."""
    if length_parts(text) is None:
        raise UserError(
            _("{text!r} is not a duration. Use e.g. 30m, 2h, 3d or 2 weeks.", text=text[:100])
        )
    try:
        return parse_length(text, what=_("A wait"), least=timedelta(seconds=1), most=LONGEST_WAIT)
    except UserError:
        raise UserError(
            _(
                "{text!r} is too long a wait; at most {days}d at a time.",
                text=text[:100],
                days=LONGEST_WAIT.days,
            )
        ) from None
