"""Discord API payloads for the fake: users, guilds, channels, messages, interactions."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import discord
from discord.utils import time_snowflake

Payload = dict[str, Any]

_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def _fixed(n: int) -> int:
    return time_snowflake(_EPOCH) + n


GUILD_ID = _fixed(1)
BOT_ID = APP_ID = _fixed(2)
OWNER_ID, MOD_ID, ALICE_ID, BOB_ID = _fixed(3), _fixed(4), _fixed(5), _fixed(6)
GENERAL_ID, BOT_CHANNEL_ID = _fixed(10), _fixed(11)
MOD_ROLE_ID, MEMBER_ROLE_ID, BOT_ROLE_ID = _fixed(20), _fixed(21), _fixed(22)

EPHEMERAL, LOADING = 64, 128
_last_id = _seq = 0


# Messages, channels and threads the fake makes are numbered from a fixed moment, so no test
# depends on today's date (interactions are stamped with the fake's clock: `id_at`).
_EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def new_id() -> int:
    """Return a fresh, strictly increasing snowflake."""
    global _last_id
    _last_id = max(time_snowflake(_EPOCH), _last_id + 1)
    return _last_id


def id_at(when: datetime) -> int:
    """A fresh snowflake whose timestamp is `when` (the fake's clock, for interactions)."""
    global _seq
    _seq = (_seq + 1) % 4096  # the snowflake's increment field
    return time_snowflake(when) + _seq


def now_iso() -> str:
    """A timestamp in Discord's ISO 8601 format (the fixed moment ids are numbered from)."""
    return _EPOCH.isoformat()


def user(id: int, name: str, *, bot: bool = False) -> Payload:
    """Build a user object."""
    return {
        "id": str(id),
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def member(user_payload: Payload, roles: Sequence[int] = ()) -> Payload:
    """Build a guild member object (with the ``flags`` discord.py requires)."""
    return {
        "user": user_payload,
        "roles": [str(r) for r in roles],
        "joined_at": _EPOCH.isoformat(),
        "nick": None,
        "avatar": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
    }


def role(id: int, name: str, permissions: int, position: int, **extra: Any) -> Payload:
    """Build a role object."""
    return {
        "id": str(id),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
        **extra,
    }


def text_channel(id: int, guild_id: int, name: str, position: int = 0) -> Payload:
    """Build a guild text channel object."""
    return {
        "id": str(id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }


def dm_channel(id: int, recipient: Payload) -> Payload:
    """Build a DM channel object."""
    return {"id": str(id), "type": 1, "recipients": [recipient], "last_message_id": None}


def thread(id: int, parent: Payload, owner_id: int, name: str, type: int = 11) -> Payload:
    """Build a thread channel object."""
    meta = {"archived": False, "auto_archive_duration": 1440, "locked": False}
    return {
        "id": str(id),
        "type": type,
        "guild_id": parent["guild_id"],
        "parent_id": parent["id"],
        "owner_id": str(owner_id),
        "name": name,
        "thread_metadata": {**meta, "archive_timestamp": now_iso()},
        "message_count": 0,
        "member_count": 1,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def bot_user() -> Payload:
    """Build the bot's own user object."""
    return user(BOT_ID, "coprod-bot", bot=True)


def default_users() -> list[Payload]:
    """Return the users of the default guild: owner, moderator, alice and bob."""
    names = {OWNER_ID: "owner", MOD_ID: "mod", ALICE_ID: "alice", BOB_ID: "bob"}
    return [user(uid, name) for uid, name in names.items()]


def default_guild() -> Payload:
    """Build a GUILD_CREATE payload: roles, #general, #bot channel and five members."""
    p = discord.Permissions
    everyone = p(view_channel=True, send_messages=True, read_message_history=True)
    everyone.update(use_application_commands=True, add_reactions=True, embed_links=True)
    everyone.update(send_messages_in_threads=True, create_public_threads=True)
    bot_perms = p(manage_threads=True, attach_files=True, manage_messages=True)
    roles = [
        role(GUILD_ID, "@everyone", everyone.value, 0),
        role(MEMBER_ROLE_ID, "Member", 0, 1),
        role(MOD_ROLE_ID, "Moderator", p(manage_guild=True).value, 2),
        role(
            BOT_ROLE_ID,
            "coprod-bot",
            bot_perms.value,
            3,
            managed=True,
            tags={"bot_id": str(BOT_ID)},
        ),
    ]
    roles_of = {OWNER_ID: [], MOD_ID: [MOD_ROLE_ID, MEMBER_ROLE_ID], ALICE_ID: [MEMBER_ROLE_ID]}
    members = [member(u, roles_of.get(int(u["id"]), [])) for u in default_users()]
    members.append(member(bot_user(), [BOT_ROLE_ID]))
    channels = [
        text_channel(GENERAL_ID, GUILD_ID, "general"),
        text_channel(BOT_CHANNEL_ID, GUILD_ID, "bot", 1),
    ]
    return guild(GUILD_ID, "Co-production", OWNER_ID, roles, channels, members)


def guild(
    id: int,
    name: str,
    owner_id: int,
    roles: list[Payload],
    channels: list[Payload],
    members: list[Payload],
) -> Payload:
    """Build a full GUILD_CREATE payload."""
    return {
        "id": str(id),
        "name": name,
        "owner_id": str(owner_id),
        "roles": roles,
        "channels": channels,
        "members": members,
        "member_count": len(members),
        "unavailable": False,
        "large": False,
        "joined_at": _EPOCH.isoformat(),
        "icon": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "threads": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "preferred_locale": "en-US",
        "premium_tier": 0,
        "mfa_level": 0,
        "verification_level": 0,
    }


def member_permissions(guild_payload: Payload, user_id: int) -> int:
    """Compute a member's guild-level permissions from its roles (owner/admin get all)."""
    if int(guild_payload["owner_id"]) == user_id:
        return discord.Permissions.all().value
    mem = next((m for m in guild_payload["members"] if int(m["user"]["id"]) == user_id), None)
    wanted = {guild_payload["id"], *(mem["roles"] if mem else [])}
    value = 0
    for r in guild_payload["roles"]:
        if r["id"] in wanted:
            value |= int(r["permissions"])
    return discord.Permissions.all().value if value & 8 else value


def app_info(bot: Payload, owner: Payload) -> Payload:
    """Build the GET /oauth2/applications/@me payload."""
    return {
        "id": bot["id"],
        "name": bot["username"],
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": owner,
        "verify_key": "0" * 64,
        "flags": 0,
        "team": None,
    }


def ready(bot: Payload, guild_ids: Sequence[int]) -> Payload:
    """Build a READY gateway payload listing the guilds as unavailable."""
    return {
        "v": 10,
        "user": bot,
        "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
        "session_id": "fake-session",
        "resume_gateway_url": "wss://gateway.invalid",
        "application": {"id": bot["id"], "flags": 0},
        "private_channels": [],
    }


def message(channel_id: int, author: Payload, body: Mapping[str, Any], **extra: Any) -> Payload:
    """Build a message object from a create-message request body."""
    msg: Payload = {
        "id": str(new_id()),
        "channel_id": str(channel_id),
        "author": author,
        "content": "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": False,
        "type": 19 if body.get("message_reference") else 0,
        "flags": 0,
        **extra,
    }
    return edit_message(msg, body, [], edited=False)


def edit_message(
    msg: Payload,
    body: Mapping[str, Any],
    files: Sequence[tuple[str, bytes]],
    *,
    edited: bool = True,
) -> Payload:
    """Apply a create/edit request body (and uploaded files) to a stored message, in place."""
    for key in ("content", "embeds", "components", "tts", "poll", "message_reference"):
        if body.get(key) is not None:
            msg[key] = copy.deepcopy(body[key])
    if "flags" in body:
        msg["flags"] = (msg["flags"] & EPHEMERAL) | (body["flags"] or 0)
    if files:
        # Alt text comes in payload_json's attachments, in the files' order (as Discord reads it).
        described = {a.get("id"): a.get("description") for a in body.get("attachments") or []}
        msg["attachments"] = [
            {"id": str(new_id()), "filename": n, "size": len(b), "url": f"https://cdn.invalid/{n}"}
            | {"proxy_url": f"https://cdn.invalid/{n}"}
            | ({"description": described[i]} if described.get(i) else {})
            for i, (n, b) in enumerate(files)
        ]
    if edited:
        msg["edited_timestamp"] = now_iso()
    return msg


def custom_ids(msg: Mapping[str, Any]) -> list[str]:
    """List every component custom_id in a message payload (recursing into rows/containers)."""
    found: list[str] = []

    def walk(items: Sequence[Mapping[str, Any]]) -> None:
        for c in items:
            if "custom_id" in c:
                found.append(c["custom_id"])
            walk(c.get("components", []))
            for key in ("accessory", "component"):
                if key in c:
                    walk([c[key]])

    walk(msg.get("components", []))
    return found


def interaction(
    type: int,
    data: Payload,
    *,
    user: Payload,
    guild: Payload | None,
    channel: Payload,
    message: Payload | None = None,
    at: datetime | None = None,
) -> Payload:
    """Build an INTERACTION_CREATE payload whose id says it was created `at` (default now)."""
    iid = id_at(at) if at is not None else new_id()
    payload: Payload = {
        "id": str(iid),
        "application_id": str(APP_ID),
        "type": type,
        "token": f"fake-token-{iid}",
        "version": 1,
        "data": copy.deepcopy(data),
        "channel_id": channel["id"],
        "locale": "en-US",
        "attachment_size_limit": 10 * 1024 * 1024,
        "entitlements": [],
        "app_permissions": str(discord.Permissions.all().value),
    }
    if guild is not None:
        perms = member_permissions(guild, int(user["id"]))
        mem = next((m for m in guild["members"] if m["user"]["id"] == user["id"]), None)
        if mem is None:
            raise ValueError(f"user {user['id']} is not a member of guild {guild['id']}")
        payload["member"] = {**copy.deepcopy(mem), "permissions": str(perms)}
        payload["channel"] = {**channel, "permissions": str(perms)}
        payload["guild_id"] = guild["id"]
        payload["guild_locale"] = "en-US"
        payload["guild"] = {"id": guild["id"], "locale": "en-US", "features": []}
        payload["context"] = 0
        payload["authorizing_integration_owners"] = {"0": guild["id"]}
        bot_perms = member_permissions(guild, BOT_ID)
        payload["app_permissions"] = str(bot_perms)
    else:
        payload["user"] = user
        payload["channel"] = channel
        payload["context"] = 1
        payload["authorizing_integration_owners"] = {"0": "0"}
    if message is not None:
        payload["message"] = copy.deepcopy(message)
    return payload
