"""Events: typed values one part of the bot emits and others listen for.

An event is a frozen dataclass subclassing `Event`, declared in the module of whoever emits
it (the core's here, `SettingChanged` in settings.py, a feature's in its package exports,
like `cogs.polls.PollClosed`). `emit(event)` tells every listener of its type; a cog
listens with `@listener(EventType)` on a method taking that type, and mypy checks the pair.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from bot.core.model import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Something that happened, told to whoever listens for its type."""


E = TypeVar("E", bound=Event)
Handler = Callable[[E], Awaitable[None]]


@dataclass(frozen=True)
class ThreadMessage(Event):
    """A platform saw a message in the thread opened on a keyed message (an idea's).

    Only that it happened: features never get the text.
    """

    group_id: str
    key: str
    user_id: str
    at: datetime


@dataclass(frozen=True)
class GroupCreated(Event):
    """The bot saw a group for the first time; per-group schedules (the digest) start here."""

    group_id: str


@dataclass(frozen=True)
class MemberJoined(Event):
    """A platform saw someone join a group after the bot was there (a newcomer)."""

    group_id: str
    user: User


@dataclass(frozen=True)
class MemberLeft(Event):
    """Someone was forgotten from a group: they left the chat space or used `!me forget`."""

    group_id: str
    user_id: str


class Events:
    """Listeners by event type; one failing listener does not stop the others."""

    def __init__(self) -> None:
        self._listeners: dict[type[Event], list[Callable[[Any], Awaitable[None]]]] = {}

    def listen(self, kind: type[E], handler: Handler[E]) -> None:
        """Call `handler(event)` whenever an event of type `kind` is emitted."""
        self._listeners.setdefault(kind, []).append(handler)

    async def emit(self, event: Event) -> None:
        """Tell every listener of the event's type, in the order they were added."""
        for handler in self._listeners.get(type(event), []):
            try:
                await handler(event)
            except Exception:
                log.exception("listener for %s failed", type(event).__name__)
