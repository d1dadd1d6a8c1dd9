"""The fake's guild scheduled events: create, read, edit (status rules) and delete, as Discord.

External events need a location and an end; a new one may not start in the past; the bot
needs Manage Events in the guild; a cancelled or completed event can no longer change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from .access import lacks
from .payloads import Payload, member_permissions, new_id
from .wire import Answer, Call, Handler, missing

SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
EXTERNAL = 3
UNKNOWN_EVENT = 404, {"code": 10070, "message": "Unknown Guild Scheduled Event"}


def _invalid(field: str, message: str) -> Answer:
    errors = {field: {"_errors": [{"code": "BASE_TYPE_BAD", "message": message}]}}
    return 400, {"code": 50035, "message": "Invalid Form Body", "errors": errors}


class ScheduledEvents:
    """Scheduled events kept per guild, behind /guilds/{id}/scheduled-events."""

    def __init__(
        self, guilds: Mapping[int, Payload], bot_id: int, clock: Callable[[], datetime]
    ) -> None:
        self.guilds = guilds
        self.bot_id = bot_id
        self.clock = clock  # a callable, so a test may swap the server's clock after this
        self.events: dict[int, Payload] = {}

    def routes(self) -> list[tuple[str, str, Handler]]:
        """The REST routes this part of the server answers."""
        return [
            ("POST", r"/guilds/(\d+)/scheduled-events", self._create),
            ("GET|PATCH|DELETE", r"/guilds/(\d+)/scheduled-events/(\d+)", self._event),
        ]

    def in_guild(self, guild_id: int) -> list[Payload]:
        """The guild's events, oldest first (cancelled ones too, as Discord keeps them)."""
        return [e for e in self.events.values() if e["guild_id"] == str(guild_id)]

    def _lacks(self, gid: str) -> Answer | None:
        value = member_permissions(self.guilds[int(gid)], self.bot_id)
        names = lacks(value, manage_events=True)
        return missing(*names) if names else None

    def _check(self, body: Mapping[str, Any], event: Payload | None) -> Answer | None:
        merged = {**(event or {}), **body}
        if merged.get("entity_type") == EXTERNAL:
            if not (merged.get("entity_metadata") or {}).get("location"):
                return _invalid("entity_metadata", "External events need a location.")
            if not merged.get("scheduled_end_time"):
                return _invalid("scheduled_end_time", "External events need an end time.")
        if "name" in body and not 1 <= len(body["name"]) <= 100:
            return _invalid("name", "Must be between 1 and 100 in length.")
        start = body.get("scheduled_start_time")
        if start and datetime.fromisoformat(start) < self.clock():
            return _invalid("scheduled_start_time", "Cannot schedule event in the past.")
        return None

    def _create(self, call: Call, gid: str) -> tuple[int, Any]:
        if refused := self._lacks(gid):
            return refused
        body = call.json or {}
        if refused := self._check(body, None):
            return refused
        eid = new_id()
        self.events[eid] = {
            "id": str(eid), "guild_id": gid, "channel_id": None, "creator_id": str(self.bot_id),
            "description": None, "status": SCHEDULED, "entity_id": None, "image": None,
            "scheduled_end_time": None, "entity_metadata": None, "user_count": 0, **body,
        }  # fmt: skip
        return 200, self.events[eid]

    def _event(self, call: Call, gid: str, eid: str) -> tuple[int, Any]:
        event = self.events.get(int(eid))
        if event is None or event["guild_id"] != gid:
            return UNKNOWN_EVENT
        if call.method == "GET":
            return 200, event
        if refused := self._lacks(gid):
            return refused
        if call.method == "DELETE":
            del self.events[int(eid)]
            return 204, None
        body = call.json or {}
        if event["status"] in (COMPLETED, CANCELED):
            return _invalid("status", "Cannot modify a finished event.")
        if refused := self._check(body, event):
            return refused
        event.update(body)
        return 200, event
