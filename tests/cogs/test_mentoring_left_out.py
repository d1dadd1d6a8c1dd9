"""Someone a round leaves out hears the true reason, kindly, and nothing private."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.model import Role
from cogs.mentoring._left_out import NO_FIT, NOBODY, ODD_ONE, TAKEN, why_left_out
from cogs.mentoring._matching import MENTEE, MENTOR, PEER, Candidate, History, match
from cogs.mentoring._render import left_out
from tests.harness import Harness

SORRY = "Sorry, no pairing for you this round. "
FIRST = " You go first in the next round."


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; alice, bob, cara and dan are members, nobody opted in yet."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "cara", "dan", "fran")
    return harness


def told(h: Harness, name: str) -> list[str]:
    """The bodies of what someone was told privately."""
    return [r.body for r in h.dms(name)]


async def test_two_mentors_and_no_mentees_hear_there_was_no_mentee(h: Harness) -> None:
    """Not "odd number ... the one left over": there was simply no mentee to pair them with."""
    await h.ok("cara", "!mentor join mentor")
    await h.ok("dan", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    expected = SORRY + "There was no mentee in this round to pair you with." + FIRST
    assert told(h, "cara") == [expected]
    assert told(h, "dan") == [expected]


async def test_a_mutual_avoid_is_never_hinted_at(h: Harness) -> None:
    """Two peers who avoid each other: the dry run names nobody; each hears 'no good match'."""
    await h.ok("alice", "!mentor join peer")
    await h.ok("bob", "!mentor join peer")
    await h.ok("alice", "!mentor avoid @bob")
    await h.ok("bob", "!mentor avoid @alice")
    plan = await h.ok("fran", "!mentor round --dry-run")
    assert plan.body.splitlines()[:3] == [
        "- Not paired: 2 people; each is told why, privately, and goes first in the next round",
        "",
        "Ready to pair: no mentors, no mentees and 2 peers.",
    ]
    assert "alice" not in plan.body and "bob" not in plan.body
    await h.ok("fran", "!mentor round")
    expected = SORRY + "Nobody still free in this round was a good match for you." + FIRST
    assert told(h, "alice") == [expected]
    assert told(h, "bob") == [expected]


async def test_the_odd_peer_out_is_told_so_and_only_then(h: Harness) -> None:
    """Three peers: the one left over hears the odd number; nobody else hears anything."""
    for name in ("alice", "bob", "cara"):
        await h.ok(name, "!mentor join peer")
    await h.ok("fran", "!mentor round")
    (carried,) = [r[0] for r in h.rows("SELECT user_id FROM mentoring_people WHERE carried = 1")]
    assert told(h, carried)[-1] == (
        SORRY + "This round had an odd number of people, and you were the one left over." + FIRST
    )
    for name in {"alice", "bob", "cara"} - {carried}:
        assert not any(body.startswith("Sorry") for body in told(h, name))


async def test_a_mentor_short_of_mentees_hears_every_mentee_had_a_pair(h: Harness) -> None:
    """Two mentors, one mentee: the mentor without one is told the mentee was taken."""
    await h.ok("alice", "!mentor join mentee")
    await h.ok("bob", "!mentor join mentor")
    await h.ok("cara", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    (carried,) = [r[0] for r in h.rows("SELECT user_id FROM mentoring_people WHERE carried = 1")]
    assert told(h, carried)[-1] == (
        SORRY + "Every mentee in this round already had a pair." + FIRST
    )


def test_four_surplus_mentees_in_a_round_of_400_hear_there_were_more_mentees() -> None:
    """198 mentors, 202 mentees: the 4 unpaired are told mentors ran short, not 'left over'."""
    people = [Candidate(f"m{i:03}", MENTOR) for i in range(198)]
    people += [Candidate(f"e{i:03}", MENTEE) for i in range(202)]
    plan = match(people, History())
    reasons = why_left_out(plan, people)
    assert len(plan.pairs) == 198
    assert sorted(reasons.values()) == [TAKEN] * 4
    assert all(u.startswith("e") for u in reasons)
    assert left_out(TAKEN, MENTEE).body == (
        SORRY
        + "There were more mentees than mentors this time, and every mentor already had a pair."
        + FIRST
    )


def test_each_reason_as_worked_out_by_hand() -> None:
    """A peer and a mentee with nothing shared (-1) are no fit; a lone mentor has nobody."""
    people = [Candidate("p", PEER), Candidate("e", MENTEE), Candidate("m", MENTOR)]
    # m + e: 1, made; p: nobody else is a peer or free mentee: everyone taken, odd one out
    assert why_left_out(match(people, History()), people) == {"p": ODD_ONE}
    two = [Candidate("p", PEER), Candidate("e", MENTEE)]
    assert why_left_out(match(two, History()), two) == {"e": NO_FIT, "p": NO_FIT}
    mentors = [Candidate("m1", MENTOR), Candidate("m2", MENTOR)]
    assert why_left_out(match(mentors, History()), mentors) == {"m1": NOBODY, "m2": NOBODY}


async def test_someone_who_left_is_not_promised_the_next_round(h: Harness) -> None:
    """bob leaves during a pairing; when alice ends it he hears how to come back, not 'next'."""
    await h.ok("alice", "!mentor join mentee")
    await h.ok("bob", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    await h.ok("alice", "!mentor accept 1")
    await h.ok("bob", "!mentor accept 1")
    await h.ok("bob", "!mentor leave")
    await h.ok("alice", "!mentor end")
    assert told(h, "bob")[-1] == (
        "Your mentoring pairing has ended. Nothing more is needed from you. You are no longer "
        "in the pairing rounds; `!mentor join mentor|mentee|peer` brings you back."
    )


async def test_a_lapsed_proposal_tells_a_paused_person_when_they_are_back(h: Harness) -> None:
    """alice accepts then pauses 2w; bob never answers: at the deadline she hears her date."""
    await h.ok("alice", "!mentor join mentee")
    await h.ok("bob", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    await h.ok("alice", "!mentor accept 1")
    await h.ok("alice", "!mentor pause 2w")
    await h.wait(timedelta(days=3))
    back = int(datetime(2026, 12, 14, 9, 0, tzinfo=UTC).timestamp())  # START + 2 weeks
    assert told(h, "alice")[-1] == (
        "The pairing proposed with bob did not start this round: not everyone said yes in "
        f"time. You can be paired again from <t:{back}:F>."
    )


async def test_a_skip_says_the_next_round_only_when_the_deadline_comes_first(
    h: Harness,
) -> None:
    """A round at 10:00 today comes before Thursday's answer deadline; one on Friday does not."""
    await h.ok("olivia", "!settings set mentoring_every 1w")  # Mondays 10:00: in an hour
    for name, role in (("alice", "mentee"), ("bob", "mentor"), ("cara", "mentee")):
        await h.ok(name, f"!mentor join {role}")
    await h.ok("dan", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    deadline = int(datetime(2026, 12, 3, 9, 0, tzinfo=UTC).timestamp())  # START + 3 days
    skipped = await h.ok("alice", f"!mentor skip {pairing_of(h, 'alice')}")
    assert skipped.body == (
        "Skipped for this round. Nobody is told who skipped. "
        f"You can be paired again from <t:{deadline}:F>."
    )
    await h.ok("olivia", "!settings set mentoring_day friday")
    skipped = await h.ok("cara", f"!mentor skip {pairing_of(h, 'cara')}")
    assert skipped.body == (
        "Skipped for this round. Nobody is told who skipped. You will be in the next round."
    )


def pairing_of(h: Harness, name: str) -> int:
    """The number of someone's newest pairing."""
    return h.rows("SELECT max(pairing_id) FROM mentoring_pair_people WHERE user_id = ?", name)[0][0]
