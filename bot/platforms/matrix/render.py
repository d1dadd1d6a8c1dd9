"""A Reply as Matrix message content: HTML for the small Markdown subset, plain text beside."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any

from bot.core.i18n import N_, _
from bot.core.model import Reply
from bot.core.render import as_text
from bot.core.timeparse import render_stamps

Content = dict[str, Any]

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*")


def inline_html(text: str) -> str:
    """Escape one line and turn `code` and **bold** into HTML."""
    out = []
    last = 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        if match[1] is not None:
            out.append(f"<code>{html.escape(match[1], quote=False)}</code>")
        else:
            out.append(f"<b>{inline_html(match[2])}</b>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def block_html(text: str) -> str:
    """Lines joined by <br/>; runs of "- " lines become a bullet list."""
    parts: list[str] = []
    bullets: list[str] = []
    lines: list[str] = []

    def flush_lines() -> None:
        if lines:
            parts.append("<br/>".join(lines))
            lines.clear()

    def flush_bullets() -> None:
        if bullets:
            parts.append("<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for line in text.split("\n"):
        if line.startswith("- "):
            flush_lines()
            bullets.append(inline_html(line[2:]))
        else:
            flush_bullets()
            lines.append(inline_html(line))
    flush_lines()
    flush_bullets()
    return "".join(parts)


def to_html(reply: Reply, tz_name: str, now: datetime) -> str:
    """Title, body, fields (<b>name</b>) and actions (label: `!command`) as Matrix HTML."""

    def local(text: str) -> str:
        return render_stamps(text, tz_name, now)

    parts = []
    if reply.title:
        parts.append(f"<p><b>{inline_html(local(reply.title))}</b></p>")
    if reply.body:
        parts.append(f"<p>{block_html(local(reply.body))}</p>")
    for f in reply.fields:
        value = local(f.value)
        joiner = "<br/>" if "\n" in value else " "
        parts.append(f"<p><b>{inline_html(local(f.name))}</b>:{joiner}{block_html(value)}</p>")
    if reply.actions:
        items = "".join(
            f"<li>{inline_html(local(a.label))}: <code>{html.escape(a.as_text(), quote=False)}"
            "</code></li>"
            for a in reply.actions
        )
        parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def to_plain(reply: Reply, tz_name: str, now: datetime) -> str:
    """The plain-text body: the core's text form, actions as "- label (!command)"."""
    return as_text(reply, tz_name, now, numbered=False)


# Intentional mentions (MSC3952): an empty m.mentions says "this pings nobody", so an
# "@room" or a user id inside a poll question is shown, never notified.
MENTIONS = "m.mentions"
SILENT_TYPES = ("m.room.message", "m.poll.start", "org.matrix.msc3381.poll.start")


def silenced(event_type: str, content: Content) -> Content:
    """The content with an empty m.mentions (and in an edit's new content) unless it has one."""
    if event_type not in SILENT_TYPES or MENTIONS in content:
        return content
    quiet = {**content, MENTIONS: {}}
    new = content.get("m.new_content")
    if isinstance(new, dict) and MENTIONS not in new:
        quiet["m.new_content"] = {**new, MENTIONS: {}}
    return quiet


# Synapse refuses events over 65,536 bytes (the whole event, not just the content): keep
# the content well under, so a long list is cut rather than never shown.
MAX_CONTENT_BYTES = 60_000
CUT_NOTE = N_("… (cut here: too long for one Matrix message)")


def _size(content: Content) -> int:
    return len(json.dumps(content, ensure_ascii=False).encode())


def message_content(reply: Reply, tz_name: str, now: datetime) -> Content:
    """An m.notice with a formatted HTML body and its plain-text twin; it mentions nobody."""
    content: Content = {
        "msgtype": "m.notice",
        "body": to_plain(reply, tz_name, now),
        "format": "org.matrix.custom.html",
        "formatted_body": to_html(reply, tz_name, now),
        MENTIONS: {},
    }
    if _size(content) <= MAX_CONTENT_BYTES:
        return content
    # Too long: the plain text alone, cut to fit (JSON escaping can grow it up to 6x).
    body = str(content["body"])
    keep = MAX_CONTENT_BYTES // 6
    return {"msgtype": "m.notice", "body": body[:keep] + "\n" + _(CUT_NOTE), MENTIONS: {}}


def reply_relation(event: Content) -> Content:
    """m.relates_to answering `event`; inside its thread if it was in one."""
    relates = relation_of(event.get("content"))
    in_reply_to = {"m.in_reply_to": {"event_id": event["event_id"]}}
    if relates.get("rel_type") == "m.thread" and relates.get("event_id"):
        return {
            "rel_type": "m.thread",
            "event_id": relates["event_id"],
            "is_falling_back": False,
            **in_reply_to,
        }
    return in_reply_to


def thread_relation(root_event_id: str) -> Content:
    """m.relates_to starting (or continuing) a thread rooted at an event."""
    return {
        "rel_type": "m.thread",
        "event_id": root_event_id,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": root_event_id},
    }


def edit_content(original_event_id: str, new: Content) -> Content:
    """An m.replace edit of an earlier message, with a "* " fallback for old clients."""
    fallback = {k: v for k, v in new.items() if k != "m.relates_to"}
    edited = dict(fallback)
    edited["body"] = "* " + str(fallback.get("body", ""))
    if "formatted_body" in fallback:
        edited["formatted_body"] = "* " + str(fallback["formatted_body"])
    edited["m.new_content"] = fallback
    edited["m.relates_to"] = {"rel_type": "m.replace", "event_id": original_event_id}
    return edited


def relation_of(content: object) -> Content:
    """A message's m.relates_to, or {} when it is missing or not an object (sent malformed)."""
    relates = content.get("m.relates_to") if isinstance(content, dict) else None
    return relates if isinstance(relates, dict) else {}


_REPLY_FALLBACK = re.compile(r"\A(?:> [^\n]*\n)+\n")


def command_text(content: Content) -> str | None:
    """The typed command of an m.text message (reply fallback removed), or None."""
    if content.get("msgtype") != "m.text":
        return None
    relates = relation_of(content)
    if relates.get("rel_type") == "m.replace":
        return None  # an edit: the original was already handled
    body = content.get("body")
    if not isinstance(body, str):
        return None
    body = _REPLY_FALLBACK.sub("", body, count=1).strip()
    return body if body.startswith("!") and len(body) > 1 else None
