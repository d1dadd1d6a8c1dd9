"""A Reply as plain text, for the shell and for clients that show no formatting."""

from __future__ import annotations

import re
from datetime import datetime

from bot.core.model import Reply
from bot.core.timeparse import render_stamps

_MARKUP = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")


def strip_markup(text: str) -> str:
    """Drop the small Markdown subset (**bold**, `code`) to plain words."""
    return _MARKUP.sub(lambda m: m[1] or m[2], text)


def as_text(reply: Reply, tz_name: str, now: datetime, *, numbered: bool = True) -> str:
    """Title, body, fields, then actions as numbered choices with their typed form."""
    parts = []
    if reply.title:
        parts.append(f"== {reply.title} ==")
    if reply.body:
        parts.append(reply.body)
    for f in reply.fields:
        parts.append(f"{f.name}: {f.value}" if "\n" not in f.value else f"{f.name}:\n{f.value}")
    if reply.actions:
        lines = []
        for i, action in enumerate(reply.actions, start=1):
            lead = f"  [{i}] " if numbered else "  - "
            lines.append(f"{lead}{action.label}  ({action.as_text()})")
        parts.append("\n".join(lines))
    return strip_markup(render_stamps("\n".join(parts), tz_name, now))
