"""Counting ballots: plurality, approval, consent and instant-runoff. Pure, no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.i18n import N_

# As typed and stored; shown through _() (marked here for translation).
CONSENT_OPTIONS = (N_("Agree"), N_("Abstain"), N_("Object"), N_("Block"))
OBJECT = 3
BLOCK = 4


@dataclass(frozen=True)
class Round:
    """One instant-runoff round: first live preferences per candidate."""

    counts: dict[int, int]
    eliminated: tuple[int, ...]
    exhausted: int

    @property
    def live(self) -> int:
        """Ballots that still count for someone."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class Results:
    """What the ballots say."""

    kind: str
    voters: int
    counts: tuple[int, ...]  # per option (first preferences for ranked)
    winners: tuple[int, ...]  # option positions; more than one means a tie
    rounds: tuple[Round, ...] = ()
    outcome: str | None = None  # consent: "passed", "blocked", "no ballots"


def tally(kind: str, option_count: int, ballots: Sequence[Sequence[int]]) -> Results:
    """Count ballots (each a sequence of 1-based option positions) for a poll kind."""
    counts = [0] * option_count
    for ballot in ballots:
        picks = ballot[:1] if kind == "ranked" else ballot
        for position in set(picks):
            counts[position - 1] += 1
    voters = len(ballots)
    if kind == "ranked":
        rounds = instant_runoff(option_count, ballots)
        winners = _leaders(rounds[-1].counts) if rounds else ()
        last = rounds[-1] if rounds else None
        if last and len(winners) == 1 and last.counts[winners[0]] * 2 <= last.live:
            # No majority even at the end (all tied): every leader shares it.
            winners = _leaders(last.counts)
        return Results(kind, voters, tuple(counts), winners, tuple(rounds))
    if kind == "consent":
        outcome = "blocked" if counts[BLOCK - 1] else "passed"
        if not voters:
            outcome = "no ballots"
        return Results(kind, voters, tuple(counts), (), outcome=outcome)
    top = max(counts) if counts else 0
    winners = tuple(i + 1 for i, c in enumerate(counts) if c == top and top > 0)
    return Results(kind, voters, tuple(counts), winners)


def _leaders(counts: dict[int, int]) -> tuple[int, ...]:
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(sorted(c for c, n in counts.items() if n == top and top > 0))


def instant_runoff(option_count: int, ballots: Sequence[Sequence[int]]) -> list[Round]:
    """Rounds until a candidate has more than half the live ballots, or all tie."""
    live_candidates = set(range(1, option_count + 1))
    rounds: list[Round] = []
    while live_candidates:
        counts: Counter[int] = Counter({c: 0 for c in live_candidates})
        exhausted = 0
        for ballot in ballots:
            choice = next((c for c in ballot if c in live_candidates), None)
            if choice is None:
                exhausted += 1
            else:
                counts[choice] += 1
        live = sum(counts.values())
        top = max(counts.values())
        if live == 0 or top * 2 > live:
            rounds.append(Round(dict(counts), (), exhausted))
            break
        bottom = min(counts.values())
        losers = tuple(sorted(c for c, n in counts.items() if n == bottom))
        if len(losers) == len(live_candidates):
            rounds.append(Round(dict(counts), (), exhausted))  # everyone tied: stop
            break
        rounds.append(Round(dict(counts), losers, exhausted))
        live_candidates -= set(losers)
    return rounds
