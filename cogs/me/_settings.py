"""The people feature's group settings."""

from __future__ import annotations

from bot.core.errors import UserError
from bot.core.i18n import N_, _, ngettext
from bot.core.settings import Setting
from cogs.me._parsing import read_list

MAX_CONSTITUENCIES = 8


def _constituencies(raw: str) -> tuple[str, ...]:
    if raw.strip().lower() in ("", "none"):
        return ()
    names = read_list(raw)
    if len(names) > MAX_CONSTITUENCIES:
        raise UserError(
            ngettext(
                "That is {length} constituencies; the most is {n}.",
                "That is {length} constituencies; the most is {n}.",
                MAX_CONSTITUENCIES,
                length=len(names),
            )
        )
    if any(len(n) > 40 for n in names):
        raise UserError(_("A constituency name is at most 40 characters."))
    if len({n.casefold() for n in names}) != len(names):
        raise UserError(_("Two constituencies have the same name."))
    return names


CONSTITUENCIES: Setting[tuple[str, ...]] = Setting(
    "constituencies",
    (),
    N_('the sides of the service people say they come from, e.g. "service user, provider, carer"'),
    _constituencies,
    lambda names: ", ".join(names) or "none",
)
