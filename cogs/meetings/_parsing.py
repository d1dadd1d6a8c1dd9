"""Reading what people type for meetings and contributions. Pure, no I/O."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from bot.core.errors import UserError
from bot.core.timeparse import zone

MAX_MEETING = timedelta(hours=12)
MAX_ENTRY = timedelta(hours=24)
# How far ahead a meeting, a slot or a series' end may be: far enough for any plan a group
# makes, near enough that every date the bot works out from it (ends, reminders, calendar
# files in any zone) stays a date Python can hold.
AHEAD_YEARS = 5
MAX_AHEAD = timedelta(days=365 * AHEAD_YEARS)
# The days a contribution report may cover.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
EVERY = {"week": "week", "weekly": "week", "2 weeks": "2 weeks", "fortnight": "2 weeks",
         "month": "month", "monthly": "month"}  # fmt: skip
ANSWERS = {"going": "going", "yes": "going", "maybe": "maybe", "no": "no", "cant": "no",
           "can't": "no"}  # fmt: skip


def read_length(text: str, *, most: timedelta = MAX_MEETING, what: str = "--length") -> int:
    """'90m', '1h30m', '2h', '1.5h' as whole minutes, between 1 minute and `most`."""
    typed = re.sub(r"\s+", "", text.strip().lower())
    decimal = re.fullmatch(r"(\d+(?:\.\d+)?)h", typed)
    parts = re.findall(r"(\d+)([hm])", typed)
    if decimal:
        minutes = round(float(decimal[1]) * 60)
    elif parts and "".join(n + u for n, u in parts) == typed:
        minutes = sum(int(n) * (60 if u == "h" else 1) for n, u in parts)
    else:
        raise UserError(f"{text.strip()!r} is not a length of time. Write e.g. 90m, 2h or 1h30m.")
    if minutes <= 0:
        raise UserError(f"{what} must be more than zero, e.g. 90m or 2h.")
    if minutes > most.total_seconds() // 60:
        raise UserError(f"{what} is at most {int(most.total_seconds() // 3600)} hours.")
    return minutes


def read_every(text: str) -> str:
    """'week', '2 weeks' or 'month'."""
    found = EVERY.get(" ".join(text.lower().split()))
    if found is None:
        raise UserError(f"--every takes week, 2 weeks or month, not {text.strip()!r}.")
    return found


def read_answer(text: str) -> str:
    """going, maybe or no."""
    found = ANSWERS.get(text.strip().lower())
    if found is None:
        raise UserError(f"Answer going, maybe or no, not {text.strip()!r}.")
    return found


def read_leads(text: str) -> tuple[timedelta, ...]:
    """'24h,1h' as lead times before a meeting, longest first."""
    leads = set()
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        match = re.fullmatch(r"(\d+)([hm])", part)
        if not match or int(match[1]) == 0:
            raise UserError(f"{part!r} is not a lead time; write e.g. 24h,1h or 30m.")
        n = int(match[1])
        leads.add(timedelta(hours=n) if match[2] == "h" else timedelta(minutes=n))
    if any(lead > timedelta(days=14) for lead in leads):
        raise UserError("A reminder is at most 14 days (336h) before a meeting.")
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
            f"Meetings can be set at most {AHEAD_YEARS} years ahead, up to {last}; "
            "give a nearer date."
        )
    return when


MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
# The ways a day is written elsewhere in the bot (`--closes "4 dec 9am"`): 2026-11-01,
# 1 nov 2026, 1st of November, nov 1 2026; without a year, the nearest such day.
_DAY_FORMS = (
    re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<d>[0-9]{1,2})(st|nd|rd|th)? (of )?(?P<mon>[a-z]+)\.?(,? (?P<y>[0-9]{4}))?"),
    re.compile(r"(?P<mon>[a-z]+)\.? (?P<d>[0-9]{1,2})(st|nd|rd|th)?(,? (?P<y>[0-9]{4}))?"),
)
DAY_EXAMPLES = "2026-11-01 or 1 nov 2026"


def _month(name: str) -> int | None:
    """'nov', 'November', 'sept' as 11, 11, 9; None for anything else."""
    for n, full in enumerate(MONTH_NAMES, start=1):
        if len(name) >= 3 and full.startswith(name):
            return n
    return None


def read_date(text: str, flag: str, today: date, *, ahead: bool) -> date:
    """A typed day; without a year, the nearest one ahead of `today` (or before, not ahead)."""
    typed = " ".join(text.strip().lower().split())
    for form in _DAY_FORMS:
        found = form.fullmatch(typed)
        if found:
            break
    else:
        raise UserError(f"{flag} takes a date like {DAY_EXAMPLES}, not {text.strip()[:40]!r}.")
    parts = found.groupdict()
    month = int(parts["m"]) if parts.get("m") else _month(parts["mon"])
    if month is None:
        raise UserError(f"{flag} takes a date like {DAY_EXAMPLES}, not {text.strip()[:40]!r}.")
    year = int(parts["y"]) if parts.get("y") else today.year
    try:
        day = date(year, month, int(parts["d"]))
        if not parts.get("y") and ahead and day < today:
            day = day.replace(year=year + 1)
        elif not parts.get("y") and not ahead and day > today:
            day = day.replace(year=year - 1)
    except ValueError:
        raise UserError(
            f"{flag}: {text.strip()[:40]!r} names a day that does not exist; "
            f"give a date like {DAY_EXAMPLES}."
        ) from None
    return day


def midnight(day: date, tz_name: str) -> datetime:
    """The start of a day in a zone, as UTC."""
    return datetime.combine(day, time(), zone(tz_name)).astimezone(UTC)


def last_month(today: date) -> tuple[date, date]:
    """The calendar month before `today`'s: its first and last days."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def read_period(first: str, last: str, today: date) -> tuple[date, date]:
    """A report's --from and --to, checked: both within FIRST_DAY to LAST_DAY, in order."""
    days = (
        read_date(first, "--from", today, ahead=False),
        read_date(last, "--to", today, ahead=False),
    )
    for flag, typed, day in zip(("--from", "--to"), (first, last), days, strict=True):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise UserError(
                f"{flag} takes a date from {FIRST_DAY} to {LAST_DAY}, not {typed.strip()!r}."
            )
    if days[0] > days[1]:
        raise UserError("--from is after --to; give the earlier date first.")
    return days


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
                f"Pick people by their numbers on the list, 1 to {most}, e.g. `1,{min(2, most)}`; "
                f"{part!r} is not one of them."
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
            f"{typed[:30]!r} is not a rate; write an amount of 0 or more with at most two "
            "decimal places, such as 15 or 12.50 (or none)."
        )
    return Decimal(typed)
