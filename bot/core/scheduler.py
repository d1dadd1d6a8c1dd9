"""Later work: database rows are the truth, APScheduler only holds the timers.

Each job kind states its delivery rule where it is declared. At start every pending row
is armed again; overdue rows fire at once unless stale (past `stale_at`), which are
dropped rather than delivered late. A job runs inside one transaction with its row's "done"
mark, so its effect and the messages it owes (outbox rows) are all or nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.claims import Claims
from bot.core.clock import Clock
from bot.core.i18n import speaking
from bot.core.members import Group, Members
from storage.claims import JOB
from storage.db import Database
from storage.engine import Tx
from storage.scheduled import Scheduled, ScheduledRepository

log = logging.getLogger(__name__)

# A job that raises (a chat server down, say) is tried again after 1, 2, 4 ... minutes, at
# most MAX_ATTEMPTS times in all; after that its row is marked failed, with the error.
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
# Several processes on one database: a process claims the rows it is about to run for this
# long; if it dies, another runs them once the claim runs out.
LEASE = timedelta(minutes=5)
# ... and claims this many at a time, so the others take the next ones meanwhile.
JOB_BATCH = 4


class Due:
    """A scheduled row whose time has come, handed to its job."""

    def __init__(
        self, row: Scheduled, group: Group, now: datetime, repo: ScheduledRepository
    ) -> None:
        self.row = row
        self.group = group
        self.now = now
        self._repo = repo

    async def finish(self, tx: Tx, outcome: str = "done") -> bool:
        """Mark the row done inside the job's own transaction; False if already done."""
        return await self._repo.finish(tx, self.row.id, self.now, outcome)


JobFunc = Callable[[Due], Awaitable[None]]


async def stopped(task: asyncio.Task[None]) -> None:
    """Wait for a cancelled background task to end; one that died of something is logged."""
    await asyncio.wait({task})
    if not task.cancelled() and (error := task.exception()) is not None:
        log.error("%s had stopped: %r", task.get_coro(), error)


class Scheduler:
    """Keeps one timer for the soonest pending row and runs the jobs that fall due.

    One task (`_tick`) owns time: it runs what is due, reads when the soonest pending row
    falls due, arms one APScheduler timer for then, and sleeps until that timer or a commit
    that added work wakes it. It always reads the soonest row after running, and every
    `add` wakes it once its transaction has committed, so whatever is scheduled, from a job
    or a command, in any order, has a timer.
    """

    # Wake at least this often even with nothing armed: a clock that jumped (a laptop
    # that slept) is noticed within a minute.
    LONGEST_SLEEP = 60.0

    def __init__(self, db: Database, clock: Clock, members: Members) -> None:
        self.db = db
        self.clock = clock
        self.members = members
        self.repo = ScheduledRepository(db.reader)
        self.claims = Claims(db, clock, JOB, LEASE)
        # The groups whose work this process runs (all, unless processes split them).
        self.serves: Callable[[str | None], bool] = lambda _group_id: True
        self.handlers: dict[str, JobFunc] = {}
        self._timers: AsyncIOScheduler | None = None
        self._wake = asyncio.Event()
        self._ticker: asyncio.Task[None] | None = None
        self._run_lock = asyncio.Lock()
        self.armed_for: datetime | None = None  # when the one timer fires (tests read it)

    def register(self, kind: str, handler: JobFunc) -> None:
        """Route rows of `kind` to `handler`."""
        self.handlers[kind] = handler

    async def add(
        self,
        tx: Tx,
        group_id: str,
        kind: str,
        ref: str,
        due_at: datetime,
        stale_at: datetime | None = None,
    ) -> int:
        """Record later work inside the caller's transaction; its timer follows the commit."""
        if kind not in self.handlers:
            raise ValueError(f"no job handles {kind!r}")
        row_id = await self.repo.add(tx, group_id, kind, ref, due_at, stale_at)
        self.db.on_commit(self.kick)
        return row_id

    async def pending(self, kind: str, ref: str | None = None) -> list[Scheduled]:
        """Work of one kind not yet done (one ref's, if given), soonest first."""
        return await self.repo.pending(kind=kind, ref=ref)

    async def cancel(self, tx: Tx, kind: str, ref: str, now: datetime) -> None:
        """Mark pending rows of `kind` about `ref` cancelled, inside the caller's transaction."""
        await self.repo.cancel(tx, kind, ref, now)
        self.db.on_commit(self.kick)

    def kick(self) -> None:
        """Look at the pending rows again (something was added, or a timer fired)."""
        self._wake.set()

    async def _timer_fired(self) -> None:
        self.kick()

    def _arm(self, due_at: datetime | None) -> None:
        """One timer, for the soonest pending row; None: no timer."""
        self.armed_for = due_at
        if self._timers is None:
            return
        wait = self.clock.real_seconds(due_at) if due_at is not None else math.inf
        if math.isinf(wait):  # nothing pending, or a clock that only moves when told to
            if self._timers.get_job("scheduled-next") is not None:
                self._timers.remove_job("scheduled-next")
            return
        # APScheduler keeps wall time; the bot's clock may be offset or faster.
        fire_at = datetime.now(UTC) + timedelta(seconds=wait)
        self._timers.add_job(
            self._timer_fired,
            "date",
            run_date=fire_at,
            id="scheduled-next",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def _tick(self) -> None:
        while True:
            self._wake.clear()  # before reading: a kick from here on wakes the next round
            try:
                await self.run_due()
                soonest = self.claims.look_again(await self.repo.next_due())
            except Exception:
                log.exception("running scheduled work failed; trying again shortly")
                soonest = self.clock.now() + FIRST_RETRY
            self._arm(soonest)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.claims.longest_sleep(self.LONGEST_SLEEP)):
                    await self._wake.wait()

    async def start(self, *, keep_time: bool = False) -> None:
        """Run what fell due while the bot was down; with `keep_time`, keep time from now on."""
        await self.run_due()
        if keep_time and self._ticker is None:
            self._timers = AsyncIOScheduler(timezone="UTC")
            self._timers.start()
            self._arm(await self.repo.next_due())
            # A fresh context: the ticker never joins a transaction open where it started.
            self._ticker = asyncio.get_running_loop().create_task(
                self._tick(), context=contextvars.Context()
            )

    async def stop(self) -> None:
        """Stop keeping time (rows stay in SQLite); a job that is running finishes first."""
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            async with self._run_lock:
                ticker.cancel()
            await stopped(ticker)
        if self._timers is not None:
            self._timers.shutdown(wait=False)
            self._timers = None
        self.armed_for = None

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Nothing runs here until the block ends."""
        async with self._run_lock:
            yield

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
            while rows := await self._due():
                mine = await self._claim(rows)
                if not mine:
                    break  # every row due is another process's to run
                try:
                    for row in mine:
                        await self._fire(row, self.clock.now())
                        ran += 1
                finally:
                    await self.claims.release(str(r.id) for r in mine)
            return ran

    async def _due(self) -> list[Scheduled]:
        """Rows due now; with other processes, a few at a time that none of them is running."""
        if not self.db.shared:
            return await self.repo.pending(due_before=self.clock.now())
        return await self.repo.pending(
            due_before=self.clock.now(), not_held_by_others_of=self.db.holder, limit=JOB_BATCH
        )

    async def _claim(self, rows: list[Scheduled]) -> list[Scheduled]:
        """The rows this process may run: all of them, unless several processes share them."""
        rows = [r for r in rows if self.serves(r.group_id)]
        won = await self.claims.take(str(r.id) for r in rows)
        return [r for r in rows if str(r.id) in won]

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
            # A job speaks its group's language (a nudge composes each person's own).
            with speaking(group.settings.language):
                await self._run(handler, row, group, now)
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
            self.kick()

    async def _still_pending(self, row: Scheduled) -> bool:
        """Inside the job's transaction: not done meanwhile (by a process whose claim ran out)."""
        if not self.db.shared:
            return True
        current = await self.repo.get(row.id)
        return current is not None and current.done_at is None

    async def _run(self, handler: JobFunc, row: Scheduled, group: Group, now: datetime) -> None:
        if getattr(handler, "__own_transactions__", False):
            await handler(Due(row, group, now, self.repo))
            async with self.db.transaction() as tx:
                await self.repo.finish(tx, row.id, now, "done")
        else:
            # The job's writes, the messages it owes and its row's "done" commit together:
            # a crash or an error in between leaves the row pending and nothing half done.
            async with self.db.transaction() as tx:
                if not await self._still_pending(row):
                    return
                await handler(Due(row, group, now, self.repo))
                await self.repo.finish(tx, row.id, now, "done")
