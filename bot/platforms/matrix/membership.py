"""Rooms and members on Matrix: invites, a room's setup, roles from power levels, leaving.

A room's members are registered with the role its power levels give them, so a new
group's organisers are known (and get its first digest) before any of them types. In an
encrypted room, someone leaving (or being let in) starts a new room key for what the bot
sends next, so nobody reads what was sent after they left.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from mautrix.errors import MatrixError

from bot.core.model import User
from bot.platforms.matrix.client import describe
from bot.platforms.matrix.handler import Event, Handler, group_id_of
from bot.platforms.matrix.rooms import DM_MARK, RoomInfo, display_name

log = logging.getLogger(__name__)


def inviter_allowed(inviter: str, allowlist: tuple[str, ...], own_server: str) -> bool:
    """Whether an invite's sender is a listed user or on a listed server.

    An empty allowlist admits only people on the bot's own homeserver.
    """
    server = inviter.split(":", 1)[1] if ":" in inviter else ""
    entries = allowlist or (own_server,)
    return inviter in entries or (bool(server) and server in entries)


class Membership(Handler):
    """Invites, rooms joined and left, and who is in each room with which role."""

    async def on_invite(self, room_id: str, data: dict[str, Any]) -> None:
        """Join if an allowed person invited the bot (encrypted or not)."""
        state = (data.get("invite_state") or {}).get("events") or []
        inviter = next(
            (
                str(e.get("sender"))
                for e in state
                if e.get("type") == "m.room.member"
                and e.get("state_key") == self.me
                and (e.get("content") or {}).get("membership") == "invite"
            ),
            "",
        )
        own_server = self.me.split(":", 1)[1]
        if not inviter_allowed(inviter, self.config.invite_allowlist, own_server):
            log.info("Matrix: refused an invite to %s from %s (not allowed)", room_id, inviter)
            await self.client.leave(room_id, reason="Only invites from allowed people are taken.")
            return
        await self.client.join(room_id)
        log.info("Matrix: joined %s, invited by %s", room_id, inviter)
        await self.setup_room(room_id)

    async def setup_room(self, room_id: str) -> None:
        """A room the bot is in: register it as a group and everyone in it as members."""
        info = await self.rooms.load(room_id)
        if not self.outlet.is_dm_room(room_id) and not await self._own_dm_room(room_id, info):
            await self.register(room_id, info)

    async def _own_dm_room(self, room_id: str, info: RoomInfo) -> bool:
        """Whether the room is a private one the bot made (marked at creation), never a group.

        One made just before a crash was never recorded: it becomes the person's private room,
        or, when they have another already, the bot takes back the invite and leaves it.
        """
        made_by_someone_else = bool(info.creators) and info.creators != {self.me}
        if not info.dm_for or made_by_someone_else:
            return False
        if not await self.outlet.adopt_dm_room(info.dm_for, room_id):
            log.info("Matrix: leaving %s, a spare private room for %s", room_id, info.dm_for)
            self.rooms.forget(room_id)
            self.outlet.in_background(self._discard(room_id, info.dm_for))
        return True

    async def _discard(self, room_id: str, user_id: str) -> None:
        try:
            await self.client.discard_room(room_id, user_id)
        except (MatrixError, aiohttp.ClientError, TimeoutError) as e:
            log.warning("Matrix: could not leave the spare room %s (%s)", room_id, describe(e))

    async def register(self, room_id: str, info: RoomInfo) -> None:
        """The room as a group, and everyone in it with the role the power levels give."""
        group_id = group_id_of(room_id)
        await self.bot.group(group_id, info.name or room_id)
        for user_id, name in list(info.members.items()):
            if user_id != self.me:
                await self.bot.member_seen(
                    group_id, User(user_id, name), self.role_in(info, user_id)
                )

    async def on_left(self, room_id: str) -> None:
        """The bot is out of a room (it left, was kicked, or rejected an invite)."""
        self.rooms.forget(room_id)
        if room_id in self.outlet.dm_by_user.values():
            await self.outlet.forget_dm_room(room_id)

    async def on_state(self, room_id: str, event: Event, *, live: bool) -> None:
        """Keep room state current; members join or leave, the bot is removed.

        Only `live` events (after the bot's own join) announce a member as newly joined;
        the others just record who is there.
        """
        kind, content = event.get("type"), event.get("content") or {}
        if kind == "m.room.member":
            await self._rotate_if_readers_change(room_id, event)
        self.rooms.apply(room_id, event)
        if kind == "m.room.create" and event.get("sender") == self.me and content.get(DM_MARK):
            await self._own_dm_room(room_id, RoomInfo(room_id, dm_for=str(content[DM_MARK])))
            return
        is_dm = self.outlet.is_dm_room(room_id)
        if kind == "m.room.power_levels" and not is_dm:
            # Someone raised or lowered: everyone's role as the new levels give it.
            info = await self.rooms.get(room_id)
            if not await self._own_dm_room(room_id, info):
                await self.register(room_id, info)
            return
        if kind != "m.room.member":
            return
        user_id, membership = str(event.get("state_key")), content.get("membership")
        if user_id == self.me:
            if membership in ("leave", "ban"):
                self.rooms.forget(room_id)
        elif membership == "join" and not is_dm:
            info = await self.rooms.get(room_id)
            if await self._own_dm_room(room_id, info):
                return
            group_id, group_name = group_id_of(room_id), info.name or room_id
            user = User(user_id, display_name(user_id, content.get("displayname")))
            role = self.role_in(info, user_id)
            previous = ((event.get("unsigned") or {}).get("prev_content") or {}).get("membership")
            if live and previous != "join" and "event_id" in event:
                async with self.bot.db.transaction():
                    if await self._claim(event):
                        await self.bot.member_joined(group_id, group_name, user)
                        await self.bot.member_seen(group_id, user, role)
            else:  # history, or a new display name: remember, announce nothing
                await self.bot.group(group_id, group_name)
                await self.bot.member_seen(group_id, user, role)
        elif membership in ("leave", "ban") and not is_dm:
            # Gone from the group: no longer counted, and nothing more kept about them.
            await self.bot.member_left(group_id_of(room_id), user_id)
        elif membership in ("leave", "ban") and self.outlet.dm_by_user.get(user_id) == room_id:
            await self.outlet.forget_dm_room(room_id)
            await self.client.leave(room_id)

    async def _rotate_if_readers_change(self, room_id: str, event: Event) -> None:
        """Someone left, or was let in other than by accepting an invite: a new room key.

        (An invited person already had the key, so their join changes nothing.)
        """
        if self.encryption is None:
            return
        info = await self.rooms.get(room_id)
        if not info.encrypted:
            return
        user_id = str(event.get("state_key"))
        now = (event.get("content") or {}).get("membership")
        before = "join" if user_id in info.members else "invite" if user_id in info.invited else ""
        if now == before or (before == "invite" and now == "join"):
            return
        await self.encryption.rotate(room_id)
