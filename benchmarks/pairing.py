"""A pairing round's matcher for 50, 500 and 2,000 opted-in people, beside a greedy matcher.

Run: .venv/bin/python -m benchmarks.pairing [--sizes 50 500 2000] [--seed 1]
Both matchers get the same generated group (roles, topics, sides, pace, avoid lists and
the last two rounds' pairs) in the same process. The goal: 500 people in under 2 s, and a
total score at least the greedy one's. Figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time

from cogs.mentoring._matching import MENTEE, MENTOR, PEER, Candidate, History, greedy, match

TOPICS = ("benefits", "housing", "forms", "care", "transport", "debt", "food", "health")
SIDES = ("service user", "provider", "carer", None)


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


def main() -> None:
    """Print seconds and total scores for each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 2000])
    parser.add_argument("--seed", type=int, default=1)
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


if __name__ == "__main__":
    main()
