"""Several bot processes on one PostgreSQL database, beside one process on SQLite.

Run: .venv/bin/python -m benchmarks.scale_out [--people 10000] [--groups 100]
     [--latency-ms 30] [--votes 2000] [--pg postgresql://...]

Two workloads, each on a fresh copy of the same database, with 1, 2 and 4 processes on
PostgreSQL and 1 on SQLite, all in one run:

- fan-out: 100 groups of 100 people each have an open poll whose reminder falls due at the
  same moment: 100 scheduled jobs owe 10,000 private reminders. The processes run their
  timers and senders as `coprod run` does. Each send waits `--latency-ms`, as a chat
  server's answer does, and is written to a log with its idempotency key. Throughput is
  reminders delivered a second, from the moment they fell due to the last one. Every
  reminder must be delivered exactly once.
- votes: `--votes` people type `!poll vote` through the command path, split between the
  processes by group (as Discord's shards split servers); votes a second, all together.

A last fan-out runs 2 processes and kills one (SIGKILL) a third of the way through; with a
claim lease shortened to 5 s, the other takes up its share. A send the killed process made
but had not marked sent is sent again with the same idempotency key: a chat server that
honours the key (a Matrix transaction id, a Discord nonce) shows it once. The table counts
both: distinct reminders delivered, and repeated sends of the same key.

Without --pg it starts the tests' throwaway PostgreSQL (tests/postgres.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from bot.app import build_bot
from bot.config import Config
from bot.core import delivery, scheduler
from bot.core.clock import ManualClock, OffsetClock
from bot.core.context import Invocation
from bot.core.model import Reply, Role, User
from bot.core.outlet import SilentOutlet

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a fixed start: never today's date
# Durations, and instants shared between the processes, are read from the monotonic clock,
# which on Linux is one clock for the whole machine.
REMINDER_AT = START + timedelta(hours=24)  # reminder_hours 24 before a 2-day close
LEAD = 3.0  # seconds between the processes starting and the reminders falling due


def group_id(g: int) -> str:
    return f"bench:{g}"


def person(g: int, i: int) -> User:
    return User(f"g{g}p{i}", f"person {i} of group {g}")


def invocation(g: int, user: User, role: Role = Role.PARTICIPANT) -> Invocation:
    return Invocation(group_id(g), f"group {g}", "general", user, role)


# -- setting up a database ------------------------------------------------------------------


async def fill(target: str, keys: Path, groups: int, per_group: int) -> None:
    """Groups, their members, and in each an open poll whose reminder is due at REMINDER_AT."""
    config = Config(database=target, keys=str(keys))
    bot = await build_bot(config, ManualClock(START), target)
    try:
        await bot.start(SilentOutlet(), keep_time=False)
        for g in range(groups):
            await bot.group(group_id(g), f"group {g}")
            organiser = User(f"g{g}org", "organiser")
            await bot.member_seen(group_id(g), organiser, Role.ORGANISER)
            for i in range(per_group):
                await bot.member_seen(group_id(g), person(g, i), Role.PARTICIPANT)
            inv = invocation(g, organiser, Role.ORGANISER)
            for text in (
                "!settings set reminder_hours 24",
                '!poll create "Which evening?" Mon Tue --closes "in 2 days"',
            ):
                reply = await bot.handle_text(text, inv)
                assert not reply.error, reply.body
        await bot.stop()
    finally:
        await bot.db.close()


async def copy_pg(admin: str, template: str, name: str) -> str:
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    finally:
        await conn.close()
    return admin.rsplit("/", 1)[0] + "/" + name


# -- a worker process ---------------------------------------------------------------------


class LoggingOutlet(SilentOutlet):
    """A chat server that answers after `latency` and logs every send with its key."""

    def __init__(self, log: Path, latency: float) -> None:
        self.fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.latency = latency

    async def dm(self, group_id: str, user: User, reply: Reply, *, idem: str) -> None:
        await asyncio.sleep(self.latency)
        # One write per line on an O_APPEND file: a killed process leaves whole lines.
        os.write(self.fd, f"{time.monotonic():.6f} {os.getpid()} {idem}\n".encode())


async def worker(args: argparse.Namespace) -> None:
    """One `coprod run`-like process: timers and senders until SIGTERM; or a vote share."""
    if args.lease_s:
        delivery.LEASE = scheduler.LEASE = timedelta(seconds=args.lease_s)
    config = Config(database=args.worker, keys=args.keys)
    clock = OffsetClock(datetime.fromisoformat(args.clock_at))
    bot = await build_bot(config, clock, args.worker)
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    try:
        if args.mode == "fanout":
            await bot.start(LoggingOutlet(Path(args.log), args.latency_ms / 1000), keep_time=True)
            await stopping.wait()
        else:
            await bot.start(SilentOutlet(), keep_time=True)
            share, of = (int(n) for n in args.share.split("/"))
            mine = [g for g in range(args.groups) if g % of == share]
            voters = [(g, person(g, i)) for i in range(args.votes_per_group) for g in mine]
            # Every process begins at the same instant, once all have started.
            await asyncio.sleep(max(0.0, args.go_at - time.monotonic()))
            began = time.monotonic()
            for g, user in voters:
                reply = await bot.handle_text(f"!poll vote {g + 1} 1", invocation(g, user))
                assert not reply.error, reply.body
            line = f"{began} {time.monotonic()} {len(voters)}\n"
            await asyncio.to_thread(Path(args.log).write_text, line)
        await bot.stop()
    finally:
        await bot.db.close()


# -- running one configuration ------------------------------------------------------------


def spawn(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.scale_out", *args])


async def count(target: str, sql: str) -> int:
    """One count, read over a plain connection of the benchmark's own."""
    if "://" in target:
        conn = await asyncpg.connect(target)
        try:
            return int(await conn.fetchval(sql))
        finally:
            await conn.close()
    with contextlib.closing(sqlite3.connect(target)) as lite:
        return int(lite.execute(sql).fetchone()[0])


async def pending(target: str) -> int:
    """Reminders not yet sent, and reminder jobs not yet run."""
    owed = "SELECT count(*) FROM outbox_sends WHERE sent_at IS NULL AND kind = 'dm'"
    jobs = "SELECT count(*) FROM scheduled WHERE kind = 'poll_reminder' AND done_at IS NULL"
    return await count(target, owed) + await count(target, jobs)


async def fanout(
    target: str, keys: Path, processes: int, folder: Path, latency_ms: int, kill: bool = False
) -> dict[str, Any]:
    """Start the processes; wait for every reminder; read the send log."""
    log = folder / f"sends-{processes}-{kill}.log"
    log.unlink(missing_ok=True)
    due_at = time.monotonic() + LEAD
    clock_at = (REMINDER_AT - timedelta(seconds=LEAD)).isoformat()
    common = ["--worker", target, "--keys", str(keys), "--clock-at", clock_at]
    common += ["--mode", "fanout", "--log", str(log), "--latency-ms", str(latency_ms)]
    if kill:
        common += ["--lease-s", "5"]
    procs = [spawn(common) for _ in range(processes)]
    killed = None
    try:
        while await pending(target) or time.monotonic() < due_at + 0.5:
            await asyncio.sleep(0.1)
            sent = log.read_text().count("\n") if log.exists() else 0
            if kill and killed is None and sent >= 3000:
                killed = procs[0].pid
                procs[0].send_signal(signal.SIGKILL)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=60)
    lines = [line.split() for line in log.read_text().splitlines()]
    keys_sent = Counter(key for _, _, key in lines)
    last = max(float(at) for at, _, _ in lines)
    return {
        "seconds": last - due_at,
        "distinct": len(keys_sent),
        "repeats": sum(n - 1 for n in keys_sent.values()),
        "by_process": Counter(pid for _, pid, _ in lines),
        "killed": killed,
    }


async def votes(
    target: str, keys: Path, processes: int, folder: Path, groups: int, per_group: int
) -> tuple[float, int]:
    """Every process casts its share of votes at once; votes a second, all together."""
    go_at = time.monotonic() + 4.0  # after every process has started
    logs = [folder / f"votes-{processes}-{i}.log" for i in range(processes)]
    procs = [
        spawn(["--worker", target, "--keys", str(keys), "--clock-at", START.isoformat(),
               "--mode", "votes", "--share", f"{i}/{processes}", "--groups", str(groups),
               "--votes-per-group", str(per_group), "--go-at", str(go_at), "--log", str(log)])
        for i, log in enumerate(logs)
    ]  # fmt: skip
    for p in procs:
        p.wait(timeout=600)
    rows = [log.read_text().split() for log in logs]
    began = min(float(r[0]) for r in rows)
    ended = max(float(r[1]) for r in rows)
    total = sum(int(r[2]) for r in rows)
    stored = await count(target, "SELECT count(*) FROM ballots")
    assert stored == total, f"{total} votes cast, {stored} ballots stored"
    return total / (ended - began), total


async def main(args: argparse.Namespace) -> None:
    per_group = args.people // args.groups
    # Everyone who has not voted is reminded: the people, and each group's organiser.
    people = (per_group + 1) * args.groups
    admin = args.pg
    if not admin:
        from tests import postgres  # noqa: PLC0415

        admin = postgres.start()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        keys = folder / "bench.keys"
        print(f"filling: {args.groups} groups x {per_group} people, one open poll each ...")
        sqlite_seed = folder / "seed.sqlite3"
        await fill(str(sqlite_seed), keys, args.groups, per_group)
        template = await copy_pg(admin, "template1", "scale_out_seed")
        await fill(template, keys, args.groups, per_group)
        admin_db = admin

        async def fresh_pg(label: str) -> str:
            return await copy_pg(admin_db, "scale_out_seed", f"scale_out_{label}")

        def fresh_sqlite(label: str) -> str:
            path = folder / f"{label}.sqlite3"
            shutil.copy(sqlite_seed, path)
            return str(path)

        results: list[tuple[str, dict[str, Any], float]] = []
        configs = [("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2), ("PostgreSQL", 4)]
        for engine, n in configs:
            label = f"{engine.lower()}_{n}"
            target = fresh_sqlite(label) if engine == "SQLite" else await fresh_pg(label)
            found = await fanout(target, keys, n, folder, args.latency_ms)
            vote_target = (
                fresh_sqlite(label + "_v") if engine == "SQLite" else await fresh_pg(label + "_v")
            )
            rate, _ = await votes(
                vote_target, keys, n, folder, args.groups, args.votes // args.groups
            )
            results.append((f"{engine}, {n} process{'es' if n > 1 else ''}", found, rate))
        killed = await fanout(await fresh_pg("kill"), keys, 2, folder, args.latency_ms, kill=True)

        print(f"\n{people} reminders, each send waiting {args.latency_ms} ms; {args.votes} votes")
        print(f"{'configuration':<26} {'fan-out/s':>10} {'vs 1 PG':>8} {'delivered':>10} "
              f"{'repeats':>8} {'votes/s':>8}")  # fmt: skip
        one_pg = next(found for name, found, _ in results if name == "PostgreSQL, 1 process")
        for name, found, rate in results:
            per_s = people / found["seconds"]
            ratio = one_pg["seconds"] / found["seconds"]
            print(f"{name:<26} {per_s:>10.0f} {ratio:>7.2f}x {found['distinct']:>10} "
                  f"{found['repeats']:>8} {rate:>8.0f}")  # fmt: skip
        print(f"{'PostgreSQL, 2, one killed':<26} {people / killed['seconds']:>10.0f} "
              f"{'':>8} {killed['distinct']:>10} {killed['repeats']:>8}")  # fmt: skip
        for name, found, _ in results:
            assert found["distinct"] == people and found["repeats"] == 0, (name, found)
        assert killed["distinct"] == people, killed
        print("\nevery vote stored once; every reminder delivered exactly once in every run")
        print("without a kill; with a kill,")
        print(f"{killed['distinct']} distinct, {killed['repeats']} sent again under the same key")
        print("(absorbed by a chat server that honours idempotency keys)")
        conn = await asyncpg.connect(admin)
        try:
            for (db,) in await conn.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE 'scale_out_%'"
            ):
                await conn.execute(f"DROP DATABASE {db} WITH (FORCE)")
        finally:
            await conn.close()


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--people", type=int, default=10_000)
    p.add_argument("--groups", type=int, default=100)
    p.add_argument("--latency-ms", type=int, default=30)
    p.add_argument("--votes", type=int, default=2_000)
    p.add_argument("--pg", default="", help="an admin address on a PostgreSQL server")
    # A worker's own arguments (the parent passes them).
    p.add_argument("--worker", default="")
    p.add_argument("--keys", default="")
    p.add_argument("--clock-at", default="")
    p.add_argument("--mode", default="fanout")
    p.add_argument("--log", default="")
    p.add_argument("--lease-s", type=float, default=0.0)
    p.add_argument("--share", default="0/1")
    p.add_argument("--votes-per-group", type=int, default=0)
    p.add_argument("--go-at", type=float, default=0.0)
    return p.parse_args()


if __name__ == "__main__":
    parsed = parse()
    asyncio.run(worker(parsed) if parsed.worker else main(parsed))
