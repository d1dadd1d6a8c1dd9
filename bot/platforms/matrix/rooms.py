"""What the bot knows of a room from its state: name, members, power levels, encryption."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.model import Role

Event = dict[str, Any]


def creators_have_power(room_version: str) -> bool:
    """Whether room creators outrank every power level (room version 12, MSC4289)."""
    return (room_version.isdigit() and int(room_version) >= 12) or "hydra" in room_version


# Written into each private room's creation event, naming the person it is for: a room made
# just before a crash (so never recorded) is known for what it is when the bot sees it again.
DM_MARK = "org.coproduction.dm_for"


@dataclass
class RoomInfo:
    """One room's current state, kept up to date from state events as they arrive."""

    room_id: str
    name: str = ""
    room_version: str = "1"
    creators: set[str] = field(default_factory=set)
    power_levels: dict[str, Any] | None = None
    encrypted: bool = False
    encryption: dict[str, Any] = field(default_factory=dict)  # m.room.encryption content
    members: dict[str, str] = field(default_factory=dict)  # joined user id -> display name
    invited: set[str] = field(default_factory=set)
    dm_for: str = ""  # a private room the bot made: the person it is for

    @classmethod
    def from_state(cls, room_id: str, events: list[Event]) -> RoomInfo:
        """Build from a room's full state (GET /rooms/{id}/state)."""
        info = cls(room_id)
        for event in events:
            info.apply(event)
        return info

    def apply(self, event: Event) -> None:
        """Take in one state event (from /state, or a sync's state or timeline)."""
        if "state_key" not in event:
            return
        kind, content = event.get("type"), event.get("content") or {}
        if kind == "m.room.create":
            self.room_version = str(content.get("room_version", "1"))
            extra = content.get("additional_creators") or []
            self.creators = {event.get("sender", ""), *(u for u in extra if isinstance(u, str))}
            self.dm_for = str(content.get(DM_MARK) or "")
        elif kind == "m.room.name":
            self.name = str(content.get("name") or "")
        elif kind == "m.room.power_levels":
            self.power_levels = content
        elif kind == "m.room.encryption" and content.get("algorithm"):
            self.encrypted = True  # never turned off again, whatever a later event says
            self.encryption = dict(content)
        elif kind == "m.room.member":
            user_id = str(event["state_key"])
            membership = content.get("membership")
            if membership == "join":
                self.members[user_id] = display_name(user_id, content.get("displayname"))
            else:
                self.members.pop(user_id, None)
            if membership == "invite":
                self.invited.add(user_id)
            else:
                self.invited.discard(user_id)

    def readers(self) -> list[str]:
        """Who may read what is sent now: joined and invited members."""
        return sorted({*self.members, *self.invited})

    def has(self, user_id: str) -> bool:
        """Whether someone is in the room or invited to it."""
        return user_id in self.members or user_id in self.invited

    def power_of(self, user_id: str) -> int | float:
        """A person's power level, as the server computes it."""
        if creators_have_power(self.room_version) and user_id in self.creators:
            return float("inf")
        if self.power_levels is None:
            # No power levels event: the creator has 100, everyone else 0.
            return 100 if user_id in self.creators else 0
        users = self.power_levels.get("users") or {}
        level = users.get(user_id, self.power_levels.get("users_default", 0))
        try:
            return int(level)
        except (TypeError, ValueError):
            return 0

    def role_of(self, user_id: str, facilitator_power: int, organiser_power: int) -> Role:
        """The role a power level gives, by the configured thresholds."""
        level = self.power_of(user_id)
        if level >= organiser_power:
            return Role.ORGANISER
        if level >= facilitator_power:
            return Role.FACILITATOR
        return Role.PARTICIPANT

    def name_of(self, user_id: str) -> str:
        """A member's display name, or their user id's local part."""
        return self.members.get(user_id) or display_name(user_id, None)


def display_name(user_id: str, given: object) -> str:
    """A display name, falling back to the local part of the user id."""
    if isinstance(given, str) and given.strip():
        return given.strip()
    return user_id.removeprefix("@").split(":", 1)[0]


class RoomDirectory:
    """RoomInfo per room: loaded from the server on first use, then kept up to date."""

    def __init__(self, load_state: Callable[[str], Awaitable[list[Event]]]) -> None:
        self._load_state = load_state
        self._rooms: dict[str, RoomInfo] = {}

    async def get(self, room_id: str) -> RoomInfo:
        """The room's state, fetched once."""
        info = self._rooms.get(room_id)
        if info is None:
            info = await self.load(room_id)
        return info

    async def load(self, room_id: str) -> RoomInfo:
        """Fetch a room's state afresh (after joining it)."""
        info = RoomInfo.from_state(room_id, await self._load_state(room_id))
        self._rooms[room_id] = info
        return info

    def apply(self, room_id: str, event: Event) -> None:
        """Take in a state event for a room already loaded (others load fresh later)."""
        info = self._rooms.get(room_id)
        if info is not None:
            info.apply(event)

    def loaded(self) -> list[RoomInfo]:
        """Every room whose state is known."""
        return list(self._rooms.values())

    def forget(self, room_id: str) -> None:
        """The bot left the room."""
        self._rooms.pop(room_id, None)
