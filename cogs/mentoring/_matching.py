"""Choosing a round's pairs: score every pair that may meet, then a maximum-weight matching.

Pure (no I/O), so the properties the group relies on are tested directly: never an avoided
pair, no repeat within the last rounds when anyone else fits, everyone matched when the
numbers allow, and a pair across the provider / user line preferred at equal topic fit.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

MENTOR, MENTEE, PEER = "mentor", "mentee", "peer"
ROLES = (MENTOR, MENTEE, PEER)

BASE = 1.0  # any allowed pair is worth making: a round pairs as many people as it can
TOPICS = 2.0  # all of the smaller list of topics shared
ACROSS = 1.0  # the two come from different sides of the service
PACE = 0.5  # both asked for the same frequency
STAND_IN = 2.0  # a peer in a mentee's slot: only when mentors run short
# Enough keeps the sparse graph small (a round of 500 in about a second) while the
# optimum stays the optimum in practice; the greedy pairs are always added as well, so
# the matching can never score below them.
NEIGHBOURS = 5


@dataclass(frozen=True)
class Candidate:
    """Someone opted in to this round, as the matcher sees them."""

    user_id: str
    role: str
    topics: frozenset[str] = frozenset()
    every: str | None = None
    constituency: str | None = None
    carried: bool = False  # left out last round: matched first this time


@dataclass(frozen=True)
class History:
    """What the group's past says about pairs; each pair is a frozenset of two user ids."""

    avoid: frozenset[frozenset[str]] = frozenset()
    recent: frozenset[frozenset[str]] = frozenset()  # paired within the last N rounds
    ended_early: frozenset[frozenset[str]] = frozenset()


@dataclass(frozen=True)
class Pair:
    """Two people (or three) to propose, with the score behind it."""

    people: tuple[str, ...]  # a mentor (or a standing-in peer) first
    score: float
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """A round's outcome: the pairs, and who is carried into the next round."""

    pairs: tuple[Pair, ...]
    left_out: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        """The sum of the pairs' scores (what the benchmark compares)."""
        return sum(p.score for p in self.pairs)


@dataclass
class _Edges:
    weight: dict[tuple[int, int], float] = field(default_factory=dict)
    fit: dict[tuple[int, int], float] = field(default_factory=dict)


def allowed(a: Candidate, b: Candidate, history: History) -> bool:
    """Mentors with mentees, peers with peers, a peer in a mentee's slot; never avoided."""
    roles = {a.role, b.role}
    if a.user_id == b.user_id or frozenset((a.user_id, b.user_id)) in history.avoid:
        return False
    return roles in ({MENTOR, MENTEE}, {PEER}, {PEER, MENTEE})


def heavy(people: int) -> float:
    """A penalty bigger than every positive score a round could add up to."""
    return (BASE + TOPICS + ACROSS + PACE + STAND_IN) * people + 10.0


def fit(a: Candidate, b: Candidate, history: History, penalty: float) -> float:
    """How good a pair is: topics, crossing sides, pace; minus repeats and early ends."""
    score = BASE
    if a.topics and b.topics:
        score += TOPICS * len(a.topics & b.topics) / min(len(a.topics), len(b.topics))
    if a.constituency and b.constituency and a.constituency != b.constituency:
        score += ACROSS
    if a.every and a.every == b.every:
        score += PACE
    if {a.role, b.role} == {PEER, MENTEE}:
        score -= STAND_IN
    key = frozenset((a.user_id, b.user_id))
    if key in history.recent:
        score -= penalty
    if key in history.ended_early:
        score -= penalty
    return round(score, 3)


def _partners(pairs: frozenset[frozenset[str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for pair in pairs:
        for one in pair:
            found.setdefault(one, set()).update(pair - {one})
    return found


# Which roles may meet, as pairs of (earlier, later) in the list of people.
MAY_MEET = {(MENTOR, MENTEE), (MENTEE, MENTOR), (PEER, PEER), (PEER, MENTEE), (MENTEE, PEER)}


def _edges(people: Sequence[Candidate], history: History) -> _Edges:
    # The same sums as `fit`, with the history looked up by person: a round of 2,000 people
    # weighs two million pairs, and building a frozenset for each would double the time.
    penalty = heavy(len(people))
    carry = penalty / 2
    avoid, recent, ended = (
        _partners(history.avoid), _partners(history.recent), _partners(history.ended_early)
    )  # fmt: skip
    none: set[str] = set()
    found = _Edges()
    for i, a in enumerate(people):
        a_avoid, a_recent, a_ended = (
            avoid.get(a.user_id, none), recent.get(a.user_id, none), ended.get(a.user_id, none)
        )  # fmt: skip
        for j in range(i + 1, len(people)):
            b = people[j]
            if (a.role, b.role) not in MAY_MEET or b.user_id in a_avoid:
                continue
            score = BASE
            if a.topics and b.topics:
                score += TOPICS * len(a.topics & b.topics) / min(len(a.topics), len(b.topics))
            if a.constituency and b.constituency and a.constituency != b.constituency:
                score += ACROSS
            if a.every and a.every == b.every:
                score += PACE
            if a.role != b.role and PEER in (a.role, b.role):
                score -= STAND_IN
            if b.user_id in a_recent:
                score -= penalty
            if b.user_id in a_ended:
                score -= penalty
            f = round(score, 3)
            found.fit[i, j] = f
            found.weight[i, j] = f + carry * (a.carried + b.carried)
    return found


def _greedy_edges(edges: _Edges) -> list[tuple[int, int]]:
    taken: set[int] = set()
    chosen = []
    for (i, j), _ in sorted(edges.weight.items(), key=lambda e: (-e[1], e[0])):
        if i not in taken and j not in taken:
            taken |= {i, j}
            chosen.append((i, j))
    return chosen


def _pair(people: Sequence[Candidate], i: int, j: int, score: float) -> Pair:
    a, b = people[i], people[j]
    if (
        b.role == MENTOR
        or (a.role == MENTEE and b.role == PEER)
        or (a.role == b.role and b.user_id < a.user_id)
    ):
        a, b = b, a
    return Pair((a.user_id, b.user_id), score, tuple(sorted(a.topics & b.topics)))


def _plan(people: Sequence[Candidate], edges: _Edges, chosen: list[tuple[int, int]]) -> Plan:
    pairs = [_pair(people, i, j, edges.fit[i, j]) for i, j in chosen]
    matched = {k for ij in chosen for k in ij}
    left = [people[k].user_id for k in range(len(people)) if k not in matched]
    pairs.sort(key=lambda p: (-p.score, p.people))
    return Plan(tuple(pairs), tuple(sorted(left)))


def greedy(people: Sequence[Candidate], history: History) -> Plan:
    """The best remaining pair first, again and again: the baseline a round must beat."""
    edges = _edges(people, history)
    return _plan(people, edges, _greedy_edges(edges))


def match(people: Sequence[Candidate], history: History, *, trios: bool = False) -> Plan:
    """A maximum-weight matching that pairs as many people as it can; trios if allowed."""
    edges = _edges(people, history)
    near: dict[int, list[tuple[float, int, int]]] = {}
    for (i, j), w in edges.weight.items():
        near.setdefault(i, []).append((w, i, j))
        near.setdefault(j, []).append((w, i, j))
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(range(len(people)))
    for options in near.values():
        for w, i, j in heapq.nlargest(NEIGHBOURS, options):
            graph.add_edge(i, j, weight=w)
    for i, j in _greedy_edges(edges):
        graph.add_edge(i, j, weight=edges.weight[i, j])
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    chosen = sorted((min(i, j), max(i, j)) for i, j in matching)
    plan = _plan(people, edges, chosen)
    return with_trios(plan, people, history) if trios else plan


def with_trios(plan: Plan, people: Sequence[Candidate], history: History) -> Plan:
    """Each person left out joins the pair they fit best, where both may meet them."""
    by_id = {p.user_id: p for p in people}
    penalty = heavy(len(people))
    pairs = list(plan.pairs)
    still_out = []
    for user_id in plan.left_out:
        odd = by_id[user_id]
        best: tuple[float, int] | None = None
        for k, pair in enumerate(pairs):
            if len(pair.people) != 2:
                continue
            members = [by_id[u] for u in pair.people]
            if any(frozenset((u.user_id, user_id)) in history.avoid for u in members):
                continue
            fits = [fit(odd, u, history, penalty) for u in members if allowed(odd, u, history)]
            if fits and (best is None or max(fits) > best[0]):
                best = (max(fits), k)
        if best is None:
            still_out.append(user_id)
            continue
        pair = pairs[best[1]]
        pairs[best[1]] = Pair((*pair.people, user_id), pair.score, pair.shared)
    return Plan(tuple(pairs), tuple(still_out))
