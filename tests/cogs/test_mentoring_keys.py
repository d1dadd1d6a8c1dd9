"""Mentoring's job refs and nudge keys: written out by hand, and read back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogs.mentoring._keys import (
    IntroRef,
    PairingRef,
    PersonRef,
    concern_key,
    left_out_key,
    round_ref,
)

ids = st.integers(min_value=1, max_value=10**12)


def test_the_formats_as_stored() -> None:
    """Pairing 7's jobs are `7`, its intro `7:WHO`; nudges name what and the pairing."""
    assert PairingRef(7).encode() == "7"
    assert PersonRef(12).encode() == "12"
    assert IntroRef(7, "@ann:example.org").encode() == "7:@ann:example.org"
    assert IntroRef(7).encode() == "7"
    assert round_ref("discord:42") == "discord:42"
    assert PairingRef(7).nudge("intro") == "intro:7"
    assert PairingRef(7).nudge("mentoring-ask") == "mentoring-ask:7"
    assert PersonRef(12).nudge("met-again") == "met-again:12"
    at = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert left_out_key(at) == "carried:2026-11-30 10:00:00+00:00"
    assert concern_key(5) == "mentor-concern:5"


def test_an_intro_ref_keeps_a_user_id_with_colons() -> None:
    """A Matrix id holds colons: the pairing's number ends at the first one, the rest is theirs."""
    assert IntroRef.parse("7:@ann:example.org") == IntroRef(7, "@ann:example.org")
    assert IntroRef.parse("7") == IntroRef(7, None)


@given(ids, st.text())
def test_an_intro_ref_round_trips(pairing_id: int, answered: str) -> None:
    """Any pairing and any user id is read back as written."""
    ref = IntroRef(pairing_id, answered)
    assert IntroRef.parse(ref.encode()) == ref


@given(ids)
def test_the_numbered_refs_round_trip(number: int) -> None:
    """A pairing's and a person's refs are read back as the same number."""
    assert PairingRef.parse(PairingRef(number).encode()) == PairingRef(number)
    assert PersonRef.parse(PersonRef(number).encode()) == PersonRef(number)
    assert IntroRef.parse(IntroRef(number).encode()) == IntroRef(number)


@pytest.mark.parametrize("text", ["", "x", "7:ann", " 7"])
def test_a_pairing_ref_is_a_bare_number(text: str) -> None:
    """A ref that is not digits alone is refused."""
    with pytest.raises(ValueError):
        PairingRef.parse(text)
    with pytest.raises(ValueError):
        PersonRef.parse(text)
