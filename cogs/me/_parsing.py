"""Reading what people type about themselves. Pure, no I/O."""

from __future__ import annotations


def read_list(text: str) -> tuple[str, ...]:
    """'service user, provider, carer' as ('service user', 'provider', 'carer')."""
    items = tuple(" ".join(part.split()) for part in text.split(","))
    return tuple(item for item in items if item)


def pick(typed: str, choices: tuple[str, ...]) -> str | None:
    """The choice a typed name means (case and spacing aside), or None."""
    wanted = " ".join(typed.split()).casefold()
    return next((c for c in choices if c.casefold() == wanted), None)
