"""Times people type, read in the group's zone; times the bot shows, per reader."""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import UserError

STAMP = re.compile(r"<t:(-?\d+):([FfDdTtR])>")


# Names zoneinfo can load but that are not places: "Factory" has no offset people live
# by, "localtime" is whatever the host says. Directories ("Europe") and paths are never
# in the list, so they never reach ZoneInfo.
_NOT_PLACES = frozenset({"Factory", "localtime"})


@functools.cache
def known_zones() -> dict[str, str]:
    """Every IANA zone people can choose, by folded name."""
    return {n.casefold(): n for n in zoneinfo.available_timezones() - _NOT_PLACES}


def zone_name(name: str) -> str:
    """The IANA zone's canonical spelling, or a UserError naming the closest ones."""
    typed = name.strip()
    found = known_zones().get(typed.casefold()) if len(typed) <= 64 else None
    if found is None:
        close = difflib.get_close_matches(typed.casefold()[:64], known_zones(), n=3, cutoff=0.6)
        hint = (
            "Did you mean " + " or ".join(known_zones()[c] for c in close) + "? " if close else ""
        )
        raise UserError(
            f"{typed[:64]!r} is not a time zone I know. {hint}Use a name like "
            "Europe/London or America/New_York."
        )
    return found


def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name, or a clear error (the one check settings and config use)."""
    return ZoneInfo(zone_name(name))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)\b|\b(?P<H>\d{1,2}):(?P<M>\d{2})\b"
    r"|\b(?P<word>noon|midday|midnight)\b"
)
_RELATIVE = re.compile(r"\bin\s+\d+\s*(minute|min|hour|hr|day|week)s?\b|\bnow\b")
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(st|nd|rd|th)?\s+(of\s+)?(?P<mon>{_MONTH})(?![a-z])(\s+(?P<y>\d{{4}})\b)?"
)
_MONTH_DAY = re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(st|nd|rd|th)?\b(?!:)")
_ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b")
_EXAMPLES = '"friday 17:00", "4 dec 9am", "in 3 days" or "2026-12-04 18:30"'


def _month(name: str) -> int:
    return _MONTHS.index(name[:3]) + 1


def _typed_clock(text: str) -> tuple[int, int] | None:
    """The hour and minute someone typed, checked; None for a relative time ("in 2 hours")."""
    found = _CLOCK.search(text)
    if found is None:
        if _RELATIVE.search(text):
            return None
        raise UserError(f"Give a day and a time, e.g. {_EXAMPLES}; {text!r} has no time of day.")
    if found["word"]:
        return (0, 0) if found["word"] == "midnight" else (12, 0)
    if found["H"] is not None:
        hour, minute = int(found["H"]), int(found["M"])
        if hour > 23 or minute > 59:
            raise UserError(f"{found[0]!r} is not a time of day (00:00 to 23:59). Try {_EXAMPLES}.")
        return hour, minute
    hour, minute = int(found["h"]), int(found["m"] or 0)
    if not 1 <= hour <= 12 or minute > 59:
        raise UserError(f"{found[0]!r} is not a time of day (1am to 12pm). Try {_EXAMPLES}.")
    return hour % 12 + (12 if found["ampm"] == "pm" else 0), minute


def _typed_day(text: str) -> tuple[int | None, int, int] | None:
    """The (year, month, day) someone typed, if they named one.

    A day that does not exist is refused here: dateparser reads "31 feb" as 28 Feb 2031.
    """
    iso = _ISO_DATE.search(text)
    year: int | None
    if iso:
        year, month, day = int(iso["y"]), int(iso["mo"]), int(iso["d"])
    else:
        found = _DAY_MONTH.search(text) or _MONTH_DAY.search(text)
        if found is None:
            return None
        typed_year = found.groupdict().get("y")
        year = int(typed_year) if typed_year else None
        month, day = _month(found["mon"]), int(found["d"])
    try:
        # 2028 is a leap year: "29 feb" passes here and is refused later if it is too far.
        datetime(year or 2028, month, day, tzinfo=UTC)
    except ValueError:
        raise UserError(f"{text!r} names a day that does not exist. Try {_EXAMPLES}.") from None
    return year, month, day


def parse_when(text: str, tz_name: str, now: datetime) -> datetime:
    """Read "friday 5pm", "in 3 days" or "2026-12-04 17:00" as a UTC time after `now`.

    Strict: a day and a time must be named (or an offset such as "in 3 days"), and what
    dateparser understood must be what was typed; anything it had to guess is refused.
    """
    import dateparser  # noqa: PLC0415 - slow to import; only needed when a time is typed

    tz = zone(tz_name)
    folded = " ".join(text.casefold().split())
    if not folded:
        raise UserError(f"Give a time, e.g. {_EXAMPLES}.")
    if len(folded) > 100 or (not re.search(r"[a-z]", folded) and not _ISO_DATE.search(folded)):
        raise UserError(f"I can't read {text[:100]!r} as a time. Try {_EXAMPLES}.")
    clock = _typed_clock(folded)
    day = _typed_day(folded)
    local_now = now.astimezone(tz)
    try:
        parsed = dateparser.parse(
            folded,
            settings={
                "TIMEZONE": tz_name,
                "RETURN_AS_TIMEZONE_AWARE": True,
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": local_now.replace(tzinfo=None),
            },
        )
    except (ValueError, OverflowError, OSError):  # dateparser's own failures on odd input
        parsed = None
    if parsed is None:
        raise UserError(f"I can't read {text!r} as a time. Try {_EXAMPLES}.")
    local = parsed.astimezone(tz)
    understood = local.strftime("%a %d %b %Y %H:%M")
    if clock is not None and (local.hour, local.minute) != clock:
        raise UserError(f"I read {text!r} as {understood}, not the time typed. Try {_EXAMPLES}.")
    if day is not None and (
        (local.month, local.day) != day[1:] or (day[0] is not None and local.year != day[0])
    ):
        raise UserError(f"I read {text!r} as {understood}, not the day typed. Try {_EXAMPLES}.")
    if day is not None and day[0] is None and local > now + timedelta(days=366):
        raise UserError(
            f"{text!r} is more than a year away ({understood}); give the year, e.g. "
            '"2027-12-04 18:30", or a nearer day such as "friday 17:00".'
        )
    when = parsed.astimezone(UTC)
    if when <= now:
        raise UserError(
            f"{text!r} means {understood} ({tz_name}), which has already passed. "
            'Give a time in the future, e.g. "friday 17:00" or "in 2 days".'
        )
    return when


def describe(when: datetime, tz_name: str) -> str:
    """A time as the bot understood it, for the answer: 'Fri 04 Dec, 17:00 Europe/London'."""
    local = when.astimezone(zone(tz_name))
    return local.strftime("%a %d %b %Y, %H:%M ") + tz_name


def stamp(when: datetime, style: str = "F") -> str:
    """A time in the neutral markup (Discord's own), shown per reader on each platform."""
    return f"<t:{int(when.timestamp())}:{style}>"


def _relative(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    future = seconds >= 0
    seconds = abs(seconds)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = round(seconds / size)
            amount = f"{n} {unit}{'s' if n != 1 else ''}"
            return f"in {amount}" if future else f"{amount} ago"
    return "now"


def render_stamps(text: str, tz_name: str, now: datetime) -> str:
    """Replace time markup with readable local times, for platforms that lack it."""
    tz = zone(tz_name)

    def one(match: re.Match[str]) -> str:
        when = datetime.fromtimestamp(int(match[1]), UTC)
        local = when.astimezone(tz)
        style = match[2]
        if style == "R":
            return _relative(when - now)
        if style in "dD":
            return local.strftime("%a %d %b %Y")
        if style in "tT":
            return local.strftime("%H:%M")
        return (
            local.strftime("%a %d %b %Y, %H:%M ") + f"{local.tzname() or tz_name}{_offset(local)}"
        )

    return STAMP.sub(one, text)


def _offset(local: datetime) -> str:
    """' (UTC+1)', ' (UTC-3:30)': readers elsewhere can work out their own time."""
    if local.tzname() == "UTC":  # "18:00 UTC (UTC+0)" says it twice
        return ""
    delta = local.utcoffset() or timedelta()
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f" (UTC{sign}{hours}{f':{rest:02d}' if rest else ''})"


# The shell's clock can move on years, not further: beyond this a datetime overflows.
LONGEST_WAIT = timedelta(days=3660)


def parse_duration(text: str) -> timedelta:
    """Read '2h', '90m', '3d', '1d12h' (the shell's `:wait`)."""
    text = text[:100]
    parts = re.findall(r"([0-9]{1,7})\s*([dhms])", text.lower())
    if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s+", "", text.lower()):
        raise UserError(f"{text!r} is not a duration. Use e.g. 30m, 2h, 3d or 1d12h.")
    unit = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
    delta = timedelta()
    for n, u in parts:
        delta += timedelta(**{unit[u]: int(n)})
    if delta > LONGEST_WAIT:
        raise UserError(f"{text!r} is too long a wait; at most {LONGEST_WAIT.days}d at a time.")
    return delta
