"""Meetings on Matrix, through the real Synapse: calendar files in its media repository."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar
from mautrix.types import ContentURI

from bot.core.clock import ManualClock
from tests.matrix.helpers import Event, Participant, group_room

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # "tuesday 18:00" is 2026-12-01 18:00
ICS = "text/calendar"


def is_ics(event: Event, sender: str, seen: set[str]) -> bool:
    """An m.file from `sender` holding a calendar file, not among the events already `seen`."""
    content = event.get("content") or {}
    return (
        event.get("sender") == sender
        and content.get("msgtype") == "m.file"
        and (content.get("info") or {}).get("mimetype") == ICS
        and event["event_id"] not in seen
    )


async def next_ics(person: Participant, sender: str, seen: set[str]) -> tuple[Event, Any]:
    """Wait for the next calendar file, download it from the media repository, parse its event."""
    sent = await person.wait_for(lambda e: is_ics(e, sender, seen))
    seen.add(sent["event_id"])
    content = sent["content"]
    data = await person.api.download_media(ContentURI(content["url"]))
    assert content["info"]["size"] == len(data)
    calendar = Calendar.from_ical(data)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"  # the group's zone travels with the file
    (vevent,) = calendar.walk("VEVENT")
    return sent, vevent


async def test_a_meeting_and_its_ics_are_calendar_files_in_synapses_media_repository(people, bots):
    """A new series posts with its .ics; `!meeting ics` sends it privately; a move keeps the UID."""
    bot = await bots(clock=ManualClock(MONDAY))
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [])
    await alice.say(room, "!settings set timezone Europe/London")
    await alice.wait_for_message(bot.user_id, "Europe/London")
    seen: set[str] = set()

    await alice.say(room, '!meeting add "Steering group" "tuesday 18:00" --length 90m --every week')
    await alice.wait_for_message(bot.user_id, "Meeting 1: Steering group", room)
    posted, with_post = await next_ics(alice, bot.user_id, seen)
    assert posted["room_id"] == room and posted["content"]["body"] == "meeting-1.ics"

    await alice.say(room, "!meeting ics 1")
    privately, asked = await next_ics(alice, bot.user_id, seen)
    assert privately["room_id"] != room  # in alice's DM room with the bot
    for vevent in (with_post, asked):
        assert str(vevent["SUMMARY"]) == "Steering group"
        assert vevent["DTSTART"].params["TZID"] == "Europe/London"
        assert vevent["DTSTART"].dt == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # GMT in winter
        assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]
        assert int(vevent["SEQUENCE"]) == 0
    uid = str(asked["UID"])
    assert uid == str(with_post["UID"]) and uid.startswith("meeting-1-")

    await alice.say(room, '!meeting move 1 "wednesday 19:00"')
    await alice.wait_for_message(bot.user_id, "now starts", room)
    await alice.say(room, "!meeting ics 1")
    _, moved = await next_ics(alice, bot.user_id, seen)
    assert str(moved["UID"]) == uid  # the same event, so calendars replace it
    assert int(moved["SEQUENCE"]) == 1
    assert moved["DTSTART"].dt == datetime(2026, 12, 2, 19, 0, tzinfo=UTC)
    assert moved["DTSTART"].params["TZID"] == "Europe/London"
