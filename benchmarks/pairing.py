"""A pairing round's matcher for 50, 500 and 2,000 opted-in people, beside a greedy matcher.

Run: .venv/bin/python -m benchmarks.pairing [--sizes 50 500 2000] [--seed 1] [--rounds 50 500]
Both matchers get the same generated group (roles, topics, sides, pace, avoid lists and
the last two rounds' pairs) in the same process. The goal: 500 people in under 2 s, and a
total score at least the greedy one's. Then a whole `!mentor round` through the shell
(gather, match, store, ask everyone privately) beside a bare aiosqlite insert of the same
rows, on files in the same folder. Figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import tempfile
import time
from pathlib import Path

import aiosqlite

from bot.core.model import Role
from cogs.mentoring._matching import (
    MENTEE,
    MENTOR,
    PEER,
    Candidate,
    History,
    Plan,
    _edges,
    _greedy_edges,
    _plan,
    match,
)
from storage.sqlite import PRAGMAS
from tests.harness import Harness

TOPICS = ("benefits", "housing", "forms", "care", "transport", "debt", "food", "health")
SIDES = ("service user", "provider", "carer", None)


def greedy(people: list[Candidate], history: History) -> Plan:
    """The best remaining pair first, again and again: the baseline a round must beat."""
    edges = _edges(people, history)
    return _plan(people, edges, _greedy_edges(edges))


def group(size: int, rnd: random.Random) -> tuple[list[Candidate], History]:
    """A made-up group: a quarter mentors, a third mentees, the rest peers."""
    people = [
        Candidate(
            f"u{i}",
            rnd.choices((MENTOR, MENTEE, PEER), weights=(25, 35, 40))[0],
            frozenset(rnd.sample(TOPICS, rnd.randint(1, 3))),
            rnd.choice(("2w", "4w", None)),
            rnd.choice(SIDES),
        )
        for i in range(size)
    ]
    ids = [p.user_id for p in people]
    avoid = {frozenset(rnd.sample(ids, 2)) for _ in range(size // 50)}
    recent = set()
    for _ in range(2):  # the last two rounds
        rnd.shuffle(ids)
        recent |= {frozenset(ids[i : i + 2]) for i in range(0, len(ids) - 1, 2)}
    return people, History(frozenset(avoid), frozenset(recent))


def timed(run, *args):
    """(result, seconds)."""
    start = time.perf_counter()
    result = run(*args)
    return result, time.perf_counter() - start


def repeats(pairs, history: History) -> int:
    """How many proposed pairs met within the last rounds (the matcher avoids them)."""
    return sum(
        frozenset(two) in history.recent
        for p in pairs
        for two in itertools.combinations(p.people, 2)
    )


async def whole_round(folder: Path, people: list[Candidate]) -> tuple[float, int]:
    """`!mentor round` typed by a facilitator for people already opted in: (seconds, pairs)."""
    h = await Harness(folder / f"round{len(people)}.sqlite3").start()
    h.shell.out = lambda _: None
    h.as_role("fran", Role.FACILITATOR)
    for p in people:
        topics = ", ".join(sorted(p.topics))
        await h.ok(p.user_id, f'!mentor join {p.role} --topics "{topics}"')
    start = time.perf_counter()
    await h.ok("fran", "!mentor round")  # the shell runs the due asks before it returns
    seconds = time.perf_counter() - start
    pairs = h.rows("SELECT count(*) FROM mentoring_pairings")[0][0]
    await h.close()
    return seconds, pairs


async def bare_rows(folder: Path, pairs: int) -> float:
    """The same pairings and their people inserted in one transaction, nothing else."""
    conn = await aiosqlite.connect(folder / f"bare{pairs}.sqlite3", isolation_level=None)
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    await conn.execute("CREATE TABLE pairings (id INTEGER PRIMARY KEY, state TEXT, score REAL)")
    await conn.execute("CREATE TABLE pair_people (pairing_id INTEGER, user_id TEXT)")
    start = time.perf_counter()
    await conn.execute("BEGIN IMMEDIATE")
    for i in range(pairs):
        await conn.execute("INSERT INTO pairings VALUES (?, 'proposed', 1.0)", (i,))
        await conn.executemany(
            "INSERT INTO pair_people VALUES (?, ?)", [(i, f"a{i}"), (i, f"b{i}")]
        )
    await conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    await conn.close()
    return seconds


async def rounds(sizes: list[int], seed: int) -> None:
    """Print a whole round's seconds beside the bare insert of its rows."""
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            people, _ = group(size, random.Random(seed))
            seconds, pairs = await whole_round(Path(tmp), people)
            bare = await bare_rows(Path(tmp), pairs)
            print(
                f"!mentor round, {size:>5} people: {seconds:7.3f} s for {pairs} pairings "
                f"(bare insert of the same rows: {bare:.3f} s)"
            )


def main() -> None:
    """Print seconds and total scores for each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 2000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, nargs="*", default=[50, 500])
    args = parser.parse_args()
    print(f"{'people':>7} {'matching s':>11} {'pairs':>6} {'score':>9}   "
          f"{'greedy s':>9} {'pairs':>6} {'score':>9}   repeats (matching/greedy)")  # fmt: skip
    for size in args.sizes:
        people, history = group(size, random.Random(args.seed))
        best, best_s = timed(match, people, history)
        quick, quick_s = timed(greedy, people, history)

        print(
            f"{size:>7} {best_s:>11.3f} {len(best.pairs):>6} {best.total:>9.1f}   "
            f"{quick_s:>9.3f} {len(quick.pairs):>6} {quick.total:>9.1f}   "
            f"{repeats(best.pairs, history)}/{repeats(quick.pairs, history)}"
        )
    asyncio.run(rounds(args.rounds, args.seed))


if __name__ == "__main__":
    main()
