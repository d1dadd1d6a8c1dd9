"""Times the bot shows: the neutral markup each platform renders for its readers. Pure."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.core.i18n import _, show, unit
from bot.core.timeparse._zones import zone

STAMP = re.compile(r"<t:(-?\d+):([FfDdTtR])>")


def describe(when: datetime, tz_name: str) -> str:
    """A time as the bot understood it, for the answer: 'Fri 04 Dec 2026, 17:00 Europe/London'."""
    local = when.astimezone(zone(tz_name))
    return show(local, "EEE dd MMM y, HH:mm ") + tz_name


def stamp(when: datetime, style: str = "F") -> str:
    """A time in the neutral markup (Discord's own), shown per reader on each platform."""
    return f"<t:{int(when.timestamp())}:{style}>"


def _relative(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    future = seconds >= 0
    seconds = abs(seconds)
    for size, name in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            length = unit(round(seconds / size), name)
            return _("in {length}", length=length) if future else _("{length} ago", length=length)
    return _("now")


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
            return show(local, "EEE dd MMM y")
        if style in "tT":
            return show(local, "HH:mm")
        return show(local, "EEE dd MMM y, HH:mm ") + f"{local.tzname() or tz_name}{_offset(local)}"

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
