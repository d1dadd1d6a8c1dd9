"""Choosing a plan's best slot and seeing which constituencies it leaves out (pure)."""

from __future__ import annotations

from cogs.meetings._slots import best, count


def test_best_is_most_yes_then_most_if_need_be_then_fewest_no() -> None:
    """Equal yes: more if-need-be wins; equal again: fewer no; equal again: the earlier slot."""
    answers = [(1, "a", "yes"), (2, "a", "yes"), (2, "b", "maybe"), (3, "a", "yes")]
    assert best(count(3, answers)) == 2
    answers = [(1, "a", "yes"), (1, "b", "no"), (2, "a", "yes")]
    assert best(count(2, answers)) == 2
    assert best(count(3, [])) == 1


def test_a_slot_names_the_constituencies_nobody_from_can_come() -> None:
    """A slot only providers can make shows that no service user can come."""
    sides = {"a": "service user", "b": "provider", "c": None}
    counted = count(2, [(1, "b", "yes"), (1, "a", "no"), (2, "a", "maybe"), (2, "b", "yes")], sides)
    assert counted[0].missing_sides == ("service user",)
    assert counted[1].missing_sides == ()
