"""Choosing a plan's best slot and seeing which constituencies it leaves out (pure)."""

from __future__ import annotations

import pytest

from cogs.meetings._slots import best, count, read_avail


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


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (["1=yes", "2=maybe", "3=no"], {1: "yes", 2: "maybe", 3: "no"}),
        (["3=if", "need", "be", "1=YES"], {3: "maybe", 1: "yes"}),  # as the button says it
        (["1=If Need Be"], {1: "maybe"}),
        (["2=can’t", "3=Cannot", "1=cant"], {2: "no", 3: "no", 1: "no"}),
        (["2=can't"], {2: "no"}),  # quoted in a typed command: "2=can't"
        (["1", "=", "yes", "2", "=", "no"], {1: "yes", 2: "no"}),
    ],
)
def test_answers_read_as_typed_or_as_the_buttons_say(typed: list[str], expected: dict) -> None:
    """Numbers name slots; yes / maybe / if need be / no / can't / cannot in any case."""
    assert read_avail(typed, 3, 1) == expected


def test_more_if_need_be_beats_fewer_no() -> None:
    """Equal yes: the slot more can make if need be wins, though it also has more no."""
    answers = [
        (1, "a", "yes"),
        (1, "b", "maybe"),
        (1, "c", "maybe"),
        (1, "d", "no"),
        (2, "a", "yes"),
    ]
    assert best(count(2, answers)) == 1
    answers = [(1, "a", "yes"), (1, "b", "no"), (2, "a", "yes"), (2, "c", "maybe")]
    answers += [(2, "d", "no"), (2, "e", "no")]
    assert best(count(2, answers)) == 2
