"""Matrix rendering: the Markdown subset as HTML, times in the group's zone, relations."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.core.model import Action, Field, Reply
from bot.platforms.matrix.render import (
    block_html,
    command_text,
    edit_content,
    inline_html,
    message_content,
    reply_relation,
    silenced,
    to_html,
    to_plain,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_inline_markup_and_escaping():
    """**bold** and `code` become tags; HTML in the text is escaped, also inside code."""
    assert inline_html("**Poll 3** is `!poll vote 3 1`") == (
        "<b>Poll 3</b> is <code>!poll vote 3 1</code>"
    )
    assert inline_html("<script> & `<b>`") == "&lt;script&gt; &amp; <code>&lt;b&gt;</code>"
    assert inline_html("`**not bold**`") == "<code>**not bold**</code>"


def test_lines_and_bullets():
    """Lines are joined by <br/>; runs of "- " lines become one list."""
    assert block_html("one\ntwo") == "one<br/>two"
    assert block_html("Reasons:\n- too late\n- **no** bus\nThanks") == (
        "Reasons:<ul><li>too late</li><li><b>no</b> bus</li></ul>Thanks"
    )


def test_reply_html_has_title_fields_and_actions():
    """Title in bold, fields as <b>name</b>, actions as "label: `!command`"."""
    reply = Reply(
        title="Poll 2: Lunch?",
        body="Pick one.",
        fields=(Field("Turnout", "1 of 3"), Field("Reasons", "- a\n- b")),
        actions=(Action("Soup", "poll vote", ("2", "1")),),
    )
    html = to_html(reply, "UTC", NOW)
    assert html.startswith("<p><b>Poll 2: Lunch?</b></p><p>Pick one.</p>")
    assert "<p><b>Turnout</b>: 1 of 3</p>" in html
    assert "<b>Reasons</b>:<br/><ul><li>a</li><li>b</li></ul>" in html
    assert "<ul><li>Soup: <code>!poll vote 2 1</code></li></ul>" in html


def test_times_render_in_the_groups_zone_in_both_bodies():
    """<t:EPOCH:F> becomes a readable local time in HTML and in plain text."""
    when = int(datetime(2026, 7, 3, 16, 0, tzinfo=UTC).timestamp())
    reply = Reply(body=f"Closes <t:{when}:F> (<t:{when}:R>)")
    content = message_content(reply, "Europe/London", NOW)
    assert "Fri 03 Jul 2026, 17:00 BST (UTC+1)" in content["body"]
    assert "Fri 03 Jul 2026, 17:00 BST" in content["formatted_body"]
    assert "<t:" not in content["body"] + content["formatted_body"]
    assert "in 123 days" in content["body"]


def test_plain_body_lists_actions_as_typed():
    """The plain body gives each action's typed form, unnumbered."""
    reply = Reply(body="**Hi**", actions=(Action("Results", "poll results", ("4",)),))
    text = to_plain(reply, "UTC", NOW)
    assert text == "Hi\n  - Results  (!poll results 4)"


def test_reply_relation_stays_in_a_thread():
    """A command in a thread is answered in that thread; elsewhere as a plain reply."""
    plain = {"event_id": "$c", "content": {"body": "!help"}}
    assert reply_relation(plain) == {"m.in_reply_to": {"event_id": "$c"}}
    threaded = {
        "event_id": "$c",
        "content": {"m.relates_to": {"rel_type": "m.thread", "event_id": "$root"}},
    }
    assert reply_relation(threaded) == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": False,
        "m.in_reply_to": {"event_id": "$c"},
    }


def test_edit_content_replaces_with_new_content():
    """An edit carries m.new_content and an m.replace relation."""
    new = {"msgtype": "m.notice", "body": "2 voted", "formatted_body": "<b>2</b> voted"}
    edit = edit_content("$orig", new)
    assert edit["m.new_content"] == new
    assert edit["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$orig"}
    assert edit["body"] == "* 2 voted"


def test_command_text_takes_only_typed_commands():
    """m.text starting with "!" is a command; notices, edits and plain talk are not."""
    assert command_text({"msgtype": "m.text", "body": " !poll list "}) == "!poll list"
    assert command_text({"msgtype": "m.text", "body": "hello"}) is None
    assert command_text({"msgtype": "m.notice", "body": "!help"}) is None
    assert command_text({"msgtype": "m.text", "body": "!"}) is None
    edit = {"msgtype": "m.text", "body": "* !help", "m.relates_to": {"rel_type": "m.replace"}}
    assert command_text(edit) is None
    fallback = {"msgtype": "m.text", "body": "> <@a:hs> hi\n> there\n\n!poll list"}
    assert command_text(fallback) == "!poll list"


def test_bot_messages_mention_nobody() -> None:
    """A poll question with @room or a user id pings nobody: every message has m.mentions {}."""
    now = datetime(2026, 11, 30, tzinfo=UTC)
    content = message_content(Reply("@room @alice:example.org vote!"), "UTC", now)
    assert content["m.mentions"] == {}
    edit = silenced("m.room.message", edit_content("$old", {"msgtype": "m.notice", "body": "x"}))
    assert edit["m.mentions"] == {} and edit["m.new_content"]["m.mentions"] == {}
    opener = silenced("m.room.message", {"msgtype": "m.notice", "body": "@room discuss"})
    assert opener["m.mentions"] == {}
    meant = {"msgtype": "m.text", "body": "hi", "m.mentions": {"user_ids": ["@a:x"]}}
    assert silenced("m.room.message", meant) == meant  # an intended mention is kept
    assert silenced("m.reaction", {"m.relates_to": {}}) == {"m.relates_to": {}}


def test_an_oversized_message_is_cut_to_fit_one_event() -> None:
    """A reply far over Matrix's 65,536-byte event limit is cut and says so, never refused."""
    now = datetime(2026, 11, 30, tzinfo=UTC)
    for text in ("x" * 70_000, 'é"<' * 30_000):
        content = message_content(Reply(text, title="Voters"), "UTC", now)
        assert len(json.dumps(content, ensure_ascii=False).encode()) <= 60_000
        assert content["body"].endswith("too long for one Matrix message)")
        assert content["m.mentions"] == {}
