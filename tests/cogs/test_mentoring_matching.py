"""The matcher's promises to the group, as properties over many generated groups."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.mentoring._matching import (
    MENTEE,
    MENTOR,
    PEER,
    Candidate,
    History,
    Pair,
    Plan,
    allowed,
    match,
)

TOPICS = ("benefits", "housing", "forms", "care", "transport")
SIDES = ("service user", "provider", None)


@st.composite
def groups(
    draw: st.DrawFn, roles: tuple[str, ...] = (MENTOR, MENTEE, PEER), most: int = 12
) -> list[Candidate]:
    """2 to 12 (or `most`) people with random roles, topics, pace and sides."""
    size = draw(st.integers(2, most))
    return [
        Candidate(
            f"u{i}",
            draw(st.sampled_from(roles)),
            frozenset(draw(st.lists(st.sampled_from(TOPICS), max_size=3))),
            draw(st.sampled_from(("2w", "4w", None))),
            draw(st.sampled_from(SIDES)),
        )
        for i in range(size)
    ]


def pairs_of(people: tuple[str, ...]) -> set[frozenset[str]]:
    """Every two people in a pairing (three, for a trio)."""
    return {frozenset(two) for two in itertools.combinations(people, 2)}


@given(groups(), st.data(), st.booleans())
@settings(max_examples=150, deadline=None)
def test_never_an_avoided_pair(people: list[Candidate], data: st.DataObject, trios: bool) -> None:
    """Whoever avoids whom, that pair never appears, not even inside a trio."""
    ids = [p.user_id for p in people]
    avoid = data.draw(st.sets(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=8))
    history = History(avoid=frozenset(frozenset(a) for a in avoid if a[0] != a[1]))
    plan = match(people, history, trios=trios)
    for pair in plan.pairs:
        assert not pairs_of(pair.people) & history.avoid


@given(groups(), st.booleans())
@settings(max_examples=150, deadline=None)
def test_roles_are_respected(people: list[Candidate], trios: bool) -> None:
    """Mentors only with mentees, peers with peers or in a mentee's slot; nobody twice."""
    by_id = {p.user_id: p for p in people}
    plan = match(people, History(), trios=trios)
    seen = [u for pair in plan.pairs for u in pair.people] + list(plan.left_out)
    assert sorted(seen) == sorted(by_id)
    for pair in plan.pairs:
        a, b = by_id[pair.people[0]], by_id[pair.people[1]]
        assert allowed(a, b, History())
        assert a.role != MENTEE  # the one guiding comes first: a mentor or a peer


@given(groups(roles=(PEER,)))
@settings(max_examples=100, deadline=None)
def test_everyone_matched_when_the_numbers_allow(drawn: list[Candidate]) -> None:
    """An even number of peers, nobody avoided: everybody is paired, nobody left over."""
    people = drawn[: len(drawn) // 2 * 2]
    plan = match(people, History())
    assert not plan.left_out and len(plan.pairs) == len(people) // 2


@given(st.integers(2, 6), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_no_repeat_within_recent_rounds_when_an_alternative_exists(half: int, rnd) -> None:
    """Last round's pairs (a perfect matching of 4+ peers) are never proposed again."""
    ids = [f"u{i}" for i in range(half * 2)]
    rnd.shuffle(ids)
    recent = frozenset(frozenset(ids[i : i + 2]) for i in range(0, len(ids), 2))
    people = [Candidate(u, PEER, frozenset({"housing"})) for u in sorted(ids)]
    plan = match(people, History(recent=recent))
    assert not plan.left_out
    assert not {frozenset(p.people) for p in plan.pairs} & recent


@given(st.lists(st.sampled_from(TOPICS), max_size=3))
@settings(max_examples=30, deadline=None)
def test_a_pair_across_sides_beats_a_same_side_pair_sharing_a_pace(topics: list[str]) -> None:
    """Providers p1, p2 share a pace, s1, s2 do not: across (2 + 2) beats 1.5 + 1, topics alike."""
    sides = {"p1": "provider", "p2": "provider", "s1": "service user", "s2": "service user"}
    pace = {"p1": "2w", "p2": "2w", "s1": None, "s2": None}
    people = [Candidate(u, PEER, frozenset(topics), pace[u], side) for u, side in sides.items()]
    plan = match(people, History())
    assert len(plan.pairs) == 2
    for pair in plan.pairs:
        assert {sides[u] for u in pair.people} == {"provider", "service user"}


def test_shared_topics_outweigh_a_shared_pace() -> None:
    """e (housing, 2w): m1 shares housing (1 + 2 = 3), m2 only the pace (1 + 0.5): m1."""
    e = Candidate("e", MENTEE, frozenset({"housing"}), "2w")
    m1 = Candidate("m1", MENTOR, frozenset({"housing"}))
    m2 = Candidate("m2", MENTOR, frozenset(), "2w")
    assert match([m1, m2, e], History()) == Plan((Pair(("m1", "e"), 3.0, ("housing",)),), ("m2",))


def test_crossing_sides_outweighs_a_shared_pace() -> None:
    """e, a provider (2w): m1 a provider on 2w (1 + 0.5), m2 a service user (1 + 1): m2."""
    e = Candidate("e", MENTEE, every="2w", constituency="provider")
    m1 = Candidate("m1", MENTOR, every="2w", constituency="provider")
    m2 = Candidate("m2", MENTOR, constituency="service user")
    assert match([m1, m2, e], History()) == Plan((Pair(("m2", "e"), 2.0),), ("m1",))


def test_a_mentor_goes_before_a_peer_who_shares_more() -> None:
    """e (housing, care): mentor m shares housing (1 + 1); peer p shares both (1 + 2 - 2): m."""
    e = Candidate("e", MENTEE, frozenset({"housing", "care"}))
    m = Candidate("m", MENTOR, frozenset({"housing", "forms"}))
    p = Candidate("p", PEER, frozenset({"housing", "care"}))
    assert match([m, p, e], History()) == Plan((Pair(("m", "e"), 2.0, ("housing",)),), ("p",))


def test_someone_left_out_last_round_goes_before_a_better_pair() -> None:
    """a and b share housing (3); c, carried over, shares b's pace (1.5): b pairs with c."""
    a = Candidate("a", PEER, frozenset({"housing"}))
    b = Candidate("b", PEER, frozenset({"housing"}), "2w")
    c = Candidate("c", PEER, every="2w", carried=True)
    assert match([a, b, c], History()) == Plan((Pair(("b", "c"), 1.5),), ("a",))


def best_by_hand(people: list[Candidate]) -> tuple[int, float]:
    """The most pairs, then the highest total score, over every way to pair these people."""
    may = {frozenset((MENTOR, MENTEE)), frozenset((PEER,)), frozenset((PEER, MENTEE))}

    def best(rest: list[Candidate]) -> tuple[int, float]:
        if len(rest) < 2:
            return (0, 0.0)
        first, others = rest[0], rest[1:]
        found = best(others)  # the first person unpaired
        for k, other in enumerate(others):
            score = expected_score(first, other)
            if frozenset((first.role, other.role)) in may and score >= 0:
                pairs, total = best(others[:k] + others[k + 1 :])
                found = max(found, (pairs + 1, round(total + score, 3)))
        return found

    return best(people)


@given(groups(most=6))
@settings(max_examples=100, deadline=None)
def test_the_matching_finds_the_best_pairing_worked_out_by_hand(people: list[Candidate]) -> None:
    """Up to 6 people: as many pairs as any pairing, and the highest total score for as many."""
    plan = match(people, History())
    assert (len(plan.pairs), round(plan.total, 3)) == best_by_hand(people)


def test_a_peer_stands_in_for_a_missing_mentor_but_a_mentor_never_pairs_a_peer() -> None:
    """Two mentees, one mentor, one peer sharing e2's topic: m+e1 and p+e2; mentor-peer never."""
    people = [
        Candidate("m", MENTOR),
        Candidate("e1", MENTEE),
        Candidate("e2", MENTEE, frozenset({"care"})),
        Candidate("p", PEER, frozenset({"care"})),
    ]
    plan = match(people, History())
    # m+e1: 1 (any pair); p+e2: 1 + 2 (all topics shared) - 2 (a stand-in) = 1
    assert plan.pairs == (Pair(("m", "e1"), 1.0), Pair(("p", "e2"), 1.0, ("care",)))
    assert match([Candidate("m", MENTOR), Candidate("p", PEER)], History()).pairs == ()


def test_a_pair_scoring_below_nothing_is_never_made() -> None:
    """A peer with nothing in common with a mentee scores 1 - 2 = -1: both are left out."""
    plan = match([Candidate("p", PEER), Candidate("e", MENTEE)], History(), trios=False)
    assert plan == Plan((), ("e", "p"))


def test_an_ended_or_skipped_pair_is_left_out_even_when_nobody_else_fits() -> None:
    """Ended early or skipped: never made, though it is the only pair the numbers allow."""
    people = [Candidate("amy", MENTEE), Candidate("cal", MENTOR)]
    for history in (
        History(ended_early=frozenset({frozenset({"amy", "cal"})})),
        History(skipped=frozenset({frozenset({"amy", "cal"})})),
    ):
        assert match(people, history) == Plan((), ("amy", "cal"))
    recent = History(recent=frozenset({frozenset({"amy", "cal"})}))
    assert match(people, recent).pairs == (Pair(("cal", "amy"), 1.0),)


def test_a_trio_is_never_made_with_a_barred_pair() -> None:
    """c ended a pairing with a and skipped one with b: with trios on, c still waits."""
    people = [Candidate(u, PEER) for u in ("a", "b", "c")]
    history = History(
        ended_early=frozenset({frozenset({"a", "c"})}), skipped=frozenset({frozenset({"b", "c"})})
    )
    assert match(people, history, trios=True) == Plan((Pair(("a", "b"), 1.0),), ("c",))


def test_a_trio_takes_the_odd_one_when_allowed() -> None:
    """Three peers with trios on: one group of three, nobody left over."""
    people = [Candidate(u, PEER) for u in ("a", "b", "c")]
    plan = match(people, History(), trios=True)
    assert not plan.left_out and len(plan.pairs[0].people) == 3
    assert match(people, History()).left_out != ()


def expected_score(a: Candidate, b: Candidate) -> float:
    """The score as the README explains it, worked out here from the written-out weights."""
    score = 1.0
    if a.topics and b.topics:
        score += 2.0 * len(a.topics & b.topics) / min(len(a.topics), len(b.topics))
    if a.constituency and b.constituency and a.constituency != b.constituency:
        score += 1.0
    if a.every and a.every == b.every:
        score += 0.5
    if PEER in (a.role, b.role) and a.role != b.role:
        score -= 2.0
    return round(score, 3)


@given(groups(), st.data(), st.booleans())
@settings(max_examples=80, deadline=None)
def test_no_barred_or_below_nothing_pair_and_scores_as_explained(
    people: list[Candidate], data: st.DataObject, trios: bool
) -> None:
    """No ended, skipped or negative pair (not in a trio either); each score is as explained."""
    ids = [p.user_id for p in people]
    two = st.tuples(st.sampled_from(ids), st.sampled_from(ids))

    def some_pairs() -> frozenset[frozenset[str]]:
        return frozenset(frozenset(t) for t in data.draw(st.sets(two, max_size=6)) if t[0] != t[1])

    history = History(recent=some_pairs(), ended_early=some_pairs(), skipped=some_pairs())
    by_id = {p.user_id: p for p in people}
    for pair in match(people, history, trios=trios).pairs:
        a, b = (by_id[u] for u in pair.people[:2])
        assert pair.score == expected_score(a, b) >= 0
        for two_of in pairs_of(pair.people):
            assert two_of not in history.ended_early | history.skipped
            x, y = (by_id[u] for u in two_of)
            if {x.role, y.role} != {MENTOR, PEER}:  # a trio's mentor and peer need not meet
                assert expected_score(x, y) >= 0


# A round of 37 (found by a random search) where the sparse graph lacks the one edge between
# u00 and u11, both left out though they may meet: 1 + 1 (across) - 2 (stand-in) = 0.
ROUND_OF_37 = """u00 mentee - 2w y|u01 mentee b,c,e 2w x|u02 peer c - x|u03 mentee - - -
u04 mentee a - x|u05 mentor b 4w y|u06 mentee d 2w -|u07 mentee - 4w -|u08 mentor a,b 2w -
u09 peer b,c - -|u10 peer e 2w x|u11 peer - - x|u12 peer c,e - -|u13 peer b,c,d 2w x
u14 peer b,c,d - y|u15 mentee a,b 2w -|u16 peer e - -|u17 peer c 4w y|u18 peer - 4w -
u19 mentor a 4w -|u20 mentee c,d,e 4w x|u21 peer - 2w -|u22 mentee - - x|u23 mentor a 2w x
u24 peer b - x|u25 mentor a 2w -|u26 mentee c,e 4w x|u27 peer b 2w x|u28 mentee - 4w -
u29 peer - 2w -|u30 mentee a,e 2w x|u31 peer c - -|u32 peer b,d 4w x|u33 peer d 4w y
u34 mentee - - x|u35 mentee a,b,c 4w -|u36 mentee a,b 4w x"""


def test_nobody_left_out_could_have_been_paired_with_another_left_out() -> None:
    """Those a round leaves out are told nobody free suited them: so no two of them may meet."""
    people = []
    for entry in ROUND_OF_37.replace("\n", "|").split("|"):
        user_id, role, topics, every, side = (None if f == "-" else f for f in entry.split())
        assert user_id and role
        people.append(Candidate(user_id, role, frozenset((topics or "").split(",")) - {""},
                                every, side))  # fmt: skip
    plan = match(people, History())
    by_id = {p.user_id: p for p in people}
    for a, b in itertools.combinations(plan.left_out, 2):
        x, y = by_id[a], by_id[b]
        may_meet = {x.role, y.role} in ({MENTOR, MENTEE}, {PEER}, {PEER, MENTEE})
        assert not (may_meet and expected_score(x, y) >= 0), (a, b)
