"""Later work: SQLite rows are the truth, APScheduler only holds the timers.

Each job kind states its delivery rule where it is declared. At start every pending row
is armed again; overdue rows fire at once unless stale (past `stale_at`), which are
dropped rather than delivered late.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import aiosqlite
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.clock import Clock
from bot.core.members import Group, Members
from storage.db import Database
from storage.scheduled import Scheduled, ScheduledRepository

log = logging.getLogger(__name__)

# A job that raises (a chat server down, say) is tried again after 1, 2, 4 ... minutes, at
# most MAX_ATTEMPTS times in all; after that its row is marked failed, with the error.
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)


class Due:
    """A scheduled row whose time has come, handed to its job."""

    def __init__(
        self, row: Scheduled, group: Group, now: datetime, repo: ScheduledRepository
    ) -> None:
        self.row = row
        self.group = group
        self.now = now
        self._repo = repo

    async def finish(self, tx: aiosqlite.Connection, outcome: str = "done") -> bool:
        """Mark the row done inside the job's own transaction; False if already done."""
        return await self._repo.finish(tx, self.row.id, self.now, outcome)


JobFunc = Callable[[Due], Awaitable[None]]


class Scheduler:
    """Arms timers for pending rows and runs the jobs that fall due."""

    def __init__(self, db: Database, clock: Clock, members: Members) -> None:
        self.db = db
        self.clock = clock
        self.members = members
        self.repo = ScheduledRepository(db.reader)
        self.handlers: dict[str, JobFunc] = {}
        self._timers: AsyncIOScheduler | None = None
        self._next_at: datetime | None = None  # when the one timer wakes run_due()
        self._run_lock = asyncio.Lock()

    def register(self, kind: str, handler: JobFunc) -> None:
        """Route rows of `kind` to `handler`."""
        self.handlers[kind] = handler

    async def add(
        self,
        tx: aiosqlite.Connection,
        group_id: str,
        kind: str,
        ref: str,
        due_at: datetime,
        stale_at: datetime | None = None,
    ) -> int:
        """Record later work inside the caller's transaction, and arm its timer."""
        if kind not in self.handlers:
            raise ValueError(f"no job handles {kind!r}")
        row_id = await self.repo.add(tx, group_id, kind, ref, due_at, stale_at)
        self._arm(due_at)
        return row_id

    async def cancel(self, tx: aiosqlite.Connection, kind: str, ref: str, now: datetime) -> None:
        """Mark pending rows of `kind` about `ref` cancelled, inside the caller's transaction."""
        await self.repo.cancel(tx, kind, ref, now)

    def _arm(self, due_at: datetime) -> None:
        # One timer, for the soonest pending row: it only wakes run_due(), which runs what
        # is due and arms the next. (A timer per row made start-up with 100,000 pending
        # rows take minutes.) If the row was rolled back, run_due finds nothing.
        if self._timers is None or (self._next_at is not None and self._next_at <= due_at):
            return
        self._next_at = due_at
        self._timers.add_job(
            self._wake,
            "date",
            run_date=due_at,
            id="scheduled-next",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def _wake(self) -> None:
        self._next_at = None
        await self.run_due()
        if self._timers is not None:
            soonest = await self.repo.next_due()
            if soonest is not None:
                self._arm(soonest)

    async def start(self) -> None:
        """Run what fell due while the bot was down, and arm the timer for the soonest row."""
        if self.clock.is_real:
            self._timers = AsyncIOScheduler(timezone="UTC")
            self._timers.start()
        await self.run_due()
        if self._timers is not None:
            soonest = await self.repo.next_due()
            if soonest is not None:
                self._arm(soonest)

    def stop(self) -> None:
        """Drop the timers (rows stay in SQLite)."""
        if self._timers is not None:
            self._timers.shutdown(wait=False)
            self._timers = None
            self._next_at = None

    @property
    def armed(self) -> int:
        """How many timers are waiting: one for the soonest pending row, or none."""
        return len(self._timers.get_jobs()) if self._timers else 0

    async def run_due(self) -> int:
        """Run every pending row due by now, oldest first; returns how many ran."""
        async with self._run_lock:
            ran = 0
            # Jobs may schedule follow-up work that is due at once (a close schedules its
            # announcement), so look again until nothing is due.
            while rows := await self.repo.pending(due_before=self.clock.now()):
                for row in rows:
                    await self._fire(row, self.clock.now())
                    ran += 1
            return ran

    async def _fire(self, row: Scheduled, now: datetime) -> None:
        if row.stale_at is not None and now >= row.stale_at:
            async with self.db.transaction() as tx:
                await self.repo.finish(tx, row.id, now, "stale")
            log.info("dropped stale %s for %s", row.kind, row.ref)
            return
        handler = self.handlers.get(row.kind)
        known = await self.members.repo.get(row.group_id)
        if handler is None or known is None:
            async with self.db.transaction() as tx:
                await self.repo.finish(tx, row.id, now, "failed: no handler or group")
            return
        group = await self.members.group(row.group_id)
        try:
            await handler(Due(row, group, now, self.repo))
        except Exception as e:
            error = f"failed: {type(e).__name__}: {e}"
            async with self.db.transaction() as tx:
                if row.attempts + 1 >= MAX_ATTEMPTS:
                    await self.repo.finish(tx, row.id, now, error)
                    log.exception("scheduled %s %s failed for good", row.kind, row.ref)
                    return
                later = now + FIRST_RETRY * 2**row.attempts
                await self.repo.retry(tx, row.id, later, error)
            log.warning(
                "scheduled %s %s failed (%s); trying again at %s",
                row.kind,
                row.ref,
                error,
                later.isoformat(timespec="seconds"),
            )
            self._arm(later)
            return
        # A job that did not mark its own row (its effect was outside the database) is
        # done once it returns: at-least-once delivery.
        async with self.db.transaction() as tx:
            await self.repo.finish(tx, row.id, now, "done")
