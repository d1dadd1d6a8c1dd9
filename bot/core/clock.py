"""The one injectable clock: real in production, movable in tests and the shell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the time in UTC."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    @property
    def is_real(self) -> bool:
        """Whether this clock follows the wall clock (so real timers make sense)."""
        ...


class SystemClock:
    """The wall clock."""

    is_real = True

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to, for tests and the shell's `:wait`."""

    is_real = False

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or datetime.now(UTC)).astimezone(UTC)

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self._now += delta

    def set(self, when: datetime) -> None:
        """Jump to a given time."""
        self._now = when.astimezone(UTC)


class OffsetClock:
    """The wall clock plus an offset that only grows: the shell's `:wait` moves it on."""

    is_real = True

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self.offset += delta
