"""Files in encrypted rooms: the meeting's .ics and the digest's chart as encrypted attachments.

The media repository holds only ciphertext; the test client (matrix-nio) fetches it, decrypts
it with the key from the encrypted message, and checks what is inside.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from icalendar import Calendar
from mautrix.types import ContentURI
from PIL import Image

from bot.core.clock import ManualClock
from tests.matrix.e2ee_client import SecretParticipant, was_encrypted
from tests.matrix.helpers import Event

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # "tuesday 18:00" is 2026-12-01 18:00


def file_from(event: Event, sender: str, msgtype: str) -> bool:
    """A file message of the given kind from `sender`."""
    content = event.get("content") or {}
    return event.get("sender") == sender and content.get("msgtype") == msgtype


async def sealed_bytes(person: SecretParticipant, content: Event) -> bytes:
    """What the media repository holds for an encrypted file: not the file itself."""
    return await person.api.download_media(ContentURI(content["file"]["url"]))


async def test_a_meetings_ics_in_an_encrypted_room_is_an_encrypted_attachment(secret_people, bots):
    """The series' .ics comes as m.file with a `file` key; decrypted, it is the meeting."""
    bot = await bots(clock=ManualClock(MONDAY))
    alice = await secret_people("alice", accept_dms_from=(bot.user_id,))
    room = await alice.create_room("Group", [bot.user_id])
    await alice.wait_for_membership(room, bot.user_id, "join")
    await alice.say(room, '!meeting add "Steering group" "tuesday 18:00" --length 90m --every week')
    sent = await alice.wait_for(lambda e: file_from(e, bot.user_id, "m.file"))
    assert sent["room_id"] == room and was_encrypted(sent)
    content = sent["content"]
    assert "url" not in content  # only inside `file`, with its key
    assert content["body"] == "meeting-1.ics"
    assert content["info"]["mimetype"] == "text/calendar"
    assert content["file"]["v"] == "v2" and content["file"]["key"]["alg"] == "A256CTR"

    data = await alice.download(content)
    assert content["info"]["size"] == len(data)
    (vevent,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Steering group"
    assert vevent.decoded("DTSTART") == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY"
    held = await sealed_bytes(alice, content)
    assert len(held) == len(data) and b"VCALENDAR" not in held


async def test_the_digest_chart_in_the_encrypted_private_room(secret_people, bots):
    """`!digest now`: text and digest.png come encrypted in the private room; the PNG is whole."""
    bot = await bots(clock=ManualClock(MONDAY), encrypt_private_rooms=True)
    alice = await secret_people("alice", accept_dms_from=(bot.user_id,))
    room = await alice.create_room("Group", [bot.user_id])
    await alice.wait_for_membership(room, bot.user_id, "join")
    await alice.say(room, '!idea add "Open the drop-in on Saturdays"')
    await alice.wait_for_message(bot.user_id, "Idea 1: Open the drop-in on Saturdays", room)
    await alice.say(room, "!digest now")
    text = await alice.wait_for_message(bot.user_id, "Weekly digest:")
    assert text["room_id"] != room and was_encrypted(text)
    chart = await alice.wait_for(lambda e: file_from(e, bot.user_id, "m.image"))
    assert chart["room_id"] == text["room_id"] and was_encrypted(chart)
    content = chart["content"]
    assert content["filename"] == "digest.png" and "url" not in content
    data = await alice.download(content)
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "PNG" and picture.size == (800, 400)
    assert not (await sealed_bytes(alice, content)).startswith(b"\x89PNG")
