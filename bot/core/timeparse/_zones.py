"""Time zones people name: IANA names, forgiving case, with the closest ones on a slip."""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from zoneinfo import ZoneInfo

from bot.core.errors import UserError
from bot.core.i18n import _, either

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
        names = either(known_zones()[c] for c in close)
        hint = _("Did you mean {names}? ", names=names) if close else ""
        raise UserError(
            _(
                "{typed!r} is not a time zone I know. {hint}Use a name like Europe/London or "
                "America/New_York.",
                typed=typed[:64],
                hint=hint,
            )
        )
    return found


def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name, or a clear error (the one check settings and config use)."""
    return ZoneInfo(zone_name(name))
