"""Typed answers take the words the buttons show, in Welsh as in English."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """A Welsh group: alice and bob are participants, fran a facilitator."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    await harness.ok("olivia", "!settings set language cy")
    return harness


async def test_consent_is_given_with_the_welsh_words_on_its_buttons(h: Harness) -> None:
    """'cytuno', 'Ymatal' and 'blocio' are Agree, Abstain and Block; so is the English."""
    await h.ok("fran", '!poll create "Adopt the rota?" --kind consent')
    await h.ok("alice", "!poll vote 1 cytuno")
    await h.ok("bob", "!poll vote 1 Ymatal")
    await h.ok("fran", '!poll vote 1 blocio --reason "Nobody asked the night staff"')
    await h.ok("olivia", "!poll vote 1 object")
    assert sorted(h.rows("SELECT voter, choices FROM ballots")) == [
        ("alice", "1"),
        ("bob", "2"),
        ("fran", "4"),
        ("olivia", "3"),
    ]


async def test_rsvps_are_given_with_the_welsh_words_on_their_buttons(h: Harness) -> None:
    """The meeting shows Yn dod / Efallai / Methu dod, and typing those answers the same."""
    posted = await h.ok("fran", '!meeting add "Planning" "friday 18:00"')
    assert [a.label for a in posted.actions][:3] == ["Yn dod", "Efallai", "Methu dod"]
    await h.ok("alice", "!meeting rsvp 1 yn dod")
    await h.ok("bob", "!meeting rsvp 1 Efallai")
    await h.ok("fran", "!meeting rsvp 1 methu dod")
    await h.ok("olivia", "!meeting rsvp 1 Going")
    assert sorted(h.rows("SELECT user_id, answer FROM meeting_rsvps")) == [
        ("alice", "going"),
        ("bob", "maybe"),
        ("fran", "no"),
        ("olivia", "going"),
    ]


async def test_a_plans_slots_are_answered_ie_na_or_os_oes_rhaid(h: Harness) -> None:
    """ie is yes, na is no, 'os oes rhaid' is if need be: what the plan's Welsh buttons say."""
    await h.ok("fran", '!meeting plan "Planning" "friday 18:00" "saturday 10:00" "sunday 14:00"')
    await h.ok("alice", "!meeting avail 1 1=ie 2=na 3=os oes rhaid")
    assert sorted(h.rows("SELECT position, answer FROM meeting_plan_answers")) == [
        (1, "yes"),
        (2, "no"),
        (3, "maybe"),
    ]


async def test_a_review_and_a_check_in_take_their_welsh_buttons_words(h: Harness) -> None:
    """'Cadw' keeps an adopted idea; 'ddim eto' is a mentoring check-in's Not yet."""
    await h.ok("alice", '!idea add "Free tea"')
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", '!idea status 1 adopted --reason "Cheap" --review "in 7 days"')
    await h.ok("alice", "!idea review 1 Cadw")
    assert h.rows("SELECT review_outcome FROM ideas") == [("keep",)]
    await h.ok("alice", "!mentor join mentee")
    await h.ok("bob", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    await h.ok("alice", "!mentor accept 1")
    await h.ok("bob", "!mentor accept 1")
    await h.ok("alice", "!mentor checkin 1 ddim eto")
    await h.ok("bob", "!mentor checkin 1 Wedi cwrdd")
    assert sorted(h.rows("SELECT user_id, checkin FROM mentoring_pair_people")) == [
        ("alice", "not yet"),
        ("bob", "met"),
    ]


async def test_a_word_no_button_shows_is_still_refused(h: Harness) -> None:
    """'gwyrdd' (green) answers nothing: refused with the usual words, nothing stored."""
    await h.ok("fran", '!meeting add "Planning" "friday 18:00"')
    await h.refused("alice", "!meeting rsvp 1 gwyrdd", "gwyrdd")
