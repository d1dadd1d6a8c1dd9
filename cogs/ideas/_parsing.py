"""Reading what people type about ideas. Pure, no I/O."""

from __future__ import annotations

from bot.core.errors import UserError
from bot.core.i18n import _, ngettext
from cogs.ideas._settings import MAX_TEXT


def checked_text(text: str) -> str:
    """An idea's text, or a UserError saying what is wrong with it."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UserError(
            _('Say what the idea is, e.g. `!idea add "Open the drop-in on Saturdays"`.')
        )
    if len(cleaned) > MAX_TEXT:
        raise UserError(
            ngettext(
                "An idea is at most {n} character; yours is {length}.",
                "An idea is at most {n} characters; yours is {length}.",
                MAX_TEXT,
                length=len(cleaned),
            )
        )
    return cleaned
