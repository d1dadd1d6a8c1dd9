"""The next date of a series, found from near `after`, is the one a walk from the start finds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.meetings._schedule import next_start, starts
from storage.meetings import Meeting


def series(every: str, first: datetime, zone: str, until: str | None) -> Meeting:
    return Meeting(
        id=1, group_id="g", channel_id="c", title="t", starts_local=first.strftime("%Y-%m-%dT%H:%M"),
        zone=zone, minutes=60, place=None, every=every, until_local=until, sequence=0,
        created_at=datetime(2026, 1, 1, tzinfo=UTC), cancelled_at=None,
    )  # fmt: skip


def walked(meeting: Meeting, after: datetime) -> datetime | None:
    """The first start after `after`, walking every date from the first."""
    return next((s for s in starts(meeting) if s > after), None)


@settings(max_examples=300, deadline=None)
@given(
    every=st.sampled_from(["week", "2 weeks", "month"]),
    # A series' first date is wall-clock time in its zone: naive on purpose.
    first=st.datetimes(datetime(2025, 1, 1), datetime(2027, 1, 1)).map(  # noqa: DTZ001
        lambda d: d.replace(second=0, microsecond=0)
    ),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]),
    later=st.timedeltas(timedelta(days=-30), timedelta(days=900)),
    until_days=st.one_of(st.none(), st.integers(0, 800)),
)
def test_the_next_date_from_near_is_the_next_date_from_the_start(
    every: str, first: datetime, zone: str, later: timedelta, until_days: int | None
) -> None:
    until = (first + timedelta(days=until_days)).strftime("%Y-%m-%d") if until_days else None
    meeting = series(every, first, zone, until)
    after = first.replace(tzinfo=UTC) + later
    assert next_start(meeting, after, set()) == walked(meeting, after)
