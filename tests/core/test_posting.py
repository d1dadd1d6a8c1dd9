"""Handles: a keyed message and its thread are recorded once, and features post into them."""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import Reply
from tests.harness import GROUP_ID, Harness


async def test_a_keyed_post_records_its_thread_and_takes_replies_in_it(harness: Harness) -> None:
    """A post that opens a thread is found again by key; in_thread shows in that thread."""
    h = harness
    posting = h.bot.posting
    await posting.post(
        GROUP_ID, "general", Reply("An idea", key="note:1", thread="Note 1: an idea")
    )
    await h.settle()
    handle = await posting.handle(GROUP_ID, "note:1")
    assert handle is not None and handle.thread_ref == "Note 1: an idea"
    h.lines.clear()
    await posting.in_thread(GROUP_ID, "note:1", Reply("Status: adopted"))
    await h.settle()
    assert h.lines == ["[thread: Note 1: an idea] Status: adopted"]
    assert h.shell.said.threads == [("Note 1: an idea", Reply("Status: adopted"))]
    rows = h.rows("SELECT key, thread_ref FROM posts WHERE key = 'note:1'")
    assert rows == [("note:1", "Note 1: an idea")]


async def test_a_handle_survives_a_restart(harness: Harness) -> None:
    """After a restart, the thread behind a key is still where posts go."""
    h = harness
    await h.bot.posting.post(GROUP_ID, "general", Reply("x", key="note:2", thread="Note 2"))
    await h.settle()
    await h.restart()
    h.lines.clear()
    await h.bot.posting.in_thread(GROUP_ID, "note:2", Reply("still here"))
    await h.settle()
    assert h.lines == ["[thread: Note 2] still here"]


async def test_posting_into_an_unknown_key_posts_nothing(harness: Harness) -> None:
    """No message under the key: nothing is shown and nothing raises."""
    h = harness
    h.lines.clear()
    await h.bot.posting.in_thread(GROUP_ID, "note:404", Reply("lost"))
    await h.wait(timedelta(minutes=5))
    assert h.lines == []


async def test_a_command_answer_with_a_thread_is_recorded(harness: Harness) -> None:
    """`!poll create` with poll_threads on: the answer's thread is recorded under poll:1."""
    h = harness
    await h.ok("olivia", "!settings set poll_threads on")
    await h.ok("olivia", '!poll create "Lunch?" soup salad')
    handle = await h.bot.posting.handle(GROUP_ID, "poll:1")
    assert handle is not None and handle.thread_ref == "Poll 1: Lunch?"
