"""Finding a time by hand-worked examples: each refusal's words, counts, and side warnings."""

from __future__ import annotations

import pytest

from bot.core.errors import UserError
from cogs.meetings._slots import SlotCount, count, read_avail, sides_warning

HOW = "write SLOT=yes, maybe or no, e.g. `!meeting avail 4 1=yes 2=maybe 3=no`"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["1", "yes"], f"'1 yes' is not an answer; {HOW}."),
        (["x=yes"], f"'x' is not a slot number: plan 4 has slots 1 to 3; {HOW}."),
        (["١=yes"], f"'١' is not a slot number: plan 4 has slots 1 to 3; {HOW}."),
        (
            ["1==yes"],
            f"'=yes' is not an answer for slot 1: say yes, maybe (or if need be) or "
            f"no (or can't); {HOW}.",
        ),
        (["4=yes"], "Plan 4 has slots 1 to 3; there is no slot 4."),
        (["1=yes", "1=no"], "Slot 1 is answered twice; give each slot once."),
    ],
)
def test_each_refusal_says_what_to_type(typed: list[str], said: str) -> None:
    """A wrong answer is refused in words that say what was wrong and what to type."""
    with pytest.raises(UserError) as refused:
        read_avail(typed, 3, 4)
    assert str(refused.value) == said


def test_counts_are_per_slot_and_only_for_real_slots() -> None:
    """Per real slot who said what (slot 3 of 2 is dropped); no sides, none missing."""
    answers = [(1, "ann", "yes"), (1, "bob", "maybe"), (2, "bob", "no"), (3, "cat", "yes")]
    assert count(2, answers) == [
        SlotCount(1, ("ann",), ("bob",), ()),
        SlotCount(2, (), (), ("bob",)),
    ]


def test_missing_sides_and_the_warning_in_each_form() -> None:
    """Who is missing from a slot, and which slots have every side: none, one, or several."""
    sides = {"ann": "carer", "bob": "provider", "cat": "carer"}
    counts = count(3, [(1, "ann", "yes"), (2, "bob", "maybe"), (3, "cat", "yes")], sides)
    assert [c.missing_sides for c in counts] == [("provider",), ("carer",), ("provider",)]
    assert sides_warning(counts, 1) == (
        "Nobody from provider can come to slot 1; no slot has every side."
    )
    one = count(2, [(1, "ann", "yes"), (2, "ann", "yes"), (2, "bob", "yes")], sides)
    assert sides_warning(one, 1) == (
        "Nobody from provider can come to slot 1; slot 2 has every side."
    )
    assert sides_warning(one, 2) is None
    both = [(p, u, "yes") for p in (2, 3, 4) for u in ("ann", "bob")]
    several = count(4, both, sides)
    assert sides_warning(several, 1) == (
        "Nobody from carer or provider can come to slot 1; slots 2, 3 and 4 have every side."
    )
