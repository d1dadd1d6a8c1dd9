"""WHEN and DATE: times and days people type, read in the group's zone. Pure.

One reading everywhere: "friday 17:00", "4 dec 9am", "in 3 days", "first tuesday of the
month 18:00", "2026-12-04 18:30". A day named without a time of day is refused where a time
must be exact (a meeting's start) and lands on `day_time` where a day is enough (a poll's
close, a review); the answer always says the time understood. What had to be guessed ("next
friday", "4/12", "march") is refused with the readings it could have.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from bot.core.errors import UserError
from bot.core.i18n import _, show, weekday_name
from bot.core.timeparse._days import DayPhrase, read_day, show_day
from bot.core.timeparse._length import SUB_DAY, length_parts
from bot.core.timeparse._words import (
    AHEAD_YEARS,
    DATE_EXAMPLES,
    WHEN_EXAMPLES,
    fold,
    take_clock,
)
from bot.core.timeparse._zones import zone

EARLIEST_DAY = date(2000, 1, 1)
# Where a day is enough (a deadline, a review), a day named without a time of day lands
# here, as reminder apps do: the start of that day's working hours. The answer says it.
DAY_TIME = time(9, 0)
_INSTANT = re.compile(r"in (?P<length>.+?)(?: time| from now)?|(?P<length2>.+?) from now")


def _understood(when: datetime, tz_name: str) -> str:
    return show(when.astimezone(zone(tz_name)), "EEE dd MMM y, HH:mm") + f" ({tz_name})"


def _local(day: date, clock: tuple[int, int], tz_name: str, text: str) -> datetime:
    """A wall-clock time in the zone; one that a clock change skips is refused."""
    tz = zone(tz_name)
    local = datetime.combine(day, time(*clock), tzinfo=tz)
    there = local.astimezone(UTC).astimezone(tz)
    if there.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise UserError(
            _(
                "{text!r}: {local:%H:%M} does not exist on {show_day} in {tz_name} (the clocks "
                "go forward then). Give another time.",
                text=text,
                local=local,
                show_day=show_day(day),
                tz_name=tz_name,
            )
        )
    return local.astimezone(UTC)


def _instant(text: str, folded: str, now: datetime) -> datetime | None:
    """'in 2 hours', 'in 90 minutes', '1h30m from now': an exact time from now."""
    if folded == "now":
        return now
    found = _INSTANT.fullmatch(folded)
    if found is None:
        return None
    parts = length_parts(found["length"] or found["length2"])
    if parts is None or not any(unit in SUB_DAY for _, unit in parts):
        return None
    try:
        return now + sum((timedelta(**{u: n}) for n, u in parts), timedelta())
    except OverflowError:
        raise UserError(
            _(
                "{text!r} is too far away. Try {when_examples}.",
                text=text,
                when_examples=WHEN_EXAMPLES,
            )
        ) from None


def _check_weekday(text: str, phrase: DayPhrase, day: date) -> None:
    if phrase.check_weekday is not None and day.weekday() != phrase.check_weekday:
        raise UserError(
            _(
                "{text!r}: {show_day} is a {weekday}, not a {named}. Check the day or the date.",
                text=text,
                show_day=show_day(day),
                weekday=weekday_name(day.weekday()),
                named=weekday_name(phrase.check_weekday),
            )
        )


def _within_a_year(text: str, phrase: DayPhrase, day: date, today: date) -> None:
    """A day named without its year is the next one; more than a year away, ask for the year."""
    if phrase.month is not None and phrase.nth == 0 and day > today + timedelta(days=366):
        raise UserError(
            _(
                "{text!r} is more than a year away ({show_day}); give the year, e.g. "
                '"2028-02-29 18:30", or a nearer day such as "friday 17:00".',
                text=text,
                show_day=show_day(day),
            )
        )


def _horizon(text: str, when: datetime, now: datetime, tz_name: str) -> None:
    last = now + relativedelta(years=AHEAD_YEARS)
    if when > last:
        raise UserError(
            _(
                "{text!r} means {understood}, more than {ahead_years} years away. Give a time "
                "before {show_day}.",
                text=text,
                understood=_understood(when, tz_name),
                ahead_years=AHEAD_YEARS,
                show_day=show_day(last.date()),
            )
        )


def parse_when(text: str, tz_name: str, now: datetime, *, day_time: time | None = None) -> datetime:
    """Read a time after `now`, typed in the zone `tz_name`, as UTC.

    A day and a time of day (or an offset such as "in 2 hours"); a day alone only with
    `day_time`, which it then lands on.
    """
    folded = fold(text)
    if not folded:
        raise UserError(_("Give a time, e.g. {when_examples}.", when_examples=WHEN_EXAMPLES))
    if len(folded) > 100:
        raise UserError(
            _(
                "I can't read {text!r} as a time. Try {when_examples}.",
                text=text[:100],
                when_examples=WHEN_EXAMPLES,
            )
        )
    folded = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", folded)  # 2026-12-04T18:30
    clock, rest = take_clock(folded)
    exact = _instant(text, folded, now) if clock is None else None
    when = exact or _day_and_time(text, rest, clock, tz_name, now, day_time)
    if when <= now:
        raise UserError(
            _(
                "{text!r} means {understood}, which has already passed. Give a time in the "
                'future, e.g. "friday 17:00" or "in 2 days".',
                text=text,
                understood=_understood(when, tz_name),
            )
        )
    _horizon(text, when, now, tz_name)
    return when


def _day_and_time(
    text: str,
    rest: str,
    clock: tuple[int, int] | None,
    tz_name: str,
    now: datetime,
    day_time: time | None,
) -> datetime:
    today = now.astimezone(zone(tz_name)).date()
    try:
        phrase = read_day(text, rest, today)
    except UserError as e:  # a day refused inside a time: show times as the examples
        raise UserError(e.message.replace(DATE_EXAMPLES, WHEN_EXAMPLES)) from None
    if phrase is None and not rest and clock is not None:
        phrase = DayPhrase(text, weekday=today.weekday())  # "17:00": the next 17:00
    if phrase is None and clock is not None:
        return _other_words(text, clock, tz_name, now)
    if phrase is None:
        raise UserError(
            _(
                "I can't read {strip!r} as a time. Try {when_examples}.",
                strip=text.strip()[:100],
                when_examples=WHEN_EXAMPLES,
            )
        )
    day = phrase.resolve(today)
    if day < today:
        raise UserError(
            _(
                "{text!r} is {show_day}, which has already passed. Give a time in the future, "
                'e.g. "friday 17:00" or "in 2 days".',
                text=text,
                show_day=show_day(day),
            )
        )
    if clock is None and day_time is None:
        raise UserError(
            _(
                '{text!r} names a day ({show_day}) but no time of day; add one, e.g. "{strip} '
                '18:00". Try {when_examples}.',
                text=text,
                show_day=show_day(day),
                strip=text.strip(),
                when_examples=WHEN_EXAMPLES,
            )
        )
    if clock is not None:
        at = clock
    else:
        assert day_time is not None
        at = (day_time.hour, day_time.minute)
    when = _local(day, at, tz_name, text)
    if when <= now and phrase.recurring:  # "friday 9:00" on a Friday at 10:00: next week's
        day = phrase.resolve(day + timedelta(days=1))
        when = _local(day, at, tz_name, text)
    _check_weekday(text, phrase, day)
    _within_a_year(text, phrase, day, today)
    return when


def _other_words(text: str, clock: tuple[int, int], tz_name: str, now: datetime) -> datetime:
    """Another language's day ("vendredi 17:00"), as dateparser reads it.

    Kept only if it has the time of day typed, so dateparser read nothing but the day.
    """
    import dateparser  # noqa: PLC0415 - slow to import; only needed for unusual words

    local_now = now.astimezone(zone(tz_name))
    try:
        parsed = dateparser.parse(
            text,
            settings={
                "TIMEZONE": tz_name,
                "RETURN_AS_TIMEZONE_AWARE": True,
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": local_now.replace(tzinfo=None),
            },
        )
    except (ValueError, OverflowError, OSError):  # dateparser's own failures on odd input
        parsed = None
    if parsed is None or (parsed.astimezone(zone(tz_name)).hour, parsed.minute) != clock:
        raise UserError(
            _(
                "I can't read {strip!r} as a time. Try {when_examples}.",
                strip=text.strip()[:100],
                when_examples=WHEN_EXAMPLES,
            )
        )
    return parsed.astimezone(UTC)


def parse_date(text: str, tz_name: str, now: datetime, *, past: bool = False) -> date:
    """Read a day, typed in the zone `tz_name`: "friday", "4 dec", "2026-12-04", "in 2 weeks".

    A day that comes round again ("friday", "4 dec") is the next one, or with `past` the
    last one (a report's first day). From 2000 to AHEAD_YEARS ahead.
    """
    folded = fold(text)
    if not folded:
        raise UserError(_("Give a day, e.g. {date_examples}.", date_examples=DATE_EXAMPLES))
    if len(folded) > 100:
        raise UserError(
            _(
                "I can't read {text!r} as a day. Try {date_examples}.",
                text=text[:100],
                date_examples=DATE_EXAMPLES,
            )
        )
    clock, rest = take_clock(folded)
    if clock is not None:
        raise UserError(
            _(
                "{text!r} has a time of day; give only the day, e.g. {date_examples}.",
                text=text,
                date_examples=DATE_EXAMPLES,
            )
        )
    today = now.astimezone(zone(tz_name)).date()
    phrase = read_day(text, rest, today)
    if phrase is None:
        raise UserError(
            _(
                "I can't read {strip!r} as a day. Try {date_examples}.",
                strip=text.strip()[:100],
                date_examples=DATE_EXAMPLES,
            )
        )
    day = phrase.resolve(today, backwards=past)
    _check_weekday(text, phrase, day)
    if not past:
        _within_a_year(text, phrase, day, today)
    last = today + relativedelta(years=AHEAD_YEARS)
    if not EARLIEST_DAY <= day <= last:
        raise UserError(
            _(
                "{text!r} is {show_day}; give a day from {show_day2} to {show_day3}.",
                text=text,
                show_day=show_day(day),
                show_day2=show_day(EARLIEST_DAY),
                show_day3=show_day(last),
            )
        )
    return day
