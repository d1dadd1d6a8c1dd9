"""Meetings on Matrix, through the real Synapse: calendar files and "Who came?".

Calendar files go to Synapse's media repository and come back whole; "Who came?" is a
native poll the facilitator answers.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar
from mautrix.types import ContentURI

from bot.core.clock import ManualClock
from tests.matrix.helpers import POLL_START, Event, Participant, body, group_room

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # "tuesday 18:00" is 2026-12-01 18:00
ICS = "text/calendar"
TEXT = "org.matrix.msc1767.text"


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


async def test_who_came_is_a_native_poll_the_facilitator_answers(people, bots):
    """After the meeting a poll lists those going; a participant's answer is refused."""
    bot = await bots(clock=ManualClock(MONDAY))
    alice = await people("alice", accept_dms_from=(bot.user_id,))
    bob = await people("bob", accept_dms_from=(bot.user_id,))
    room = await group_room(alice, bot.user_id, [bob])
    await alice.say(room, '!meeting add "Steering group" "tuesday 18:00" --length 90m')
    await alice.wait_for_message(bot.user_id, "Meeting 1: Steering group", room)
    for person in (alice, bob):
        await person.say(room, "!meeting rsvp 1 going")
        await person.wait_for_message(bot.user_id, "You are going")

    bot.clock.advance(timedelta(days=1, hours=11))  # Tuesday 20:00
    await bot.bot.settle()
    question = await alice.wait_for_message(bot.user_id, "Who came?", room)
    assert "!meeting attended 1 @name @name" in body(question)
    start = await alice.wait_for(lambda e: e.get("type") == POLL_START)
    poll = start["content"][POLL_START]
    assert poll["max_selections"] == 2
    ordered = sorted((alice, bob), key=lambda p: p.user_id)  # the list is by user id
    names = [p.user_id[1:].split(":")[0] for p in ordered]  # display names: the localparts
    assert [(a["id"], a[TEXT]) for a in poll["answers"]] == [("1", names[0]), ("2", names[1])]

    await bob.answer_poll(room, start["event_id"], ["1", "2"])
    refusal = await bob.wait_for_message(bot.user_id, "for a facilitator or above")
    assert refusal["room_id"] != room  # privately

    await alice.answer_poll(room, start["event_id"], ["1", "2"])
    reader = bot.bot.db.reader
    for _ in range(200):  # the bot acts after its next sync
        found = await reader.execute_fetchall(
            "SELECT user_id, minutes, state FROM contrib_entries ORDER BY user_id"
        )
        rows = [tuple(r) for r in found]
        if rows:
            break
        await asyncio.sleep(0.05)
    assert rows == [(p.user_id, 90, "confirmed") for p in ordered]
