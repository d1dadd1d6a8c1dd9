"""Events: platforms and features tell whoever listens (member_joined, poll_closed, ...)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[..., Awaitable[None]]

# A platform saw a message in the thread opened on a keyed message (an idea's):
# (group_id, key, user_id, at). Only that it happened: features never get the text.
THREAD_MESSAGE = "thread_message"
# The bot saw a group for the first time: (group_id). Features that keep per-group
# schedules (the weekly digest) start them here.
GROUP_CREATED = "group_created"


class Events:
    """Listeners by event name; one failing listener does not stop the others."""

    def __init__(self) -> None:
        self.listeners: dict[str, list[Listener]] = {}

    def add(self, event: str, func: Listener) -> None:
        """Call `func(*args)` whenever `event` is emitted."""
        self.listeners.setdefault(event, []).append(func)

    async def emit(self, event: str, *args: Any) -> None:
        """Tell every listener of `event`, in the order they were added."""
        for func in self.listeners.get(event, []):
            try:
                await func(*args)
            except Exception:
                log.exception("listener for %s failed", event)
