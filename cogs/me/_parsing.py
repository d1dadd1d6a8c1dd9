"""Reading what people type about themselves. Pure, no I/O."""

from __future__ import annotations

import difflib
import zoneinfo
from functools import cache

from bot.core.errors import UserError


@cache
def _zones() -> dict[str, str]:
    # Only real zone names; "posixrules", "Factory" and folders are not places.
    names = {
        z
        for z in zoneinfo.available_timezones()
        if "/" in z and not z.startswith(("posix/", "right/", "Etc/"))
    }
    names |= {"UTC"}
    return {name.casefold(): name for name in names}


def read_zone(text: str) -> str:
    """An IANA zone name as typed ('europe/berlin' is fine); else the closest real ones."""
    typed = text.strip()
    zones = _zones()
    found = zones.get(typed.casefold())
    if found:
        return found
    close = difflib.get_close_matches(typed.casefold(), list(zones), n=3, cutoff=0.6)
    hint = (
        " Did you mean " + ", ".join(zones[c] for c in close) + "?"
        if close
        else " Use a name like Europe/London or America/New_York."
    )
    raise UserError(f"{typed!r} is not a time zone I know.{hint}")


def read_list(text: str) -> tuple[str, ...]:
    """'service user, provider, carer' as ('service user', 'provider', 'carer')."""
    items = tuple(" ".join(part.split()) for part in text.split(","))
    return tuple(item for item in items if item)


def pick(typed: str, choices: tuple[str, ...]) -> str | None:
    """The choice a typed name means (case and spacing aside), or None."""
    wanted = " ".join(typed.split()).casefold()
    return next((c for c in choices if c.casefold() == wanted), None)
