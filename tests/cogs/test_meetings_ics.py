"""Every calendar file the bot writes, read by an expander that is not ours, against `!meeting show`.

recurring-ical-events expands each .ics the shell saved (on answers and in private messages)
into the dates a calendar would show; they must be the dates the bot itself lists at that
moment. The files must also keep the RFC 5545 rules calendars rely on: UNTIL in UTC beside
a zoned start, EXDATE in the start's zone, and SEQUENCE raised whenever the dates change.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from bot.core.model import Role
from tests.harness import Harness

STAMP = re.compile(r"<t:(-?\d+):F>")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC time written out by hand."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def saved(path: Path) -> bytes:
    """What the shell wrote to a file."""
    return path.read_bytes()


class Calendars:
    """Checks each .ics the shell has saved since the last check, at the moment it was written."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self.seen = 0
        self.checked: list[Path] = []
        self.last: dict[str, tuple[int, tuple[datetime, ...], bool]] = {}

    async def check(self) -> int:
        """Check the new files; how many there were."""
        files = self.h.shell.said.files
        new = [p for p in files[self.seen :] if p.suffix == ".ics"]
        self.seen = len(files)
        for path in new:
            await self._one(path.name, saved(path))
        self.checked += new
        return len(new)

    async def listed(self, meeting_id: str) -> list[datetime]:
        """The dates `!meeting show` lists: the next one, then those after it."""
        shown = await self.h.ok("olivia", f"!meeting show {meeting_id}")
        fields = {f.name: f.value for f in shown.fields}
        text = fields["When"] + "\n" + fields.get("After that", "")
        return [datetime.fromtimestamp(int(n), UTC) for n in STAMP.findall(text)]

    async def _one(self, name: str, data: bytes) -> None:
        now = self.h.clock.now()
        (event,) = Calendar.from_ical(data).walk("VEVENT")
        uid = str(event["UID"])
        meeting_id = re.fullmatch(r"meeting-(\d+)-.*", uid)[1]  # type: ignore[index]
        cancelled = str(event.get("STATUS", "")) == "CANCELLED"
        zoned = "TZID" in event["DTSTART"].params
        rule = event.get("RRULE")
        if rule and "UNTIL" in rule and zoned:
            assert rule["UNTIL"][0].utcoffset() == timedelta(0), f"{name}: UNTIL not UTC"
        exdates = event.get("EXDATE", [])
        for ex in exdates if isinstance(exdates, list) else [exdates]:
            assert ex.params.get("TZID") == event["DTSTART"].params.get("TZID"), name
        # The dates a calendar shows from now on, by an expander that is not the bot's code.
        found = recurring_ical_events.of(Calendar.from_ical(data)).between(
            now, now + timedelta(days=366 * 6)
        )
        dates = sorted(
            s for e in found if (s := e["DTSTART"].dt.astimezone(UTC)) > now and not cancelled
        )
        listed = await self.listed(meeting_id)
        assert dates[: len(listed)] == listed, name
        if len(listed) < 6:  # the bot lists the next date and up to 5 after it: all there are
            assert len(dates) == len(listed), name
        # A calendar replaces an event only for a higher SEQUENCE: every change raises it.
        sequence = int(event.get("SEQUENCE", 0))
        before = self.last.get(uid)
        if before is not None and (before[1], before[2]) != (tuple(dates), cancelled):
            assert sequence > before[0], f"{name}: dates changed, SEQUENCE stayed {sequence}"
        self.last[uid] = (sequence, tuple(dates), cancelled)


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; alice and bob answer."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    return harness


async def test_a_series_in_new_york_through_a_call_off_a_move_and_a_cancel(h: Harness) -> None:
    """UNTIL is the end of the last day in New York, in UTC; every change reaches calendars."""
    cals = Calendars(h)
    await h.ok("olivia", "!settings set timezone America/New_York")
    added = await h.ok(
        "fran", '!meeting add Drop-in "tuesday 18:00" --every week --until 2026-12-29'
    )
    assert await cals.check() == 1
    (event,) = Calendar.from_ical(added.files[0].data).walk("VEVENT")
    # 23:59 on 29 December in New York (UTC-5) is 04:59 UTC on the 30th.
    assert event["RRULE"]["UNTIL"] == [at(2026, 12, 30, 4, 59)]  # type: ignore[index]
    assert await cals.listed("1") == [at(2026, 12, d, 23) for d in (1, 8, 15, 22, 29)]
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("fran", "!meeting cancel 1 --next-only")  # alice is sent the new file
    assert await cals.check() == 1
    await h.ok("bob", "!meeting ics 1")
    assert await cals.check() == 1
    assert await cals.listed("1") == [at(2026, 12, d, 23) for d in (8, 15, 22, 29)]
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("fran", '!meeting move 1 "2026-12-09 18:00"')
    assert await cals.check() == 1
    await h.ok("fran", "!meeting cancel 1")
    assert await cals.check() == 1
    assert await cals.listed("1") == []


async def test_series_across_daylight_saving_fortnightly_and_monthly(h: Harness) -> None:
    """London 18:00 stays 18:00 across March; a month and a fortnight expand as the bot says."""
    cals = Calendars(h)
    await h.ok("olivia", "!settings set timezone Europe/London")
    await h.ok("fran", '!meeting add Drop-in "2027-03-16 18:00" --every week --until 2027-04-06')
    await h.ok("fran", '!meeting add Forum "2027-01-31 10:00" --every month')
    await h.ok("fran", '!meeting add Walk "wednesday 09:30" --every "2 weeks" --length 2h')
    assert await cals.check() == 3
    assert await cals.listed("1") == [
        at(2027, 3, 16, 18), at(2027, 3, 23, 18), at(2027, 3, 30, 17), at(2027, 4, 6, 17)
    ]  # fmt: skip
    await h.ok("alice", "!meeting ics 2")
    await h.ok("alice", "!meeting ics 3")
    assert await cals.check() == 2
    h.clock.advance(at(2027, 3, 24) - h.clock.now())
    await h.ok("fran", "!meeting cancel 1 --next-only")
    await h.ok("bob", "!meeting ics 1")
    assert await cals.check() == 1
    assert await cals.listed("1") == [at(2027, 4, 6, 17)]


async def test_a_one_off_and_a_picked_plan(h: Harness) -> None:
    """A one-off's file and a picked slot's file show the one date the bot shows."""
    cals = Calendars(h)
    await h.ok("fran", '!meeting add "Steering group" "friday 18:00" --where "Room 2"')
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00"')
    await h.ok("alice", "!meeting avail 1 1=no 2=yes")
    await h.ok("fran", "!meeting pick 1 2")
    assert await cals.check() == 2
    assert cals.last and [d for _, d, _ in cals.last.values()] == [
        (at(2026, 12, 4, 18),), (at(2026, 12, 2, 18),)
    ]  # fmt: skip
