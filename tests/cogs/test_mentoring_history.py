"""What a round remembers: a pairing ended early or a proposal skipped is not proposed again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """amy (mentee) and cal (mentor) share benefits; ben and dee are peers; fran facilitates."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("amy", "ben", "cal", "dee", "fran")
    await harness.ok("amy", '!mentor join mentee --topics "benefits"')
    await harness.ok("cal", '!mentor join mentor --topics "benefits"')
    await harness.ok("ben", '!mentor join peer --topics "forms"')
    await harness.ok("dee", '!mentor join peer --topics "forms"')
    return harness


def pairs_in_round(h: Harness, round_id: int) -> set[str]:
    """The pairings a round proposed, each as its people's names sorted and joined by '+'."""
    rows = h.rows(
        "SELECT p.pairing_id, p.user_id FROM mentoring_pair_people p"
        " JOIN mentoring_pairings g ON g.id = p.pairing_id WHERE g.round_id = ?",
        round_id,
    )
    people: dict[int, list[str]] = {}
    for pairing_id, user_id in rows:
        people.setdefault(pairing_id, []).append(user_id)
    return {"+".join(sorted(names)) for names in people.values()}


def pairing_of(h: Harness, name: str) -> int:
    """The number of someone's newest pairing."""
    return h.rows("SELECT max(pairing_id) FROM mentoring_pair_people WHERE user_id = ?", name)[0][0]


async def first_round(h: Harness) -> None:
    """Round 1 proposes amy+cal and ben+dee; amy and cal accept, ben skips, amy ends it."""
    await h.ok("fran", "!mentor round")
    assert pairs_in_round(h, 1) == {"amy+cal", "ben+dee"}
    for name, answer in (("amy", "accept"), ("cal", "accept"), ("ben", "skip"), ("dee", "accept")):
        await h.ok(name, f"!mentor {answer} {pairing_of(h, name)}")
    await h.ok("amy", "!mentor end")
    await h.ok("amy", '!mentor concern "Our call went badly"')
    await h.wait(timedelta(days=3))  # ben + dee's answer deadline: skipped


async def test_an_ended_pairing_and_a_skipped_proposal_are_not_proposed_again(
    h: Harness,
) -> None:
    """The next round proposes neither amy+cal (ended) nor ben+dee (skipped): no pair at all."""
    await first_round(h)
    plan = await h.ok("fran", "!mentor round --dry-run")
    assert "score" not in plan.body
    await h.ok("fran", "!mentor round")
    assert pairs_in_round(h, 2) == set()


async def test_a_skipped_pair_comes_back_after_the_repeat_rounds(h: Harness) -> None:
    """With mentoring_repeat_rounds 1, ben+dee are kept apart for one round, then proposed."""
    await h.ok("olivia", "!settings set mentoring_repeat_rounds 1")
    await first_round(h)
    await h.ok("fran", "!mentor round")  # round 2: nobody is paired
    assert pairs_in_round(h, 2) == set()
    await h.ok("fran", "!mentor round")  # round 3: the skip was two rounds ago
    assert pairs_in_round(h, 3) == {"ben+dee"}


async def test_an_ended_pair_returns_only_when_both_opt_in_again(h: Harness) -> None:
    """amy leaving and joining again is not enough; once cal does too, they may meet again."""
    await first_round(h)
    await h.ok("amy", "!mentor leave")
    await h.ok("amy", '!mentor join mentee --topics "benefits"')
    await h.wait(timedelta(days=1))
    await h.ok("fran", "!mentor round")
    assert pairs_in_round(h, 2) == set()
    await h.ok("cal", "!mentor leave")
    await h.ok("cal", '!mentor join mentor --topics "benefits"')
    await h.ok("fran", "!mentor round")
    assert pairs_in_round(h, 3) == {"amy+cal"}


async def test_a_peer_with_a_shared_topic_stands_in_for_the_mentor_amy_ended_with(
    h: Harness,
) -> None:
    """After the end, amy (benefits) is proposed to ben, a peer who shares benefits: score 1."""
    await first_round(h)
    await h.ok("ben", '!mentor join peer --topics "benefits"')
    plan = await h.ok("fran", "!mentor round --dry-run")
    # 1 (any pair) + 2 (all topics shared) - 2 (a peer in a mentor's place) = 1
    assert plan.body.splitlines()[0] == "- ben and amy: score 1; shared topics: benefits"
    assert "amy and cal" not in plan.body and "cal and amy" not in plan.body


async def test_the_repeat_rule_looks_at_the_latest_rounds_not_the_first(
    harness: Harness,
) -> None:
    """mentoring_repeat_rounds 1: round 2 splits round 1's pairs; round 3 may make them again."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("ann", "bo", "cy", "di", "fran")
    await h.ok("olivia", "!settings set mentoring_repeat_rounds 1")
    for name, topic in (("ann", "tea"), ("bo", "tea"), ("cy", "art"), ("di", "art")):
        await h.ok(name, f"!mentor join peer --topics {topic}")

    async def run_and_accept(round_id: int) -> set[str]:
        await h.ok("fran", "!mentor round")
        for name in ("ann", "bo", "cy", "di"):
            await h.ok(name, f"!mentor accept {pairing_of(h, name)}")
        return pairs_in_round(h, round_id)

    assert await run_and_accept(1) == {"ann+bo", "cy+di"}  # 3 each: a shared topic
    assert await run_and_accept(2) & {"ann+bo", "cy+di"} == set()
    assert await run_and_accept(3) == {"ann+bo", "cy+di"}
