"""Ideas' message keys, job refs and nudge keys: written out by hand, and read back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogs.ideas._keys import IdeaKey, IdeaRef, redraw_idea

ids = st.integers(min_value=1, max_value=10**12)


def test_the_formats_as_stored() -> None:
    """Idea 3's message is `idea:3`, its jobs `3`, its nudges `idea:3:…`."""
    assert IdeaKey(3).encode() == "idea:3"
    assert IdeaRef(3).encode() == "3"
    assert IdeaKey(3).nudge("withdrawn") == "idea:3:withdrawn"
    assert IdeaKey(3).nudge("status", 2) == "idea:3:status:2"
    assert IdeaKey(3).nudge("edit", 1796212800) == "idea:3:edit:1796212800"
    assert IdeaKey(3).nudge("stale", 41) == "idea:3:stale:41"


def test_stored_text_reads_back() -> None:
    """Keys and refs read back as their idea; the last release's redraw refs too."""
    assert IdeaKey.parse("idea:15") == IdeaKey(15)
    assert IdeaRef.parse("15") == IdeaRef(15)
    assert redraw_idea("15:2") == 15


@given(ids)
def test_every_format_round_trips(idea_id: int) -> None:
    """What is written is read back as the same idea."""
    assert IdeaKey.parse(IdeaKey(idea_id).encode()) == IdeaKey(idea_id)
    assert IdeaRef.parse(IdeaRef(idea_id).encode()) == IdeaRef(idea_id)


@pytest.mark.parametrize("text", ["poll:3", "idea:", "idea:x", "idea:3:review", "meeting:3", ""])
def test_another_features_thread_is_not_an_idea(text: str) -> None:
    """A thread key that is not exactly `idea:N` is refused, so its messages count for no idea."""
    with pytest.raises(ValueError):
        IdeaKey.parse(text)


@pytest.mark.parametrize("text", ["", "x", "3:1", " 3"])
def test_a_job_ref_is_a_bare_number(text: str) -> None:
    """A ref that is not digits alone is refused."""
    with pytest.raises(ValueError):
        IdeaRef.parse(text)
