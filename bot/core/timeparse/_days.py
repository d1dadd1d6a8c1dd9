"""Days people name: "friday", "4 dec", "in 3 weeks", "first tuesday of the month". Pure.

A phrase is read once, then resolved against today: a fixed day is itself; "friday" or
"4 dec" recur, so the caller takes the first one ahead (or, for a report, behind).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as rd_weekday

from bot.core.errors import UserError
from bot.core.i18n import _, show_date
from bot.core.timeparse._words import (
    AHEAD_YEARS,
    DATE_EXAMPLES,
    MONTH,
    NUMBER,
    ORDINAL,
    ORDINALS,
    WEEKDAY,
    WEEKDAYS,
    is_month,
    is_weekday,
    month,
    number,
    weekday,
)

_UNITS = {"day": 1, "week": 7, "fortnight": 14}
_SUFFIX = r"(?:st|nd|rd|th)?"
_FILLER = re.compile(r"\b(?:at|on|by|before|until|till)\b")


def show_day(day: date) -> str:
    """'Fri 04 Dec 2026', in the active language."""
    return show_date(day, "EEE dd MMM y")


def nth_weekday(year: int, month_number: int, nth: int, day_of_week: int) -> date | None:
    """The first..fourth (or last, -1) weekday of a month; None if the month has none."""
    start = date(year, month_number, 1)
    found = start + relativedelta(day=1 if nth > 0 else 31, weekday=rd_weekday(day_of_week, nth))
    return found if found.month == month_number else None


@dataclass(frozen=True)
class DayPhrase:
    """A day as named: `fixed` one, or a recurring one (weekly, yearly or monthly)."""

    text: str
    fixed: date | None = None
    weekday: int | None = None  # "friday"
    month: int | None = None  # "4 dec" (with `day`), "first tuesday of january"
    day: int | None = None
    nth: int = 0  # "first tuesday of the month": 1..4, or -1 for the last
    start: date | None = None  # a monthly phrase counts from this month ("of next month")
    check_weekday: int | None = None  # "fri 4 dec": the date must fall on a Friday

    @property
    def recurring(self) -> bool:
        """Whether the phrase names a day that comes round again (so may need the year)."""
        return self.fixed is None

    def resolve(self, day: date, backwards: bool = False) -> date:
        """The day meant, counting from `day`: itself or the first after it (or before it)."""
        if self.fixed is not None:
            return self.fixed
        step = -1 if backwards else 1
        if self.weekday is not None and self.nth == 0:
            return day + timedelta(days=step * ((step * (self.weekday - day.weekday())) % 7))
        if self.nth:
            assert self.weekday is not None
            base = self.start if self.start and not backwards else day
            for n in range(0, 25 * step, step):
                at = date(base.year, base.month, 1) + relativedelta(months=n)
                found = nth_weekday(at.year, at.month, self.nth, self.weekday)
                if self.month not in (None, at.month) or found is None:
                    continue
                if found >= day if step > 0 else found <= day:
                    return found
            raise AssertionError("every month has a first to fourth and a last weekday")
        assert self.month is not None and self.day is not None
        for year in range(day.year, day.year + 9 * step, step):
            try:
                found = date(year, self.month, self.day)
            except ValueError:  # 29 Feb in a year without one
                continue
            if found >= day if step > 0 else found <= day:
                return found
        raise AssertionError("a day of the year comes round within eight years")


def _calendar(unit: str, n: int) -> relativedelta:
    """n months or n years: the same day of the month that many months on."""
    return relativedelta(months=n) if unit == "month" else relativedelta(years=n)


def _real_date(text: str, year: int, month_number: int, day: int) -> date:
    try:
        return date(year, month_number, day)
    except ValueError:
        raise UserError(
            _(
                "{text!r} names a day that does not exist. Try {date_examples}.",
                text=text,
                date_examples=DATE_EXAMPLES,
            )
        ) from None


def _check_year(text: str, year: int) -> int:
    """A year dates can be worked out in; the caller then checks its own range."""
    if not 2000 <= year <= 2999:
        raise UserError(
            _(
                "{text!r} is out of reach: give a day from the year 2000 to {ahead_years} "
                "years ahead. Try {date_examples}.",
                text=text,
                ahead_years=AHEAD_YEARS,
                date_examples=DATE_EXAMPLES,
            )
        )
    return year


def _relative(text: str, found: re.Match[str], today: date) -> DayPhrase:
    n, unit = number(found["n"]), found["unit"]
    if n > 36600:
        raise UserError(
            _(
                "{text!r} is too far away. Try {date_examples}.",
                text=text,
                date_examples=DATE_EXAMPLES,
            )
        )
    sign = -1 if found["ago"] else 1
    if unit in _UNITS:
        delta = relativedelta(days=sign * n * _UNITS[unit])
    else:
        delta = _calendar(unit, sign * n)
    try:
        return DayPhrase(text, fixed=today + delta)
    except (OverflowError, ValueError):
        raise UserError(
            _(
                "{text!r} is too far away. Try {date_examples}.",
                text=text,
                date_examples=DATE_EXAMPLES,
            )
        ) from None


def _month_only(text: str, found: re.Match[str], today: date) -> UserError:
    """'march' is a month, not a day: say so, with its first and last day as examples."""
    wanted = month(found["mon"])
    year = int(found["y"]) if found["y"] else today.year + (wanted < today.month)
    first = date(_check_year(text, year), wanted, 1)
    last = first + relativedelta(day=31)
    return UserError(
        _(
            "{text!r} is a month, not a day. Did you mean {show_day} or {show_day2}? Type "
            'e.g. "{day} {found}" or "{day2} {found}".',
            text=text,
            show_day=show_day(first),
            show_day2=show_day(last),
            day=last.day,
            found=found["mon"],
            day2=first.day,
        )
    )


_PATTERNS = [
    ("today", re.compile(r"(?:today|tonight)")),
    ("tomorrow", re.compile(r"tomorrow")),
    ("after", re.compile(r"(?:the )?day after tomorrow")),
    ("yesterday", re.compile(r"yesterday")),
    ("weekday", re.compile(rf"(?:this |coming |this coming )?(?P<wd>{WEEKDAY})")),
    ("next_weekday", re.compile(rf"next (?P<wd>{WEEKDAY})")),
    ("vague", re.compile(r"(?:next|this|coming) (?P<unit>week|month|year)")),
    (
        "monthly",
        re.compile(
            rf"(?:the )?(?P<ord>{ORDINAL}) (?P<wd>{WEEKDAY})(?: (?:of|in))? ?"
            r"(?P<which>the|this|next|each|every)? ?month"
        ),
    ),
    (
        "month_nth",
        re.compile(
            rf"(?:the )?(?P<ord>{ORDINAL}) (?P<wd>{WEEKDAY}) (?:of|in) (?P<mon>{MONTH})"
            r"(?: (?P<y>\d{4}))?"
        ),
    ),
    ("iso", re.compile(r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})")),
    (
        "day_month",
        re.compile(
            rf"(?:(?P<wd>{WEEKDAY}) )?(?:the )?(?P<d>\d{{1,2}}){_SUFFIX} (?:of )?(?P<mon>{MONTH})"
            r"\.?(?: (?P<y>\d{4}))?"
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"(?:(?P<wd>{WEEKDAY}) )?(?P<mon>{MONTH})\.? (?:the )?(?P<d>\d{{1,2}}){_SUFFIX}"
            r"(?: (?P<y>\d{4}))?"
        ),
    ),
    ("slashes", re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?")),
    (
        "month_only",
        re.compile(
            rf"(?:in |(?:the )?(?:end|start|beginning|middle) of )?(?P<mon>{MONTH})\.?"
            r"(?: (?P<y>\d{4}))?"
        ),
    ),
]


def _relative_match(rest: str) -> re.Match[str] | None:
    """'in 3 days', '2 weeks from now', '3 months ago'."""
    found = re.fullmatch(
        rf"(?P<in>in )?(?P<n>{NUMBER}) (?P<unit>day|week|fortnight|month|year)s?(?:'s?)?"
        r"(?P<tail> time| from now| from today| later)?(?P<ago> ago)?",
        rest,
    )
    if found is None or not (found["in"] or found["tail"] or found["ago"]):
        return None
    if found["in"] and found["ago"]:
        return None
    return found


def read_day(text: str, rest: str, today: date) -> DayPhrase | None:
    """The day `rest` names (the time of day already taken out), or None if it names none.

    `text` is what was typed, for messages. A day that cannot be meant is refused here.
    """
    rest = " ".join(_FILLER.sub(" ", rest).split())
    if not rest:
        return None
    relative = _relative_match(rest)
    if relative is not None:
        return _relative(text, relative, today)
    for kind, pattern in _PATTERNS:
        found = pattern.fullmatch(rest)
        if found is None:
            continue
        named = found.groupdict()
        if named.get("wd") and not is_weekday(named["wd"]):
            continue
        if named.get("mon") and not is_month(named["mon"]):
            continue
        return _phrase(text, kind, found, today)
    return None


def _phrase(text: str, kind: str, found: re.Match[str], today: date) -> DayPhrase:
    if kind in ("today", "tomorrow", "after", "yesterday"):
        shift = {"today": 0, "tomorrow": 1, "after": 2, "yesterday": -1}[kind]
        return DayPhrase(text, fixed=today + timedelta(days=shift))
    if kind == "weekday":
        return DayPhrase(text, weekday=weekday(found["wd"]))
    if kind == "next_weekday":
        wanted = weekday(found["wd"])
        soonest = today + timedelta(days=(wanted - today.weekday()) % 7 or 7)
        later = soonest + timedelta(weeks=1)
        raise UserError(
            _(
                '{text!r} could mean {show_day} or {show_day2}. Say "{weekdays}" for the '
                'first, or give the date, e.g. "{day} {lower}".',
                text=text,
                show_day=show_day(soonest),
                show_day2=show_day(later),
                weekdays=WEEKDAYS[wanted],
                day=later.day,
                lower=later.strftime("%b").lower(),
            )
        )
    if kind == "vague":
        unit = found["unit"]
        later = today + (_calendar(unit, 1) if unit != "week" else relativedelta(weeks=1))
        raise UserError(
            _(
                '{text!r} is not a day. Say e.g. "in 1 {unit}" ({show_day}), or give the day. '
                "Try {date_examples}.",
                text=text,
                unit=unit,
                show_day=show_day(later),
                date_examples=DATE_EXAMPLES,
            )
        )
    if kind == "monthly":
        start = today + relativedelta(months=1) if found["which"] == "next" else None
        return DayPhrase(
            text, weekday=weekday(found["wd"]), nth=ORDINALS[found["ord"]], start=start
        )
    if kind == "month_nth":
        wanted = month(found["mon"])
        phrase = DayPhrase(
            text, weekday=weekday(found["wd"]), nth=ORDINALS[found["ord"]], month=wanted
        )
        if found["y"]:
            year = _check_year(text, int(found["y"]))
            fixed = nth_weekday(year, wanted, phrase.nth, weekday(found["wd"]))
            return DayPhrase(text, fixed=fixed)
        return phrase
    if kind == "iso":
        year = _check_year(text, int(found["y"]))
        return DayPhrase(text, fixed=_real_date(text, year, int(found["mo"]), int(found["d"])))
    if kind == "slashes":
        return _slashes(text, found)
    if kind == "month_only":
        raise _month_only(text, found, today)
    wanted, day = month(found["mon"]), int(found["d"])
    check = weekday(found["wd"]) if found["wd"] else None
    if found["y"]:
        fixed = _real_date(text, _check_year(text, int(found["y"])), wanted, day)
        return DayPhrase(text, fixed=fixed, check_weekday=check)
    _real_date(text, 2028, wanted, day)  # a leap year: 29 feb passes, 31 feb does not
    return DayPhrase(text, month=wanted, day=day, check_weekday=check)


def _slashes(text: str, found: re.Match[str]) -> DayPhrase:
    """'25/12/2026' is clear; '4/12' could be April or December, so it is refused."""
    a, b = int(found["a"]), int(found["b"])
    readings = {(d, m) for d, m in ((a, b), (b, a)) if 1 <= m <= 12 and 1 <= d <= 31}
    if len(readings) != 1:
        raise UserError(
            _(
                "{text!r} could be read two ways (day/month or month/day). Write the month as "
                "a word or the date as year-month-day, e.g. {date_examples}.",
                text=text,
                date_examples=DATE_EXAMPLES,
            )
        )
    ((day, month_number),) = readings
    if found["y"] is None:
        _real_date(text, 2028, month_number, day)
        return DayPhrase(text, month=month_number, day=day)
    year = int(found["y"]) + (2000 if len(found["y"]) == 2 else 0)
    return DayPhrase(text, fixed=_real_date(text, _check_year(text, year), month_number, day))
