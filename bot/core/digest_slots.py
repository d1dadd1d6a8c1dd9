"""Where each part of the weekly digest goes, first to last: named slots, not magic numbers.

A feature's `DigestSection(order=DigestSlot.X)` takes one. What was settled comes first, then
what is open, then mentoring and meetings; a section that names no slot goes after them all.
Two sections in one slot keep the order the features are listed in.
"""

from __future__ import annotations

from enum import IntEnum


class DigestSlot(IntEnum):
    """A place in the weekly digest; lower comes first."""

    DECIDED = 10  # polls decided in the week, with their outcome
    ANSWERED = 12  # ideas answered (with the reason) and proposed in the week
    CLOSING = 20  # polls closing in the coming week, with their turnout
    WAITING = 22  # ideas waiting for an answer, longest first
    PAIRING = 30  # mentoring, as counts only
    MEETING = 40  # meetings coming up, and time waiting for a facilitator
    LATER = 50  # a section that names no slot (DigestSection's default)
