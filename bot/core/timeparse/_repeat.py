"""How often something repeats: "week", "2 weeks", "month", "first tuesday of the month". Pure.

A Repeat is an iCalendar rule (RFC 5545): every N weeks, every month on the same day, or
every month on its first..fourth or last weekday (BYDAY with BYSETPOS), the pattern groups
meeting monthly usually keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from bot.core.errors import UserError
from bot.core.i18n import N_, _, ngettext, weekday_name
from bot.core.timeparse._days import nth_weekday
from bot.core.timeparse._words import (
    NUMBER,
    ORDINAL,
    ORDINALS,
    REPEAT_EXAMPLES,
    WEEKDAY,
    WEEKDAYS,
    fold,
    is_weekday,
    number,
    weekday,
)

_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
# How a weekday of the month is said back: "the first Tuesday of every month".
_NTH_OF_MONTH = {
    1: N_("the first {weekday} of every month"),
    2: N_("the second {weekday} of every month"),
    3: N_("the third {weekday} of every month"),
    4: N_("the fourth {weekday} of every month"),
    -1: N_("the last {weekday} of every month"),
}


@dataclass(frozen=True)
class Repeat:
    """Every `weeks` weeks, or monthly (weeks 0): on the same day, or on the nth weekday."""

    weeks: int = 0
    nth: int = 0  # 1..4, or -1: the last
    weekday: int | None = None  # with nth: 0 is Monday

    @property
    def rrule(self) -> str:
        """The iCalendar rule: 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1'."""
        if self.weeks:
            return "FREQ=WEEKLY" + (f";INTERVAL={self.weeks}" if self.weeks > 1 else "")
        if self.weekday is None:
            return "FREQ=MONTHLY"
        return f"FREQ=MONTHLY;BYDAY={_ICAL_DAYS[self.weekday]};BYSETPOS={self.nth}"

    @property
    def short(self) -> str:
        """How it is stored and typed back: 'week', '2 weeks', 'month', 'first tuesday'."""
        if self.weeks:
            return "week" if self.weeks == 1 else f"{self.weeks} weeks"
        if self.weekday is None:
            return "month"
        return f"{_ORDINAL_WORDS[self.nth]} {WEEKDAYS[self.weekday]}"

    @property
    def by_day(self) -> str | None:
        """The iCalendar BYDAY of a weekday of the month: '1TU', '-1FR'; None otherwise."""
        if self.weekday is None:
            return None
        return f"{self.nth}{_ICAL_DAYS[self.weekday]}"

    @classmethod
    def from_by_day(cls, by_day: str) -> Repeat:
        """A monthly weekday back from its BYDAY ('1TU')."""
        return cls(nth=int(by_day[:-2]), weekday=_ICAL_DAYS.index(by_day[-2:]))

    def on_or_after(self, day: date) -> date:
        """The first day on or after `day` that a weekday-of-the-month repeat falls on."""
        assert self.weekday is not None
        for months in range(3):
            at = date(day.year, day.month, 1) + relativedelta(months=months)
            found = nth_weekday(at.year, at.month, self.nth, self.weekday)
            if found is not None and found >= day:
                return found
        raise AssertionError("a weekday of the month comes within two months")

    def describe(self) -> str:
        """'every 2 weeks', 'the first Tuesday of every month', in the active language."""
        if self.weeks:
            return ngettext("every week", "every {n} weeks", self.weeks)
        if self.weekday is None:
            return _("every month")
        return _(_NTH_OF_MONTH[self.nth], weekday=weekday_name(self.weekday))


_WEEKS = re.compile(
    rf"(?:once )?(?:a|per|each|every|1) ?week|weekly|(?P<n>{NUMBER}) ?(?:weeks|week|wks|wk|w)"
    r"|(?P<two>fortnight|fortnightly|other week|second week|alternate weeks?)"
)
_MONTH = re.compile(r"(?:once )?(?:a|per|each|every|1) ?month|monthly")
_NTH = re.compile(
    rf"(?:monthly on )?(?:the )?(?P<ord>{ORDINAL}) (?P<wd>{WEEKDAY})"
    r"(?: (?:of|in) (?:the|each|every|a) month| monthly| each month| every month)?"
)


def parse_repeat(text: str) -> Repeat:
    """Read how often something repeats; a UserError with examples if it is not clear."""
    typed = fold(text)[:100]
    typed = re.sub(r"^(?:every|each|on)\s+", "", typed)
    if typed in ("week", "w"):
        return Repeat(weeks=1)
    if typed == "month":
        return Repeat()
    found = _WEEKS.fullmatch(typed)
    if found:
        weeks = 2 if found["two"] else number(found["n"]) if found["n"] else 1
        if not 1 <= weeks <= 52:
            raise UserError(
                _("{strip!r}: repeat from every week to every 52 weeks.", strip=text.strip())
            )
        return Repeat(weeks=weeks)
    if _MONTH.fullmatch(typed):
        return Repeat()
    found = _NTH.fullmatch(typed)
    if found and is_weekday(found["wd"]):
        return Repeat(nth=ORDINALS[found["ord"]], weekday=weekday(found["wd"]))
    if re.search(r"\b(?:day|daily|year|yearly|annually)\b", typed):
        raise UserError(
            _(
                "{strip!r} is not a repeat offered here: repeat by weeks or months, e.g. "
                "{repeat_examples}.",
                strip=text.strip(),
                repeat_examples=REPEAT_EXAMPLES,
            )
        )
    raise UserError(
        _(
            "I can't read {strip!r} as how often. Try {repeat_examples}.",
            strip=text.strip()[:100],
            repeat_examples=REPEAT_EXAMPLES,
        )
    )
