"""The full vote path (parse, role check, store, reply) beside a bare aiosqlite insert.

Run: .venv/bin/python -m benchmarks.vote_path [--votes N]
Both run in the same process, on files in the same temporary folder, with the same
pragmas, so the ratio compares like with like on whatever machine runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiosqlite

from bot.core.model import Role
from storage.sqlite import PRAGMAS
from tests.harness import Harness


def summary(name: str, latencies: list[float], wall: float) -> tuple[float, float]:
    """Print throughput and p50/p99 latency; returns (ops per second, p50 in ms)."""
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rate = len(latencies) / wall
    if not tracemalloc.is_tracing():  # traced runs measure memory; their times mean nothing
        print(f"{name:<28} {rate:>10.0f} ops/s   p50 {p50:7.3f} ms   p99 {p99:7.3f} ms")
    return rate, p50


async def bare_insert(folder: Path, n: int) -> tuple[float, float]:
    """One-row INSERT and COMMIT per operation, nothing else."""
    conn = await aiosqlite.connect(folder / "bare.sqlite3", isolation_level=None)
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    await conn.execute("CREATE TABLE t (poll_id INTEGER, voter TEXT, choices TEXT)")
    latencies = []
    start = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        await conn.execute("BEGIN IMMEDIATE")
        await conn.execute("INSERT INTO t VALUES (?, ?, ?)", (1, f"user{i}", "2"))
        await conn.execute("COMMIT")
        latencies.append(time.perf_counter() - t0)
    wall = time.perf_counter() - start
    await conn.close()
    return summary("bare aiosqlite insert", latencies, wall)


async def vote_path(folder: Path, n: int) -> tuple[float, float]:
    """`!poll vote 1 K` typed by n different people through the shell invocation path."""
    h = await Harness(folder / "votes.sqlite3").start()
    h.shell.out = lambda _: None
    await h.ok("olivia", '!poll create "Which evening?" Mon Tue Wed Thu')
    invocations = []
    for i in range(n):
        name = f"user{i}"
        h.shell.people[name] = Role.PARTICIPANT
        invocations.append((h.shell.invocation(name), f"!poll vote 1 {i % 4 + 1}"))
    # The people are known members, with the role they act with, before the timing starts
    # (a person's first command after a start records their role once: not the vote path).
    for inv, _ in invocations:
        await h.bot.member_seen(inv.group_id, inv.user, inv.role)
    latencies = []
    start = time.perf_counter()
    for inv, text in invocations:
        t0 = time.perf_counter()
        reply = await h.bot.handle_text(text, inv)
        latencies.append(time.perf_counter() - t0)
        assert not reply.error, reply.body
    wall = time.perf_counter() - start
    await h.close()
    return summary("vote path (!poll vote)", latencies, wall)


async def peak_memory(
    name: str, run: Callable[[Path, int], Awaitable[tuple[float, float]]], n: int
) -> float:
    """Peak Python heap (tracemalloc) while running `run` again, untimed; returns KiB."""
    with tempfile.TemporaryDirectory() as tmp:
        tracemalloc.start()
        await run(Path(tmp), n)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    kib = peak / 1024
    print(f"{name:<28} peak Python heap {kib:9.0f} KiB for {n} operations")
    return kib


async def main(n: int) -> None:
    """Run both and print the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{n} operations each, sequential, files in {folder}")
        bare_rate, bare_p50 = await bare_insert(folder, n)
        vote_rate, vote_p50 = await vote_path(folder, n)
        print(
            f"ratio (bare / vote path throughput): {bare_rate / vote_rate:.2f}x"
            f"   p50 ratio: {vote_p50 / bare_p50:.2f}x   goal: at most 2x"
        )
    print("memory (timings above were taken without tracing):")
    bare_kib = await peak_memory("bare aiosqlite insert", bare_insert, n)
    vote_kib = await peak_memory("vote path (!poll vote)", vote_path, n)
    print(f"memory ratio (vote path / bare): {vote_kib / bare_kib:.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--votes", type=int, default=3000)
    asyncio.run(main(parser.parse_args().votes))
