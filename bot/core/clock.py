"""The one injectable clock: real in production, movable in tests and the shell."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the time in UTC."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    @property
    def is_real(self) -> bool:
        """Whether this clock moves by itself (so timers that wait for it make sense)."""
        ...

    def real_seconds(self, until: datetime) -> float:
        """How many seconds of real time pass before this clock reads `until` (0 if past)."""
        ...


class SystemClock:
    """The wall clock."""

    is_real = True

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        return datetime.now(UTC)

    def real_seconds(self, until: datetime) -> float:
        """Seconds until the wall clock reads `until`."""
        return max(0.0, (until - self.now()).total_seconds())


class ManualClock:
    """A clock that moves only when told to, for tests (the harness's `wait`)."""

    is_real = False

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        return self._now

    def real_seconds(self, until: datetime) -> float:
        """Never by itself: only `advance` moves it (timers are not armed on it)."""
        return float("inf") if until > self._now else 0.0

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self._now += delta

    def set(self, when: datetime) -> None:
        """Jump to a given time."""
        self._now = when.astimezone(UTC)


class OffsetClock:
    """Real time from a chosen start (the wall clock by default), which `advance` moves on.

    The shell's `:wait` moves it; `start` fixes where it begins (tests, benchmarks and
    scripted runs that must not depend on today's date), and `rate` runs it faster than real
    time (60: an hour a minute) for scripted stretches.
    """

    is_real = True

    def __init__(self, start: datetime | None = None, rate: float = 1.0) -> None:
        if rate <= 0:
            raise ValueError("a clock's rate must be above 0")
        self.rate = rate
        self._base = start.astimezone(UTC) if start else datetime.now(UTC)
        self._began = time.monotonic()
        self.offset = timedelta()

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        elapsed = (time.monotonic() - self._began) * self.rate
        return self._base + timedelta(seconds=elapsed) + self.offset

    def real_seconds(self, until: datetime) -> float:
        """Real seconds until this clock reads `until`, at its rate."""
        return max(0.0, (until - self.now()).total_seconds() / self.rate)

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self.offset += delta
