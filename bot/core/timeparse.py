"""Times people type, read in the group's zone; times the bot shows, per reader."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import UserError

STAMP = re.compile(r"<t:(-?\d+):([FfDdTtR])>")


def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"{name!r} is not a time zone I know. Use a name like Europe/London or "
            "America/New_York."
        ) from None


def parse_when(text: str, tz_name: str, now: datetime) -> datetime:
    """Read "friday 5pm", "in 3 days" or "2026-12-04 17:00" as a UTC time after `now`."""
    import dateparser  # noqa: PLC0415 - slow to import; only needed when a time is typed

    tz = zone(tz_name)
    local_now = now.astimezone(tz)
    parsed = dateparser.parse(
        text,
        settings={
            "TIMEZONE": tz_name,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local_now.replace(tzinfo=None),
        },
    )
    if parsed is None:
        raise UserError(
            f'I can\'t read {text!r} as a time. Try "friday 17:00", "in 3 days" '
            'or "2026-12-04 18:30".'
        )
    when = parsed.astimezone(UTC)
    if when <= now:
        shown = when.astimezone(tz).strftime("%a %d %b %Y %H:%M")
        raise UserError(
            f"{text!r} means {shown} ({tz_name}), which has already passed. "
            'Give a time in the future, e.g. "friday 17:00" or "in 2 days".'
        )
    return when


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


def parse_duration(text: str) -> timedelta:
    """Read '2h', '90m', '3d', '1d12h' (the shell's `:wait`)."""
    parts = re.findall(r"(\d+)\s*([dhms])", text.lower())
    if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s+", "", text.lower()):
        raise UserError(f"{text!r} is not a duration. Use e.g. 30m, 2h, 3d or 1d12h.")
    unit = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
    delta = timedelta()
    for n, u in parts:
        delta += timedelta(**{unit[u]: int(n)})
    return delta
