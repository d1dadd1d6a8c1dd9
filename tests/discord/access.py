"""Channel permissions as Discord computes them: roles, then @everyone, role and member overwrites.

Follows the API docs' "Permission Overwrites" algorithm; threads take their parent's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord

from .payloads import Payload, member_permissions

ALL = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value


def channel_permissions(
    guild: Payload, channel: Payload, channels: Mapping[int, Payload], user_id: int
) -> int:
    """A member's permissions in a guild channel or thread."""
    base = member_permissions(guild, user_id)
    if base & ADMINISTRATOR or base == ALL:
        return ALL
    if channel.get("type") in (10, 11, 12) and channel.get("parent_id"):
        channel = channels.get(int(channel["parent_id"]), channel)
    mem = next((m for m in guild["members"] if int(m["user"]["id"]) == user_id), None)
    roles = set(mem["roles"]) if mem else set()
    overwrites = {str(o["id"]): o for o in channel.get("permission_overwrites") or []}

    def apply(value: int, ow: Mapping[str, Any] | None) -> int:
        return value if ow is None else (value & ~int(ow["deny"])) | int(ow["allow"])

    value = apply(base, overwrites.get(guild["id"]))
    allow = deny = 0
    for rid in roles:
        if (ow := overwrites.get(rid)) is not None and ow.get("type", 0) == 0:
            allow, deny = allow | int(ow["allow"]), deny | int(ow["deny"])
    value = (value & ~deny) | allow
    member_ow = overwrites.get(str(user_id))
    return apply(value, member_ow if member_ow and member_ow.get("type") == 1 else None)


def lacks(value: int, **wanted: bool) -> list[str]:
    """The named permissions (discord.Permissions flag names) missing from `value`."""
    have = discord.Permissions(value)
    return [name for name in wanted if not getattr(have, name)]
