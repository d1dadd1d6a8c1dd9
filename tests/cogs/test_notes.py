"""Notes: the smallest feature, proving a feature needs nothing outside its own files."""

from __future__ import annotations

from tests.harness import Harness


async def test_a_note_gets_a_thread_and_replies_go_into_it(harness: Harness) -> None:
    """`!note add` posts the note with a thread and a Pin button; `!note reply` posts there."""
    h = harness
    await h.join("alice")
    await h.ok("alice", '!note add "Bring the survey forms"')
    note = h.posts[-1]
    assert note.title == "Note 1" and note.actions[0].as_text() == "!note pin 1"
    await h.ok("olivia", '!note reply 1 "I have them"')
    assert h.shell.said.threads[-1][0] == "Note 1"
    assert h.shell.said.threads[-1][1].body == "olivia: I have them"


async def test_notes_can_be_turned_off_and_unknown_notes_are_refused(harness: Harness) -> None:
    """notes_enabled off refuses new notes; replying to a missing note says how to add one."""
    h = harness
    await h.ok("olivia", "!settings set notes_enabled off")
    before = h.snapshot()
    assert (await h.say("olivia", "!note add hello")).error
    assert "!note add" in (await h.say("olivia", '!note reply 9 "hi"')).body
    assert h.snapshot() == before
