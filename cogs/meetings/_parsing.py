"""Reading what people type for meetings and contributions. Pure, no I/O."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from bot.core.errors import UserError
from bot.core.i18n import _
from bot.core.timeparse import Repeat, parse_date, parse_length, parse_repeat, zone

MAX_MEETING = timedelta(hours=12)
MAX_ENTRY = timedelta(hours=24)
# How far ahead a meeting, a slot or a series' end may be: far enough for any plan a group
# makes, near enough that every date the bot works out from it (ends, reminders, calendar
# files in any zone) stays a date Python can hold.
AHEAD_YEARS = 5
MAX_AHEAD = timedelta(days=365 * AHEAD_YEARS)
EVERY = ("week", "2 weeks", "month")  # how a series repeats, as stored
ANSWERS = {"going": "going", "yes": "going", "maybe": "maybe", "no": "no", "cant": "no",
           "can't": "no"}  # fmt: skip


def read_length(text: str, *, most: timedelta = MAX_MEETING, what: str = "--length") -> int:
    """'90m', '1h30m', '2h', '1.5 hours' as whole minutes, between 1 minute and `most`."""
    length = parse_length(text, what=what, most=most)
    return round(length.total_seconds() / 60)


def read_every(text: str) -> tuple[str, str | None]:
    """How often a series repeats, as stored: ('week' | '2 weeks' | 'month', BYDAY or None).

    A weekday of the month is monthly with its iCalendar BYDAY: 'first tuesday' is
    ('month', '1TU').
    """
    try:
        repeat: Repeat | None = parse_repeat(text)
    except UserError:
        repeat = None
    if repeat is not None and repeat.by_day is not None:
        return "month", repeat.by_day
    if repeat is None or repeat.short not in EVERY:
        raise UserError(
            _(
                "--every takes week, 2 weeks or month, or a weekday of the month "
                "such as first tuesday; not {strip!r}.",
                strip=text.strip()[:40],
            )
        )
    return repeat.short, None


def read_answer(text: str) -> str:
    """going, maybe or no."""
    found = ANSWERS.get(text.strip().lower())
    if found is None:
        raise UserError(_("Answer going, maybe or no, not {strip!r}.", strip=text.strip()))
    return found


def read_leads(text: str) -> tuple[timedelta, ...]:
    """'24h,1h' (or '1 day, 1 hour') as lead times before a meeting, longest first."""
    leads = set()
    for part in text.split(","):
        if part.strip():
            leads.add(parse_length(part, what=_("A reminder"), most=timedelta(days=14)))
    return tuple(sorted(leads, reverse=True))


def lead_label(lead: timedelta) -> str:
    """24h, 1h, 30m: how a lead time is named in a dedupe key."""
    minutes = int(lead.total_seconds() // 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def within_reach(when: datetime, now: datetime) -> datetime:
    """`when`, if its day is no more than AHEAD_YEARS ahead of `now`'s; else a UserError."""
    last = (now + MAX_AHEAD).astimezone(UTC).date()
    if when.astimezone(UTC).date() > last:
        raise UserError(
            _(
                "Meetings can be set at most {ahead_years} years ahead, up to "
                "{last}; give a nearer date.",
                ahead_years=AHEAD_YEARS,
                last=last,
            )
        )
    return when


def midnight(day: date, tz_name: str) -> datetime:
    """The start of a day in a zone, as UTC."""
    return datetime.combine(day, time(), zone(tz_name)).astimezone(UTC)


def last_month(today: date) -> tuple[date, date]:
    """The calendar month before `today`'s: its first and last days."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def read_day(text: str, flag: str, tz_name: str, now: datetime, *, past: bool = False) -> date:
    """A day as typed anywhere ("4 dec", "friday", "2026-11-01"), in the group's zone."""
    try:
        return parse_date(text, tz_name, now, past=past)
    except UserError as e:
        raise UserError(_("{flag}: {problem}", flag=flag, problem=e.message)) from None


def read_occurrence(text: str) -> datetime | None:
    """'2026-12-01T18:00' (an occurrence's UTC start, as a "Who came?" menu sends it), or None."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def read_picks(text: str, most: int) -> list[int]:
    """'1,3' (or '1 3') as distinct numbers from 1 to `most`, in the order given."""
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    picked: list[int] = []
    for part in parts or [text.strip()]:
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= most:
            raise UserError(
                _(
                    "Pick people by their numbers on the list, 1 to {most}, e.g. "
                    "`1,{min}`; {part!r} is not one of them.",
                    most=most,
                    min=min(2, most),
                    part=part,
                )
            )
        if int(part) not in picked:
            picked.append(int(part))
    return picked


def hours(minutes: int) -> str:
    """120 -> '2', 90 -> '1.5'."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


def read_rate(text: str) -> Decimal | None:
    """'15', '12.50' (or none) as an hourly rate: not negative, at most two decimal places."""
    typed = text.strip()
    if typed.lower() in ("", "none"):
        return None
    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,2})?", typed):
        raise UserError(
            _(
                "{typed!r} is not a rate; write an amount of 0 or more with at "
                "most two decimal places, such as 15 or 12.50 (or none).",
                typed=typed[:30],
            )
        )
    return Decimal(typed)
