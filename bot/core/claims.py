"""This process's claims on work it shares with other processes on one database.

Several processes serving one PostgreSQL database claim a piece of work before doing it
(storage/claims.py): the scheduler a row it is about to run, delivery a lane it is about to
send. A claim lasts its lease, so what a process that died had claimed comes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.core.clock import Clock
from storage.claims import ClaimRepository
from storage.db import Database

# With other processes on the database, a waiting task looks again at least this often: work
# a process that died had claimed, or that another added, comes back to the others.
SHARED_SLEEP = 2.0
# Overdue work another process holds is looked at again after this, not at once.
HELD_ELSEWHERE = timedelta(seconds=1)


class Claims:
    """Claims on one kind of work (`prefix`: storage.claims.LANE or JOB), each for `lease`."""

    def __init__(self, db: Database, clock: Clock, prefix: str, lease: timedelta) -> None:
        self.db = db
        self.clock = clock
        self.prefix = prefix
        self.lease = lease
        self.repo = ClaimRepository(db.reader)

    async def take(self, keys: Iterable[str]) -> set[str]:
        """The keys this process now holds, of those asked for (others hold the rest).

        All of them when no other process shares the database.
        """
        names = [self.prefix + k for k in keys]
        if not self.db.shared or not names:
            return {name.removeprefix(self.prefix) for name in names}
        now = self.clock.now()
        # Keyed by the claims alone: it waits behind no other writer.
        async with self.db.transaction(serial=False) as tx:
            won = await self.repo.claim(tx, names, self.db.holder, now, now + self.lease)
        return {name.removeprefix(self.prefix) for name in won}

    async def release(self, keys: Iterable[str]) -> None:
        """Let go of what this process held (what others hold stays theirs)."""
        names = [self.prefix + k for k in keys]
        if self.db.shared and names:
            async with self.db.transaction(serial=False) as tx:
                await self.repo.release(tx, names, self.db.holder)

    def longest_sleep(self, alone: float) -> float:
        """How long a waiting task may sleep: `alone`, or less when others share the work."""
        return SHARED_SLEEP if self.db.shared else alone

    def look_again(self, soonest: datetime | None) -> datetime | None:
        """When to look for work next: overdue work others hold is not looked at at once."""
        if self.db.shared and soonest is not None:
            return max(soonest, self.clock.now() + HELD_ELSEWHERE)
        return soonest
