"""Randomised: rows added, cancelled and added again, from jobs and commands, all fire once, on time."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_bot
from bot.config import Config
from bot.core.clock import OffsetClock
from bot.core.cog import Cog
from bot.core.commands import job
from bot.core.outlet import SilentOutlet
from bot.core.scheduler import Due
from storage.db import Database
from tests import engines

START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday: no digest on the way
RATE = 20.0  # twenty bot seconds a real second
LATE = 10.0  # bot seconds (half a real second): how late a row may fire
GROUP = "shell:local"
PROBE = "probe"


@dataclass
class Plan:
    """What the test asks for, and what each job does when it fires."""

    adds: list[tuple[str, float]]  # (ref, bot seconds from the start), typed at the start
    cancels: list[str]  # refs cancelled at the start, after the adds
    readds: list[tuple[str, float]]  # cancelled and added again, in one transaction
    children: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # from jobs


class Probe(Cog):
    """Records each row it runs and adds the follow-ups the plan gives it."""

    plan: Plan
    fired: list[tuple[str, datetime]]

    @job(PROBE)
    async def run(self, due: Due) -> None:
        """Record, then add this row's follow-ups in the job's own transaction."""
        self.fired.append((due.row.ref, self.services.clock.now()))
        async with self.services.db.transaction() as tx:
            for child, after in self.plan.children.get(due.row.ref, []):
                at = due.row.due_at + timedelta(seconds=after)
                await self.services.scheduler.add(tx, GROUP, PROBE, child, at)


def stored(when: datetime) -> datetime:
    """A due time as the database keeps it: to the whole second."""
    return when.replace(microsecond=0)


def expected(plan: Plan, began: datetime) -> list[tuple[str, datetime]]:
    """(ref, when it must fire) for every row, worked out without the bot.

    Due times are kept to the second; a row is one (ref, due time): the same ref added for
    two times is two rows, added twice for one time is one.
    """
    due = {ref: stored(began + timedelta(seconds=s)) for ref, s in plan.adds}
    for ref in plan.cancels:
        due.pop(ref, None)
    due.update({ref: stored(began + timedelta(seconds=s)) for ref, s in plan.readds})
    rows = set(due.items())
    todo = sorted(rows, key=lambda kv: kv[1])
    while todo:
        ref, at = todo.pop(0)
        for child, after in plan.children.get(ref, []):
            row = (child, stored(at + timedelta(seconds=after)))
            if row not in rows:
                rows.add(row)
                todo = sorted([*todo, row], key=lambda kv: kv[1])
    return sorted(rows)


refs = st.sampled_from([f"r{i}" for i in range(6)])
# What the test types is due 5 seconds on at the soonest, so all of it is typed before any
# falls due; what a job adds may be due at once.
delays = st.floats(min_value=5.0, max_value=20.0).map(lambda s: round(s, 1))
soon = st.floats(min_value=0.0, max_value=10.0).map(lambda s: round(s, 1))
plans = st.builds(
    Plan,
    adds=st.lists(st.tuples(refs, delays), max_size=5, unique_by=lambda t: t[0]),
    cancels=st.lists(refs, max_size=2, unique=True),
    readds=st.lists(st.tuples(refs, delays), max_size=2, unique_by=lambda t: t[0]),
    children=st.dictionaries(
        refs,
        st.lists(
            st.tuples(st.sampled_from([f"c{i}" for i in range(4)]), soon),
            max_size=2,
            unique_by=lambda t: t[0],
        ),
        max_size=3,
    ),
)


TEMPLATE: list[Path] = []  # a migrated database, copied for each example (migrating is slow)


async def scenario(
    plan: Plan, folder: Path
) -> tuple[list[tuple[str, datetime]], list[tuple[str, datetime]]]:
    if not engines.on_postgres():  # PostgreSQL's test databases are copies of a template
        if not TEMPLATE:
            TEMPLATE.append(Path(tempfile.mkdtemp()) / "template.sqlite3")
            db = await Database.open(TEMPLATE[0])
            await db.close()
        shutil.copy(TEMPLATE[0], folder / "group.sqlite3")
    clock = OffsetClock(START, RATE)
    bot = await build_bot(Config(), clock, folder / "group.sqlite3")
    probe = Probe(bot.services)
    probe.plan, probe.fired = plan, []
    bot.add_cog(probe)
    await bot.group(GROUP, "Terminal")
    await bot.start(SilentOutlet(), keep_time=True)
    began = clock.now()  # a moment after START: every due time counts from here
    scheduler = bot.scheduler
    async with bot.db.transaction() as tx:  # a command that adds
        for ref, after in plan.adds:
            await scheduler.add(tx, GROUP, PROBE, ref, began + timedelta(seconds=after))
    for ref in plan.cancels:  # commands that cancel, one each
        async with bot.db.transaction() as tx:
            await scheduler.cancel(tx, PROBE, ref, clock.now())
    for ref, after in plan.readds:  # cancel and add again, in one transaction
        async with bot.db.transaction() as tx:
            await scheduler.cancel(tx, PROBE, ref, clock.now())
            await scheduler.add(tx, GROUP, PROBE, ref, began + timedelta(seconds=after))
    want = expected(plan, began)
    last = max((at for _, at in want), default=began)
    await asyncio.sleep(((last - began).total_seconds() + LATE) / RATE + 0.2)
    await bot.stop()
    await bot.db.close()
    return probe.fired, want


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans)
def test_every_pending_row_fires_once_near_its_time(plan: Plan) -> None:
    """Whatever is added or cancelled, by commands or by jobs, each live row fires once, on time."""
    with tempfile.TemporaryDirectory() as folder:
        fired, want = asyncio.run(scenario(plan, Path(folder)))
    assert sorted(ref for ref, _ in fired) == sorted(ref for ref, _ in want), (fired, want)
    # Each ref's rows fire in the order they are due, each within LATE of its time.
    for (ref, at), (wanted, due) in zip(sorted(fired), want, strict=True):
        late = (at - due).total_seconds()
        assert ref == wanted and 0 <= late <= LATE, (ref, at, due)
