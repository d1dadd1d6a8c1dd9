"""Counting by hand-worked examples: every count, winner, round and outcome written out."""

from __future__ import annotations

from cogs.polls._tally import Results, Round, instant_runoff, tally


def test_single_choice_counts_and_a_clear_winner() -> None:
    """Monday twice, Tuesday once, Wednesday never: Monday wins; nothing else is set."""
    assert tally("single", 3, [(1,), (2,), (1,)]) == Results("single", 3, (2, 1, 0), (1,))


def test_single_choice_tie_and_no_ballots() -> None:
    """A 1-1 tie names both; with no ballots nobody wins (a top of 0 is not a win)."""
    assert tally("single", 2, [(1,), (2,)]).winners == (1, 2)
    assert tally("single", 2, []) == Results("single", 0, (0, 0), ())


def test_multi_counts_each_ballot_once_per_option() -> None:
    """(1,3), (3,) and (1,1): option 1 on two ballots (the repeat counts once), 3 on two."""
    result = tally("multi", 3, [(1, 3), (3,), (1, 1)])
    assert result == Results("multi", 3, (2, 0, 2), (1, 3))


def test_consent_passes_blocks_or_has_no_ballots() -> None:
    """Agree, Abstain, Object: passed; one Block: blocked; nobody: no ballots. No winners."""
    assert tally("consent", 4, [(1,), (2,), (3,)]) == Results(
        "consent", 3, (1, 1, 1, 0), (), outcome="passed"
    )
    assert tally("consent", 4, [(1,), (4,)]) == Results(
        "consent", 2, (1, 0, 0, 1), (), outcome="blocked"
    )
    assert tally("consent", 4, []) == Results("consent", 0, (0, 0, 0, 0), (), outcome="no ballots")


def test_ranked_runoff_eliminates_the_last_and_transfers() -> None:
    """A>B, A>B, B>A, C>B, C: B goes first, its ballot moves to A, who wins 3 of 5.

    Round 1: A 2, B 1, C 2 (no majority of 5), B out. Round 2: A 3, C 2.
    First preferences are 2, 1, 2.
    """
    ballots = [(1, 2), (1, 2), (2, 1), (3, 2), (3,)]
    assert tally("ranked", 3, ballots) == Results(
        "ranked",
        5,
        (2, 1, 2),
        (1,),
        (Round({1: 2, 2: 1, 3: 2}, (2,), 0), Round({1: 3, 3: 2}, (), 0)),
    )


def test_ranked_runoff_counts_exhausted_ballots_and_drops_tied_last() -> None:
    """A, A, B, C>B: B and C, tied last, go together; two ballots are then exhausted.

    Round 1: A 2, B 1, C 1. Round 2: A 2 of 2 live ballots, 2 exhausted.
    """
    assert instant_runoff(3, [(1,), (1,), (2,), (3, 2)]) == [
        Round({1: 2, 2: 1, 3: 1}, (2, 3), 0),
        Round({1: 2}, (), 2),
    ]


def test_ranked_everyone_tied_stops_and_shares_the_win() -> None:
    """A and B with one ballot each: one round, nobody eliminated, both win."""
    result = tally("ranked", 2, [(1,), (2,)])
    assert result.rounds == (Round({1: 1, 2: 1}, (), 0),)
    assert result.winners == (1, 2)


def test_ranked_options_nobody_ranked_still_count_as_zero() -> None:
    """Options 1..3 only (no 0, no 4): C with no ballot shows 0; A has 2 of 3 and wins."""
    assert tally("ranked", 3, [(1,), (1,), (2,)]).rounds == (Round({1: 2, 2: 1, 3: 0}, (), 0),)


def test_ranked_no_ballots_has_no_winner() -> None:
    """No ballots: one round of zeros and no winner."""
    assert tally("ranked", 2, []) == Results("ranked", 0, (0, 0), (), (Round({1: 0, 2: 0}, (), 0),))
