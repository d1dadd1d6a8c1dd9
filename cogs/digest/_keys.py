"""The one place that knows how the digest names things: its job's ref, weeks, nudge keys.

Stored rows hold these strings (the week is kept in the digests table too), so a format
never changes: a new one gets a new name.
"""

from __future__ import annotations

from datetime import datetime


def weekly_ref(group_id: str) -> str:
    """The ref of a group's next weekly digest: the group's id (one pending a group)."""
    return group_id


def week_of(due_at: datetime) -> str:
    """Which week a digest is, by the day it fell due: `2026-11-30`."""
    return f"{due_at:%Y-%m-%d}"


def digest_key(group_id: str, week: str) -> str:
    """The outbox key of one week's digest to a group's readers: `digest:GROUP:2026-11-30`."""
    return f"digest:{group_id}:{week}"


def no_organisers_key(group_id: str) -> str:
    """The outbox key of telling facilitators that nobody gets the digest (once)."""
    return f"digest:{group_id}:no-organisers"
