"""Property tests for counting: instant-runoff and plurality."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cogs.polls._tally import instant_runoff, tally

N = 5
rankings = st.lists(
    st.permutations(list(range(1, N + 1))).flatmap(
        lambda p: st.integers(1, N).map(lambda k: tuple(p[:k]))
    ),
    max_size=60,
)


@given(rankings)
def test_each_round_sums_to_live_ballots(ballots: list[tuple[int, ...]]) -> None:
    """In every round, the candidates' counts add up to the ballots not yet exhausted."""
    for rnd in instant_runoff(N, ballots):
        assert sum(rnd.counts.values()) + rnd.exhausted == len(ballots)


@given(rankings, st.integers(1, N))
def test_first_preference_majority_wins_in_round_one(
    ballots: list[tuple[int, ...]], favourite: int
) -> None:
    """A candidate ranked first by more than half the ballots wins at once."""
    extra: list[tuple[int, ...]] = [(favourite,)] * (len(ballots) + 1)
    result = tally("ranked", N, ballots + extra)
    assert result.winners == (favourite,)
    assert len(result.rounds) == 1


@given(rankings)
def test_winner_has_majority_of_live_ballots_or_ties(ballots: list[tuple[int, ...]]) -> None:
    """The last round either gives the winner a majority of live ballots, or is a tie."""
    result = tally("ranked", N, ballots)
    if not ballots:
        assert result.winners == ()
        return
    last = result.rounds[-1]
    if len(result.winners) == 1:
        assert last.counts[result.winners[0]] * 2 > last.live
    else:
        assert len({last.counts[w] for w in result.winners}) == 1


@given(st.lists(st.integers(1, 4), max_size=50))
def test_single_counts_sum_to_voters(picks: list[int]) -> None:
    """Single-choice counts sum to the number of ballots; the winner has the most."""
    result = tally("single", 4, [(p,) for p in picks])
    assert sum(result.counts) == len(picks) == result.voters
    for w in result.winners:
        assert result.counts[w - 1] == max(result.counts)
