"""What every feature contributes about a person and a week: export, forget, the digest.

Each cog overrides the hooks it needs on `Cog`; the core calls them all, so `!me export`,
`!me forget` and the weekly digest never need to know a feature's tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.digest_slots import DigestSlot


@dataclass(frozen=True)
class Forgotten:
    """What one feature erased about a person, and what it kept and why (told to them)."""

    feature: str
    erased: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One number in a digest section (the chart and the text show the same figures)."""

    label: str
    value: float


@dataclass(frozen=True)
class DigestSection:
    """A part of the weekly digest, as data: each platform renders it once."""

    heading: str
    lines: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    order: int = DigestSlot.LATER  # where it goes in the digest: a named slot


@dataclass(frozen=True)
class Activity:
    """Someone took part: voted, proposed, supported, RSVPed, attended, answered a check-in."""

    user_id: str
    at: datetime
    kind: str  # "voted", "proposed an idea", ...
