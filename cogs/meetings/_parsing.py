"""Reading what people type for meetings and contributions. Pure, no I/O."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bot.core.errors import UserError

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


def read_day(text: str, flag: str) -> datetime:
    """'2026-11-01' as midnight UTC that day."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise UserError(f"{flag} takes a date like 2026-11-01, not {text.strip()!r}.") from None


def read_period(first: str, last: str) -> tuple[datetime, datetime]:
    """A report's --from and --to: [midnight UTC of the first day, midnight after the last)."""
    since, until = read_day(first, "--from"), read_day(last, "--to")
    for flag, typed, day in (("--from", first, since), ("--to", last, until)):
        if not FIRST_DAY <= day.date() <= LAST_DAY:
            raise UserError(
                f"{flag} takes a date from {FIRST_DAY} to {LAST_DAY}, not {typed.strip()!r}."
            )
    if since > until:
        raise UserError("--from is after --to; give the earlier date first.")
    return since, until + timedelta(days=1)


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
