"""Choosing a round's pairs: score every pair that may meet, then a maximum-weight matching.

Pure (no I/O), so the properties the group relies on are tested directly: never an avoided
pair, a pairing ended early or a proposal skipped, never a pair scoring below nothing; no
repeat within the last rounds when anyone else fits, everyone matched when the numbers allow,
and a pair across the provider / user line preferred at equal topic fit.
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
    # Never again (until both opt in afresh), and not for the last N rounds: never weighed,
    # only left out, so no score can bring them back.
    ended_early: frozenset[frozenset[str]] = frozenset()
    skipped: frozenset[frozenset[str]] = frozenset()

    def barred(self, a: str, b: str) -> bool:
        """Whether the two must not be paired this round, whatever their fit."""
        key = frozenset((a, b))
        return key in self.avoid or key in self.ended_early or key in self.skipped


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


# Which roles may meet, as pairs of (earlier, later) in the list of people.
MAY_MEET = {(MENTOR, MENTEE), (MENTEE, MENTOR), (PEER, PEER), (PEER, MENTEE), (MENTEE, PEER)}


@dataclass
class _Edges:
    weight: dict[tuple[int, int], float] = field(default_factory=dict)
    fit: dict[tuple[int, int], float] = field(default_factory=dict)


def allowed(a: Candidate, b: Candidate, history: History) -> bool:
    """Mentors with mentees, peers with peers, a peer in a mentee's slot; never a barred pair.

    Nor a pair scoring below zero (a peer standing in with nothing in common): it is worse
    than no pair, so a round leaves both out rather than make it.
    """
    if a.user_id == b.user_id or history.barred(a.user_id, b.user_id):
        return False
    return (a.role, b.role) in MAY_MEET and fit(a, b) >= 0


def heavy(people: int) -> float:
    """A penalty bigger than every positive score a round could add up to."""
    return (BASE + TOPICS + ACROSS + PACE + STAND_IN) * people + 10.0


def fit(a: Candidate, b: Candidate) -> float:
    """How good a pair is, the score a dry run shows: topics, crossing sides, pace."""
    score = BASE
    if a.topics and b.topics:
        score += TOPICS * len(a.topics & b.topics) / min(len(a.topics), len(b.topics))
    if a.constituency and b.constituency and a.constituency != b.constituency:
        score += ACROSS
    if a.every and a.every == b.every:
        score += PACE
    if {a.role, b.role} == {PEER, MENTEE}:
        score -= STAND_IN
    return round(score, 3)


def _partners(pairs: frozenset[frozenset[str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for pair in pairs:
        for one in pair:
            found.setdefault(one, set()).update(pair - {one})
    return found


def _edges(people: Sequence[Candidate], history: History) -> _Edges:
    # The same sums as `fit`, with the history looked up by person: a round of 2,000 people
    # weighs two million pairs, and building a frozenset for each would double the time.
    # A repeat costs more than every fit together, so it is made only when nobody else fits;
    # someone carried over from the last round gains half that, so goes before a fresh face.
    penalty = heavy(len(people))
    carry = penalty / 2
    never = _partners(history.avoid | history.ended_early | history.skipped)
    recent = _partners(history.recent)
    none: set[str] = set()
    found = _Edges()
    for i, a in enumerate(people):
        a_never, a_recent = never.get(a.user_id, none), recent.get(a.user_id, none)
        for j in range(i + 1, len(people)):
            b = people[j]
            if (a.role, b.role) not in MAY_MEET or b.user_id in a_never:
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
            f = round(score, 3)
            if f < 0:
                continue  # worse than no pair: both wait rather than meet on nothing
            found.fit[i, j] = f
            found.weight[i, j] = (
                f + carry * (a.carried + b.carried) - penalty * (b.user_id in a_recent)
            )
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


def _among_the_rest(
    edges: _Edges, size: int, chosen: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    # The sparse graph can miss a pair between two people nobody else took; adding it keeps
    # "nobody still free was a good match", told to those left out, true.
    taken = {k for ij in chosen for k in ij}
    rest = [k for k in range(size) if k not in taken]
    found = _Edges()
    for n, i in enumerate(rest):
        for j in rest[n + 1 :]:
            if (i, j) in edges.weight:
                found.weight[i, j] = edges.weight[i, j]
    return _greedy_edges(found)


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
    chosen += _among_the_rest(edges, len(people), chosen)
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
            meets = [u for u in members if (odd.role, u.role) in MAY_MEET]
            if any(history.barred(u.user_id, user_id) for u in members) or any(
                not allowed(odd, u, history) for u in meets
            ):
                continue  # the third meets both: no barred pair, none below nothing
            fits = [
                fit(odd, u) - penalty * (frozenset((u.user_id, user_id)) in history.recent)
                for u in meets
            ]
            if fits and (best is None or max(fits) > best[0]):
                best = (max(fits), k)
        if best is None:
            still_out.append(user_id)
            continue
        pair = pairs[best[1]]
        pairs[best[1]] = Pair((*pair.people, user_id), pair.score, pair.shared)
    return Plan(tuple(pairs), tuple(still_out))
