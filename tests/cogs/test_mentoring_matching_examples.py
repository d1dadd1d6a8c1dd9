"""The matcher by hand-worked examples: scores, who may meet, pairs best first, trios.

Scores from the weights the group agreed (cogs/mentoring/_matching.py): 1 for any pair,
up to 2 for topics (the share of the smaller list), 1 across sides, 0.5 for the same pace,
minus 2 for a peer standing in for a mentor; rounded to 3 places.
"""

from __future__ import annotations

import pytest

from cogs.mentoring._matching import (
    MENTEE,
    MENTOR,
    PEER,
    Candidate,
    History,
    Pair,
    Plan,
    allowed,
    fit,
    heavy,
    match,
    with_trios,
)


def person(
    user_id: str,
    role: str,
    topics: str = "",
    every: str | None = None,
    side: str | None = None,
) -> Candidate:
    """A candidate; topics written 'housing, forms'."""
    wanted = frozenset(t.strip() for t in topics.split(",") if t.strip())
    return Candidate(user_id, role, wanted, every, side)


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        (person("m", MENTOR, "housing, forms"), person("e", MENTEE, "housing"), 3.0),  # 1 + 2
        (person("m", MENTOR, "a, b, c"), person("e", MENTEE, "a, d"), 2.0),  # 1 + 2 * 1/2
        (person("m", MENTOR, "a, b, c"), person("e", MENTEE, "a, d, e"), 1.667),  # 1 + 2/3
        (person("m", MENTOR, every="2w"), person("e", MENTEE, every="2w"), 1.5),  # same pace
        (person("m", MENTOR, every="1w"), person("e", MENTEE, every="2w"), 1.0),
        (person("m", MENTOR), person("e", MENTEE), 1.0),  # no pace said: no bonus
        (person("m", MENTOR, side="provider"), person("e", MENTEE, side="carer"), 2.0),
        (person("p", PEER), person("e", MENTEE), -1.0),  # standing in, nothing shared
    ],
)
def test_scores_worked_out_by_hand(a: Candidate, b: Candidate, score: float) -> None:
    """Each part of a pair's score, alone."""
    assert fit(a, b) == score


def test_who_may_meet() -> None:
    """Nobody meets themselves; an avoided pair never meets; a mentor and mentee may."""
    ann, bob = person("ann", MENTOR, "housing"), person("bob", MENTEE, "housing")
    assert allowed(ann, bob, History())
    assert not allowed(ann, person("ann", MENTEE, "housing"), History())
    assert not allowed(ann, bob, History(avoid=frozenset({frozenset({"ann", "bob"})})))
    assert not allowed(bob, ann, History(skipped=frozenset({frozenset({"ann", "bob"})})))


def test_the_recency_penalty_outweighs_any_rounds_scores() -> None:
    """For any round size the penalty is above the best possible total (4.5 a pair)."""
    for people in range(1, 501):
        assert heavy(people) > 4.5 * people / 2


def test_a_rounds_pairs_are_listed_best_first() -> None:
    """bob-dan (1, nothing shared) comes after ann-cat (3), though 'bob' sorts first."""
    people = [
        person("bob", MENTOR),
        person("dan", MENTEE),
        person("ann", MENTOR, "housing"),
        person("cat", MENTEE, "housing"),
    ]
    assert match(people, History()) == Plan(
        (Pair(("ann", "cat"), 3.0, ("housing",)), Pair(("bob", "dan"), 1.0)), ()
    )


PEERS = [person(name, PEER) for name in ("p1", "p2", "p3", "p4", "p5", "p6")]
TWO_PAIRS = Plan(
    (Pair(("p1", "p2"), 1.0), Pair(("p3", "p4"), 1.0, ("housing",))),
    ("p5",),
)


def test_the_odd_one_joins_the_first_of_equal_pairs_keeping_its_topics() -> None:
    """Both pairs fit p5 equally: the first in order takes it."""
    assert with_trios(TWO_PAIRS, PEERS, History()) == Plan(
        (Pair(("p1", "p2", "p5"), 1.0), Pair(("p3", "p4"), 1.0, ("housing",))), ()
    )


def test_the_odd_one_skips_a_pair_it_may_not_or_should_not_join() -> None:
    """Avoiding p1, met p1 and p2 lately, or the first is a trio: p5 joins p3 and p4."""
    into_second = Plan((Pair(("p1", "p2"), 1.0), Pair(("p3", "p4", "p5"), 1.0, ("housing",))), ())
    avoid = History(avoid=frozenset({frozenset({"p1", "p5"})}))
    assert with_trios(TWO_PAIRS, PEERS, avoid) == into_second
    recent = History(recent=frozenset({frozenset({"p1", "p5"}), frozenset({"p2", "p5"})}))
    assert with_trios(TWO_PAIRS, PEERS, recent) == into_second
    trio_first = Plan((Pair(("p1", "p2", "p6"), 1.0), TWO_PAIRS.pairs[1]), ("p5",))
    assert with_trios(trio_first, PEERS, History()) == Plan(
        (Pair(("p1", "p2", "p6"), 1.0), into_second.pairs[1]), ()
    )
