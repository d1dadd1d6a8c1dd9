"""Discord's side of the fake: an in-memory REST server holding guilds, channels, messages."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import discord
from discord.utils import snowflake_time

from . import limits
from .access import channel_permissions, lacks
from .events import ScheduledEvents
from .payloads import (
    EPHEMERAL,
    LOADING,
    Payload,
    app_info,
    bot_user,
    default_guild,
    dm_channel,
    edit_message,
    message,
    new_id,
    thread,
)
from .wire import (
    DEFAULT_UPLOAD_LIMIT,
    EDIT_BURST,
    EDIT_WINDOW,
    INVALID_TOKEN,
    MISSING_ACCESS,
    RESPONSE_WINDOW,
    TOKEN_LIFETIME,
    TOO_LARGE,
    UNKNOWN_INTERACTION,
    UNKNOWN_WEBHOOK,
    Answer,
    Call,
    FakeClock,
    Handler,
    Reply,
    invalid,
    missing,
    refused_message,
    token_of,
)

__all__ = ["Call", "FakeServer", "Reply"]


NONCE_WINDOW = timedelta(minutes=2)  # Discord: "the past few minutes"


class FakeServer:
    """Discord's side: stored guilds, users, channels and messages, and the REST endpoints."""

    def __init__(self, guilds: Sequence[Payload] | None = None) -> None:
        self.clock: Callable[[], datetime] = FakeClock()
        self.bot = bot_user()
        self.guilds = {int(g["id"]): g for g in (guilds or [default_guild()])}
        self.users = {
            int(m["user"]["id"]): m["user"] for g in self.guilds.values() for m in g["members"]
        }
        self.users[int(self.bot["id"])] = self.bot
        self.channels = {int(c["id"]): c for g in self.guilds.values() for c in g["channels"]}
        self.messages: dict[int, Payload] = {}
        self.sent: list[int] = []
        # Discord's enforce_nonce: the same author's nonce within a few minutes returns the
        # message it made, and makes no second one.
        self.nonces: dict[str, tuple[int, datetime]] = {}
        self.commands: dict[int | None, list[Payload]] = {}
        self.interactions: dict[str, Payload] = {}
        self.replies: dict[str, Reply] = {}
        self.originals: dict[str, int] = {}
        self.followup_ids: dict[str, list[int]] = {}
        self.failures: list[tuple[str, re.Pattern[str], int, Payload]] = []
        self.edits: dict[int, list[datetime]] = {}  # message id -> recent edit times
        self.limited: list[Call] = []  # requests answered 429
        self._dms: dict[int, int] = {}
        w = r"/webhooks/\d+/([^/]+)"
        self._routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", lambda c: (200, self.bot)),
            ("GET", "/oauth2/applications/@me", self._app_info),
            ("GET", r"/users/(\d+)", self._get_user),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET|PATCH", r"/channels/(\d+)", self._channel),
            ("GET", r"/channels/(\d+)/messages", self._history),
            ("POST", r"/channels/(\d+)/messages", self._send),
            ("GET|PATCH|DELETE", r"/channels/(\d+)/messages/(\d+)", self._message),
            ("POST", r"/channels/(\d+)/messages/(\d+)/threads", self._thread),
            ("POST", r"/channels/(\d+)/threads", lambda c, cid: self._thread(c, cid, None)),
            (
                "PUT|DELETE",
                r"/channels/\d+/(?:thread-members|messages/\d+/reactions)/.+",
                lambda c: (204, None),
            ),
            ("GET", r"/guilds/(\d+)/members/(\d+)", self._member),
            ("GET|PUT", r"/applications/\d+(?:/guilds/(\d+))?/commands", self._commands),
            ("POST", r"/interactions/(\d+)/([^/]+)/callback", self._callback),
            ("POST", w, self._followup),
            ("GET|PATCH|DELETE", w + r"/messages/([^/]+)", self._webhook_message),
        ]
        self.scheduled = ScheduledEvents(self.guilds, int(self.bot["id"]), lambda: self.clock())
        self._routes += self.scheduled.routes()

    # -- server-side controls ----------------------------------------------------------------

    def fail(
        self,
        method: str,
        path: str,
        *,
        status: int = 403,
        code: int = 50013,
        message: str = "Missing Permissions",
    ) -> None:
        """Make requests matching method and path (regex, full match) fail with a Discord error."""
        self.failures.append((method, re.compile(path), status, {"code": code, "message": message}))

    def forbid_dm(self, user_id: int) -> None:
        """Make DMs to a user fail like Discord does: 403, code 50007."""
        path = f"/channels/{self.dm_channel_id(user_id)}/messages"
        self.fail("POST", path, code=50007, message="Cannot send messages to this user")

    def restrict(self, channel_id: int, **denied: bool) -> None:
        """Deny the bot permissions in a channel with a member overwrite, as an admin would."""
        ch = self.channels[channel_id]
        value = discord.Permissions(**denied).value
        ows = [o for o in ch.get("permission_overwrites") or [] if o["id"] != self.bot["id"]]
        ows.append({"id": self.bot["id"], "type": 1, "allow": "0", "deny": str(value)})
        ch["permission_overwrites"] = ows

    def permissions_in(self, channel_id: int, user_id: int) -> int:
        """A member's permissions in a guild channel (all of them in DMs)."""
        ch = self.channels[channel_id]
        if not ch.get("guild_id"):
            return discord.Permissions.all().value
        return channel_permissions(self.guilds[int(ch["guild_id"])], ch, self.channels, user_id)

    def dm_channel_id(self, user_id: int) -> int:
        """Return (creating on first use) the id of the bot's DM channel with a user."""
        if user_id not in self._dms:
            channel = dm_channel(new_id(), self.users[user_id])
            self._dms[user_id] = int(channel["id"])
            self.channels[int(channel["id"])] = channel
        return self._dms[user_id]

    # -- reading what the bot did ------------------------------------------------------------

    def reply(self, interaction: discord.Interaction | Payload) -> Reply | None:
        """The interaction callback the bot sent (type and data), or None."""
        return self.replies.get(token_of(interaction))

    def original(self, interaction: discord.Interaction | Payload) -> Payload | None:
        """The current state of the interaction's original response message."""
        return self.messages.get(self.originals.get(token_of(interaction), 0))

    def followups(self, interaction: discord.Interaction | Payload) -> list[Payload]:
        """Followup messages sent through the interaction webhook, in order."""
        return [
            self.messages[i]
            for i in self.followup_ids.get(token_of(interaction), [])
            if i in self.messages
        ]

    def channel_messages(self, channel_id: int) -> list[Payload]:
        """Messages the bot created with POST /channels/{id}/messages, in order."""
        return [
            m
            for i in self.sent
            if (m := self.messages.get(i)) and m["channel_id"] == str(channel_id)
        ]

    def dms(self, user_id: int) -> list[Payload]:
        """Messages the bot delivered to a user's DM channel."""
        return self.channel_messages(self._dms[user_id]) if user_id in self._dms else []

    # -- routing -----------------------------------------------------------------------------

    def respond(self, call: Call) -> tuple[int, Any]:
        """Answer one request: injected failures first, then the route table, else 404."""
        for method, pattern, status, body in self.failures:
            if method == call.method and pattern.fullmatch(call.path):
                return status, body
        for methods, route, handler in self._routes:
            if re.fullmatch(methods, call.method) and (m := re.fullmatch(route, call.path)):
                return handler(call, *m.groups())
        return 404, {
            "code": 0,
            "message": f"FakeDiscord has no route for {call.method} {call.path}",
        }

    def _app_info(self, call: Call) -> tuple[int, Any]:
        owner_id = int(next(iter(self.guilds.values()))["owner_id"])
        return 200, app_info(self.bot, self.users.get(owner_id, self.bot))

    def _get_user(self, call: Call, uid: str) -> tuple[int, Any]:
        found = self.users.get(int(uid))
        return (200, found) if found else (404, {"code": 10013, "message": "Unknown User"})

    def _create_dm(self, call: Call) -> tuple[int, Any]:
        return 200, self.channels[self.dm_channel_id(int(call.json["recipient_id"]))]

    def _channel(self, call: Call, cid: str) -> tuple[int, Any]:
        ch = self.channels.get(int(cid))
        if ch is None:
            return 404, {"code": 10003, "message": "Unknown Channel"}
        for key, value in (call.json or {}).items():
            meta = ch.get("thread_metadata", {})
            (meta if key in meta else ch)[key] = value
        return 200, ch

    def _history(self, call: Call, cid: str) -> tuple[int, Any]:
        found = [m for m in self.messages.values() if m["channel_id"] == cid]
        return 200, found[::-1][: int(call.params.get("limit", 50))]

    def _bot_lacks(self, cid: int, body: Payload, files: Sequence[Any]) -> Answer | None:
        """50001 without View Channel; 50013 without what writing this body needs."""
        ch = self.channels[cid]
        if not ch.get("guild_id"):
            return None
        value = self.permissions_in(cid, int(self.bot["id"]))
        if lacks(value, view_channel=True):
            return MISSING_ACCESS
        in_thread = ch.get("type") in (10, 11, 12)
        wanted = {"send_messages_in_threads" if in_thread else "send_messages": True}
        if body.get("embeds"):
            wanted["embed_links"] = True
        if files:
            wanted["attach_files"] = True
        names = lacks(value, **wanted)
        return missing(*names) if names else None

    def _send(self, call: Call, cid: str) -> tuple[int, Any]:
        ch = self.channels.get(int(cid))
        if ch is None:
            return 404, {"code": 10003, "message": "Unknown Channel"}
        body = call.json or {}
        if refused := refused_message(body, call.files, DEFAULT_UPLOAD_LIMIT, new=True):
            return refused
        if refused := self._bot_lacks(int(cid), body, call.files):
            return refused
        nonce = body.get("nonce") if body.get("enforce_nonce") else None
        if nonce is not None and (seen := self.nonces.get(str(nonce))) is not None:
            made, at = seen
            if self.clock() - at <= NONCE_WINDOW:
                if made not in self.messages:  # deleted since: Discord says so
                    return 404, {"code": 10008, "message": "Unknown Message"}
                return 200, self.messages[made]
        extra = {"guild_id": ch["guild_id"]} if ch.get("guild_id") else {}
        msg = self._store(
            message(int(cid), self.bot, call.json or {}, **extra), call.files, call.json
        )
        self.sent.append(int(msg["id"]))
        if nonce is not None:
            self.nonces[str(nonce)] = (int(msg["id"]), self.clock())
        return 200, msg

    def _message(self, call: Call, cid: str, mid: str) -> tuple[int, Any]:
        msg = self.messages.get(int(mid))
        if msg is None or msg["channel_id"] != cid:
            return 404, {"code": 10008, "message": "Unknown Message"}
        if call.method == "DELETE":
            del self.messages[int(mid)]
            return 204, None
        if call.method == "PATCH":
            body = call.json or {}
            if refused := refused_message(body, call.files, DEFAULT_UPLOAD_LIMIT, new=False):
                return refused
            if refused := self._bot_lacks(int(cid), body, call.files):
                return refused
            if limited := self._rate_limit(call, int(mid)):
                return limited
            edit_message(msg, body, call.files)
        return 200, msg

    def _rate_limit(self, call: Call, mid: int) -> Answer | None:
        """429 on the sixth edit of one message within five seconds of the fake's clock."""
        now = self.clock()
        recent = [t for t in self.edits.get(mid, []) if now - t < EDIT_WINDOW]
        if len(recent) >= EDIT_BURST:
            self.limited.append(call)
            # discord.py sleeps `retry_after` real seconds while this clock stands still, so a
            # served 429 counts as waited out (a short real wait keeps the tests quick).
            self.edits[mid] = []
            body = {"message": "You are being rate limited.", "retry_after": 0.01}
            return 429, {**body, "global": False}
        self.edits[mid] = [*recent, now]
        return None

    def _thread(self, call: Call, cid: str, mid: str | None) -> tuple[int, Any]:
        body = call.json or {}
        if errors := limits.thread_errors(body):
            return invalid(errors)
        private = body.get("type") == 12
        wanted = {"create_private_threads" if private else "create_public_threads": True}
        value = self.permissions_in(int(cid), int(self.bot["id"]))
        if lacks(value, view_channel=True):
            return MISSING_ACCESS
        if names := lacks(value, **wanted):
            return missing(*names)
        tid = int(mid) if mid else new_id()  # a thread started from a message shares its id
        self.channels[tid] = thread(
            tid, self.channels[int(cid)], int(self.bot["id"]), body["name"], body.get("type", 11)
        )
        return 201, self.channels[tid]

    def _member(self, call: Call, gid: str, uid: str) -> tuple[int, Any]:
        found = [m for m in self.guilds[int(gid)]["members"] if m["user"]["id"] == uid]
        return (200, found[0]) if found else (404, {"code": 10007, "message": "Unknown Member"})

    def _commands(self, call: Call, gid: str | None) -> tuple[int, Any]:
        key = int(gid) if gid else None
        if call.method == "PUT" and (errors := limits.command_errors(call.json or [])):
            return invalid(errors)
        if call.method == "PUT":
            old = {c["name"]: c["id"] for c in self.commands.get(key, [])}
            extra = {"guild_id": gid} if gid else {}
            self.commands[key] = [
                {
                    "type": 1,
                    **c,
                    "id": old.get(c["name"]) or str(new_id()),
                    "application_id": self.bot["id"],
                    "version": str(new_id()),
                    **extra,
                }
                for c in call.json
            ]
        return 200, self.commands.get(key, [])

    def _callback(self, call: Call, iid: str, token: str) -> tuple[int, Any]:
        inter = self.interactions.get(token)
        if inter is None or inter["id"] != iid:
            return UNKNOWN_INTERACTION
        if self.clock() - snowflake_time(int(iid)) > RESPONSE_WINDOW:
            return UNKNOWN_INTERACTION  # what Discord answers to a response after 3 seconds
        if token in self.replies:
            return 400, {"code": 40060, "message": "Interaction has already been acknowledged."}
        kind, data = call.json["type"], call.json.get("data") or {}
        checks = {8: limits.autocomplete_errors, 9: limits.modal_errors}
        if errors := checks.get(kind, limits.message_errors)(data):
            return invalid(errors)
        if sum(len(b) for _, b in call.files) > int(inter["attachment_size_limit"]):
            return TOO_LARGE
        self.replies[token] = Reply(kind, data)
        msg = None
        if kind in (4, 5):
            loading = {"flags": LOADING | (data.get("flags", 0) & EPHEMERAL)} if kind == 5 else {}
            extra = {"guild_id": inter["guild_id"]} if "guild_id" in inter else {}
            body = {**data, **loading} if kind == 4 else loading
            msg = self._store(
                message(int(inter.get("channel_id", 0)), self.bot, body, **extra), call.files, body
            )
            msg["type"] = 20 if inter.get("type") == 2 else 0
        elif kind in (6, 7) and "message" in inter:
            msg = self.messages.setdefault(
                int(inter["message"]["id"]), copy.deepcopy(inter["message"])
            )
            if kind == 7:
                edit_message(msg, data, call.files)
        if msg is not None:
            self.originals[token] = int(msg["id"])
        meta = {
            "id": iid,
            "type": inter.get("type", 2),
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(msg and msg["flags"] & EPHEMERAL),
        }
        resource: Payload = {"type": kind}
        if msg is not None and kind in (4, 5, 7):
            meta["response_message_id"] = msg["id"]
            resource["message"] = msg
        return 200, {"interaction": meta, "resource": resource}

    def _token(self, token: str) -> Answer | None:
        """The interaction webhook works only after a response, and for 15 minutes."""
        inter = self.interactions.get(token)
        if inter is None or token not in self.replies:
            return UNKNOWN_WEBHOOK
        if self.clock() - snowflake_time(int(inter["id"])) > TOKEN_LIFETIME:
            return INVALID_TOKEN
        return None

    def _followup(self, call: Call, token: str) -> tuple[int, Any]:
        if refused := self._token(token):
            return refused
        inter = self.interactions[token]
        body = call.json or {}
        limit = int(inter["attachment_size_limit"])
        if refused := refused_message(body, call.files, limit, new=True):
            return refused
        # The docs describe a followup sent right after a "thinking" defer filling in that
        # message as deprecated backwards compatibility; discord.py's docs still suggest it.
        # Following the documented API, a followup is always a new message, and the
        # "thinking…" message stays until edit_original_response replaces it.
        msg = self._store(
            message(int(inter.get("channel_id", 0)), self.bot, body), call.files, body
        )
        self.followup_ids.setdefault(token, []).append(int(msg["id"]))
        return 200, msg

    def _webhook_message(self, call: Call, token: str, mid: str) -> tuple[int, Any]:
        if refused := self._token(token):
            return refused
        if call.method == "PATCH":
            limit = int(self.interactions[token]["attachment_size_limit"])
            if refused := refused_message(call.json or {}, call.files, limit, new=False):
                return refused
        msg = self.messages.get(self.originals.get(token, 0) if mid == "@original" else int(mid))
        if msg is None:
            return 404, {"code": 10008, "message": "Unknown Message"}
        if call.method == "DELETE":
            del self.messages[int(msg["id"])]
            return 204, None
        if call.method == "PATCH":
            loading = msg["flags"] & LOADING
            msg["flags"] &= ~LOADING
            edit_message(msg, call.json or {}, call.files, edited=not loading)
        return 200, msg

    def _store(
        self, msg: Payload, files: Sequence[tuple[str, bytes]], body: Payload | None = None
    ) -> Payload:
        if files:  # the body's attachments carry each file's alt text
            described = {"attachments": (body or {}).get("attachments")}
            edit_message(msg, described, files, edited=False)
        self.messages[int(msg["id"])] = msg
        return msg
