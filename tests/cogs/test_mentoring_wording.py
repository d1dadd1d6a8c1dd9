"""What mentoring says reads as plain English: counts agree with their nouns, no "(s)"."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from cogs.mentoring._matching import Pair, Plan
from cogs.mentoring._people import forgotten
from cogs.mentoring._render import dry_run, round_run
from tests.harness import Harness


@pytest.mark.parametrize(
    ("pairs", "title"),
    [(0, "Dry run: no pairings"), (1, "Dry run: 1 pairing"), (2, "Dry run: 2 pairings")],
)
def test_a_dry_run_title_counts_its_pairings(pairs: int, title: str) -> None:
    """No pairings, 1 pairing, 2 pairings: never "pairing(s)"."""
    plan = Plan(tuple(Pair((f"a{i}", f"b{i}"), 1.0) for i in range(pairs)))
    assert dry_run(plan, {}, {"peer": 2 * pairs}).title == title


def test_the_answer_to_a_round_counts_pairings_people_and_those_left_out() -> None:
    """One pairing of three people ready, one left out; none made among two; two pairings."""
    assert round_run(1, 3, 1) == (
        "Round run: 1 pairing proposed to the 3 people ready; each is asked privately to "
        "accept. 1 person not paired is told why, privately."
    )
    assert round_run(0, 2, 2) == (
        "Round run: no pairing could be made among the 2 people ready. 2 people not paired "
        "are told why, privately."
    )
    assert round_run(2, 4, 0) == (
        "Round run: 2 pairings proposed to the 4 people ready; each is asked privately to accept."
    )


def test_forget_counts_concerns_and_pairings_in_words() -> None:
    """1 concern, 2 concerns; 1 pairing, 3 pairings."""
    one = forgotten(1, 0, 1, 1)
    assert one.erased == (
        "your opt-in to pairing rounds",
        "1 concern you raised",
        "your place in 1 pairing",
    )
    assert forgotten(0, 0, 2, 3).erased == ("2 concerns you raised", "your place in 3 pairings")


async def test_a_trio_is_told_they_all_said_yes(harness: Harness) -> None:
    """Three in a pairing: "You, bob and cara have all said yes", not "have both"."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob", "cara", "fran")
    await h.ok("olivia", "!settings set mentoring_trios on")
    await h.ok("alice", "!mentor join mentee --topics housing")
    await h.ok("bob", "!mentor join mentor --topics housing")
    await h.ok("cara", "!mentor join peer --topics housing")
    await h.ok("fran", "!mentor round")
    for name in ("alice", "bob"):
        await h.ok(name, "!mentor accept 1")
    started = await h.ok("cara", "!mentor accept 1")
    assert started.body.startswith("You, bob and alice have all said yes: over to you.")


async def test_a_round_without_enough_people_says_how_many_in_words(harness: Harness) -> None:
    """Nobody ready: "nobody is"; one ready: "only 1 is" (not "0 is" or "1 is")."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "fran")
    await h.refused("fran", "!mentor round", "at least two people ready to pair; nobody is.")
    await h.ok("alice", "!mentor join peer")
    await h.refused("fran", "!mentor round", "at least two people ready to pair; only 1 is.")


async def test_status_sentences_start_with_a_capital(harness: Harness) -> None:
    """Someone with no pairings and no schedule reads "None yet." and "When a facilitator..."."""
    h = harness
    await h.join("alice")
    await h.ok("alice", "!mentor join peer")
    shown = {f.name: f.value for f in (await h.ok("alice", "!mentor status")).fields}
    assert shown["Pairings"] == "None yet."
    assert shown["Next round"] == "When a facilitator runs one (`!mentor round`)."
