"""Meetings' message keys, job refs and nudge keys: written out by hand, and read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogs.meetings._keys import CameKey, MeetingKey, MeetingRef, PlanKey, PlanRef, judged_key
from cogs.meetings._parsing import lead_label
from cogs.meetings._schedule import occurrence_key

ids = st.integers(min_value=1, max_value=10**12)
starts = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))  # noqa: DTZ001
leads = st.integers(min_value=1, max_value=14 * 24 * 60).map(lambda m: timedelta(minutes=m))


def test_the_formats_as_stored() -> None:
    """Meeting 3 on 1 Dec 2026 at 18:00 UTC: its keys, its reminder and end refs, its nudges."""
    assert MeetingKey(3).encode() == "meeting:3"
    assert PlanKey(4).encode() == "meeting-plan:4"
    assert PlanKey(4).nudge("sides") == "meeting-plan:4:sides"
    assert CameKey(3, "2026-12-01T18:00").encode() == "meeting-came:3:2026-12-01T18:00"
    assert MeetingRef(3, "2026-12-01T18:00", "24h").encode() == "meeting:3:2026-12-01T18:00:24h"
    assert MeetingRef(3, "2026-12-01T18:00").encode() == "meeting:3:2026-12-01T18:00"
    ended = MeetingRef(3, "2026-12-01T18:00")
    assert ended.nudge("who-came") == "meeting:3:2026-12-01T18:00:who-came"
    assert ended.nudge("moved", 2) == "meeting:3:2026-12-01T18:00:moved:2"
    assert PlanRef(4).encode() == "4"
    at = datetime(2026, 12, 1, 19, 5, tzinfo=UTC)
    assert judged_key(9, "confirmed", at) == "contrib:9:confirmed:2026-12-01T19:05:00+00:00"


def test_stored_text_reads_back() -> None:
    """A reminder's ref gives its meeting, occurrence and lead; an end's has no lead."""
    assert MeetingRef.parse("meeting:3:2026-12-01T18:00:90m") == MeetingRef(
        3, "2026-12-01T18:00", "90m"
    )
    assert MeetingRef.parse("meeting:3:2026-12-01T18:00") == MeetingRef(3, "2026-12-01T18:00")
    assert MeetingKey.parse("meeting:12") == MeetingKey(12)
    assert PlanKey.parse("meeting-plan:12") == PlanKey(12)
    assert PlanRef.parse("12") == PlanRef(12)


@given(ids, starts, leads)
def test_an_occurrences_refs_round_trip(meeting_id: int, start: datetime, lead: timedelta) -> None:
    """Any meeting, occurrence and lead time is read back as it was written."""
    occurrence = occurrence_key(start)
    for ref in (
        MeetingRef(meeting_id, occurrence, lead_label(lead)),
        MeetingRef(meeting_id, occurrence),
    ):
        assert MeetingRef.parse(ref.encode()) == ref


@given(ids)
def test_the_numbered_formats_round_trip(number: int) -> None:
    """A meeting's and a plan's keys and a plan's ref are read back as the same number."""
    assert MeetingKey.parse(MeetingKey(number).encode()) == MeetingKey(number)
    assert PlanKey.parse(PlanKey(number).encode()) == PlanKey(number)
    assert PlanRef.parse(PlanRef(number).encode()) == PlanRef(number)


@pytest.mark.parametrize(
    "text", ["meeting:3", "meeting:x:2026-12-01T18:00", "idea:3:2026-12-01T18:00", "meeting:3:"]
)
def test_other_text_is_not_an_occurrence(text: str) -> None:
    """A ref without a meeting number and an occurrence is refused."""
    with pytest.raises(ValueError):
        MeetingRef.parse(text)


@pytest.mark.parametrize("text", ["meeting-plan:3", "meeting:3:2026-12-01T18:00", "meeting:"])
def test_a_plans_key_is_not_a_meetings(text: str) -> None:
    """Only `meeting:N` is a meeting's message key."""
    with pytest.raises(ValueError):
        MeetingKey.parse(text)
