"""What travels between the bot and the fake: requests, callbacks, Discord's error answers, time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from . import limits
from .payloads import EPHEMERAL, Payload

Handler = Callable[..., tuple[int, Any]]
Answer = tuple[int, Any]

# The interaction contract (API docs, "Receiving and Responding"): the first response within
# 3 seconds of the interaction's creation, once; the token then works for 15 minutes.
RESPONSE_WINDOW = timedelta(seconds=3)
TOKEN_LIFETIME = timedelta(minutes=15)
# Edits to one message: Discord's per-route buckets are not published; this is the commonly
# observed 5 edits per 5 seconds, enough to show that bursts must be coalesced.
EDIT_BURST, EDIT_WINDOW = 5, timedelta(seconds=5)
UNKNOWN_INTERACTION = 404, {"code": 10062, "message": "Unknown interaction"}
UNKNOWN_WEBHOOK = 404, {"code": 10015, "message": "Unknown Webhook"}
INVALID_TOKEN = 401, {"code": 50027, "message": "Invalid Webhook Token"}
MISSING_ACCESS = 403, {"code": 50001, "message": "Missing Access"}
TOO_LARGE = 413, {"code": 40005, "message": "Request entity too large"}
DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024


def invalid(errors: limits.Errors) -> Answer:
    """Discord's answer to a body that breaks a documented limit."""
    return 400, {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def missing(*names: str) -> Answer:
    """Discord's 50013; the fake names what is missing (Discord does not) to help tests."""
    return 403, {"code": 50013, "message": "Missing Permissions: " + ", ".join(names)}


class FakeClock:
    """The fake's clock: stands still unless a test moves it (or shares the bot's clock)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the fake's clock on."""
        self.now += timedelta(seconds=seconds)


@dataclass
class Call:
    """One HTTP request the bot made: method, path (no /api/vN prefix), JSON body, files, query."""

    method: str
    path: str
    json: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    """An interaction callback: type 4 message, 5 deferred, 6 deferred update, 7 update, 8, 9."""

    type: int
    data: Payload
    content: str | None = field(init=False, repr=False)
    embeds: list[Payload] = field(init=False, repr=False)
    components: list[Payload] = field(init=False, repr=False)
    flags: int = field(init=False, repr=False)
    ephemeral: bool = field(init=False, repr=False)
    choices: list[Payload] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        get = self.data.get
        self.content, self.flags = get("content"), get("flags") or 0
        self.embeds, self.components = get("embeds") or [], get("components") or []
        self.choices, self.ephemeral = get("choices") or [], bool(self.flags & EPHEMERAL)


def token_of(x: discord.Interaction | Payload) -> str:
    """The token of an Interaction or interaction payload."""
    return x.token if isinstance(x, discord.Interaction) else x["token"]


def refused_message(
    body: Payload, files: Sequence[tuple[str, bytes]], limit: int, *, new: bool
) -> Answer | None:
    """A message body Discord would refuse: over a limit, too large, or empty."""
    if errors := limits.message_errors(body):
        return invalid(errors)
    if sum(len(b) for _, b in files) > limit:
        return TOO_LARGE
    keys = ("content", "embeds", "components", "poll", "sticker_ids")
    if new and not files and not any(body.get(k) for k in keys):
        return 400, {"code": 50006, "message": "Cannot send an empty message"}
    return None
