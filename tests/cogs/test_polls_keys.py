"""Polls' message keys, job refs and key-file names: written out by hand, and read back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogs.polls._keys import ERASE_REF, PollKey, PollRef, SecretName

ids = st.integers(min_value=1, max_value=10**12)


def test_the_formats_as_stored() -> None:
    """Poll 12's message is `poll:12`, its jobs `12`, its secret `poll:12`, nudges `poll:12:…`."""
    assert PollKey(12).encode() == "poll:12"
    assert PollKey(12).nudge("results") == "poll:12:results"
    assert PollKey(12).nudge("reminder") == "poll:12:reminder"
    assert PollRef(12).encode() == "12"
    assert SecretName(12).encode() == "poll:12"
    assert ERASE_REF == "wal"


def test_stored_text_reads_back() -> None:
    """Rows written by earlier releases read back as the poll they name."""
    assert PollKey.parse("poll:7") == PollKey(7)
    assert PollRef.parse("7") == PollRef(7)
    assert SecretName.parse("poll:7") == SecretName(7)


@given(ids)
def test_every_format_round_trips(poll_id: int) -> None:
    """What is written is read back as the same poll."""
    assert PollKey.parse(PollKey(poll_id).encode()) == PollKey(poll_id)
    assert PollRef.parse(PollRef(poll_id).encode()) == PollRef(poll_id)
    assert SecretName.parse(SecretName(poll_id).encode()) == SecretName(poll_id)


@pytest.mark.parametrize("text", ["idea:3", "poll:", "poll:x", "poll:3:results", " poll:3", ""])
def test_other_text_is_not_a_poll_key(text: str) -> None:
    """Another feature's key, or a key with more after it, is refused, not misread."""
    with pytest.raises(ValueError):
        PollKey.parse(text)
    with pytest.raises(ValueError):
        SecretName.parse(text)


@pytest.mark.parametrize("text", ["", "x", "-3", "3:4", " 3"])
def test_a_job_ref_is_a_bare_number(text: str) -> None:
    """A ref that is not digits alone is refused."""
    with pytest.raises(ValueError):
        PollRef.parse(text)
