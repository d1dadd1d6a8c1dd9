"""Reading what people type about themselves. Pure, no I/O."""

from __future__ import annotations

from bot.core.matching import Match, closest


def read_list(text: str) -> tuple[str, ...]:
    """'service user, provider, carer' as ('service user', 'provider', 'carer')."""
    items = tuple(" ".join(part.split()) for part in text.split(","))
    return tuple(item for item in items if item)


def pick(typed: str, choices: tuple[str, ...]) -> Match:
    """The choice a typed name means: case, spacing and a close spelling forgiven."""
    return closest(typed, choices)
