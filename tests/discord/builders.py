"""Interaction payloads as Discord sends them: slash commands, clicks, menus, forms, timed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import discord
from discord import app_commands

from . import payloads as p
from .payloads import Payload
from .server import FakeServer


def option(name: str, value: Any, type: int | None = None) -> Payload:
    """Build a command option; the type is inferred from the Python value unless given."""
    if type is None:
        kinds = ((bool, 5), (int, 4), (float, 10), (discord.abc.User, 6), (discord.Role, 8))
        type = next((t for k, t in kinds if isinstance(value, k)), 3)
    if isinstance(value, discord.abc.Snowflake):
        value = value.id
    return {
        "name": name,
        "type": type,
        "value": str(value) if type in (3, 6, 7, 8, 9, 11) else value,
    }


def command_data(
    path: Sequence[str], options: list[Payload], command_id: int, guild_id: int | None
) -> Payload:
    """Build chat-input command data, nesting options under subcommand group / subcommand."""
    opts = options
    for depth, name in reversed(list(enumerate(path[1:], start=1))):
        sub_type = 1 if depth == len(path) - 1 else 2
        opts = [{"type": sub_type, "name": name, "options": opts}]
    data: Payload = {"id": str(command_id), "name": path[0], "type": 1, "options": opts}
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def resolved(
    options: Sequence[Payload], guild_payload: Payload | None, users: Mapping[int, Payload]
) -> Payload:
    """Build the ``resolved`` block for user (6), channel (7) and role (8) options."""
    out: dict[str, dict[str, Payload]] = {}
    g = guild_payload or {"members": [], "channels": [], "roles": []}
    for opt in options:
        key, kind = opt["value"], opt["type"]
        if kind in (6, 9) and int(key) in users:
            out.setdefault("users", {})[key] = users[int(key)]
            for m in g["members"]:
                if m["user"]["id"] == key:
                    perms = str(p.member_permissions(g, int(key)))
                    extra = {k: v for k, v in m.items() if k != "user"}
                    out.setdefault("members", {})[key] = {**extra, "permissions": perms}
        pools = {7: ("channels", g["channels"]), 8: ("roles", g["roles"]), 9: ("roles", g["roles"])}
        if kind in pools:
            bucket, pool = pools[kind]
            for item in pool:
                if item["id"] == key:
                    extra = (
                        {"permissions": str(discord.Permissions.all().value)} if kind == 7 else {}
                    )
                    out.setdefault(bucket, {})[key] = {**item, **extra}
    return out


class InteractionBuilder(FakeServer):
    """Builds INTERACTION_CREATE payloads against the server's state and the client's tree."""

    @property
    def tree(self) -> app_commands.CommandTree[Any]:
        """The client's CommandTree (option names and types come from it)."""
        raise NotImplementedError

    def slash(
        self,
        command: str | Sequence[str],
        options: Mapping[str, Any] | None = None,
        /,
        *,
        user: int = p.ALICE_ID,
        channel: int | None = None,
        dm: bool = False,
        age: float = 0.0,
        **more: Any,
    ) -> Payload:
        """Build an APPLICATION_COMMAND payload, e.g. slash("poll vote", id=3, choice="a").

        `age` makes it created that many seconds ago on the fake's clock.
        """
        values = {**(options or {}), **more}
        return self._command(2, command, values, None, user, channel, dm, age)

    def autocomplete(
        self,
        command: str | Sequence[str],
        focused: str,
        options: Mapping[str, Any] | None = None,
        /,
        *,
        user: int = p.ALICE_ID,
        channel: int | None = None,
        dm: bool = False,
        **more: Any,
    ) -> Payload:
        """Build an APPLICATION_COMMAND_AUTOCOMPLETE payload whose ``focused`` option is focused."""
        values = {**(options or {}), **more}
        return self._command(4, command, values, focused, user, channel, dm, 0.0)

    def click(
        self,
        custom_id: str,
        *,
        message_id: int | None = None,
        user: int = p.ALICE_ID,
        age: float = 0.0,
    ) -> Payload:
        """Build a button click (MESSAGE_COMPONENT, component_type 2) on a stored message."""
        data = {"custom_id": custom_id, "component_type": 2}
        return self._component(data, message_id, user, age)

    def select(
        self,
        custom_id: str,
        values: Sequence[str],
        *,
        message_id: int | None = None,
        user: int = p.ALICE_ID,
        component_type: int = 3,
    ) -> Payload:
        """Build a select-menu choice (MESSAGE_COMPONENT, component_type 3 by default)."""
        data = {"custom_id": custom_id, "component_type": component_type, "values": list(values)}
        return self._component(data, message_id, user)

    def modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        user: int = p.ALICE_ID,
        channel: int | None = None,
        dm: bool = False,
    ) -> Payload:
        """Build a MODAL_SUBMIT payload; ``values`` maps text-input custom_id to typed text."""
        fields = [
            {"type": 18, "component": {"type": 4, "custom_id": k, "value": v}}
            for k, v in values.items()
        ]
        u, guild, ch = self._context(user, channel, dm)
        data = {"custom_id": custom_id, "components": fields}
        return self._register(
            p.interaction(5, data, user=u, guild=guild, channel=ch, at=self._at())
        )

    def _context(
        self, user: int, channel: int | None, dm: bool
    ) -> tuple[Payload, Payload | None, Payload]:
        if dm:
            return self.users[user], None, self.channels[self.dm_channel_id(user)]
        guild: Payload | None
        if channel is None:
            guild = next(iter(self.guilds.values()))
            ch = next(c for c in guild["channels"] if c["type"] == 0)
        else:
            ch = self.channels[channel]
            guild = self.guilds[int(ch["guild_id"])] if ch.get("guild_id") else None
        return self.users[user], guild, ch

    def _command(
        self,
        kind: int,
        command: str | Sequence[str],
        values: Mapping[str, Any],
        focused: str | None,
        user: int,
        channel: int | None,
        dm: bool,
        age: float,
    ) -> Payload:
        path = command.split() if isinstance(command, str) else list(command)
        u, guild, ch = self._context(user, channel, dm)
        types, guild_id = self._signature(path, guild)
        if focused is not None:
            values = {focused: "", **values}
        opts = []
        for key, value in values.items():
            name, kind_ = types.get(key, (key, None))
            opt = option(name, str(value) if key == focused else value, kind_)
            if key == focused:
                opt["focused"] = True
            opts.append(opt)
        data = command_data(path, opts, p.new_id(), guild_id)
        if res := resolved(opts, guild, self.users):
            data["resolved"] = res
        at = self._at(age)
        return self._register(p.interaction(kind, data, user=u, guild=guild, channel=ch, at=at))

    def _signature(
        self, path: list[str], guild: Payload | None
    ) -> tuple[dict[str, tuple[str, int]], int | None]:
        """Map option names to (Discord name, type) from the tree; find the command's guild."""
        g = discord.Object(int(guild["id"])) if guild else None
        cmd: Any = self.tree.get_command(path[0], guild=g) if g else None
        guild_id = g.id if cmd is not None and g is not None else None
        cmd = cmd or self.tree.get_command(path[0])
        for name in path[1:]:
            cmd = cmd.get_command(name) if isinstance(cmd, app_commands.Group) else None
        if not isinstance(cmd, app_commands.Command):
            return {}, guild_id
        types = {
            k: (prm.display_name, prm.type.value)
            for prm in cmd.parameters
            for k in (prm.name, prm.display_name)
        }
        return types, guild_id

    def _component(
        self, data: Payload, message_id: int | None, user: int, age: float = 0.0
    ) -> Payload:
        if message_id is None:
            found = [m for m in self.messages.values() if data["custom_id"] in p.custom_ids(m)]
            if not found:
                raise LookupError(f"no stored message has a component {data['custom_id']!r}")
            message_id = int(found[-1]["id"])
        msg = self.messages[message_id]
        ch = self.channels[int(msg["channel_id"])]
        guild = self.guilds[int(ch["guild_id"])] if ch.get("guild_id") else None
        u = self.users[user]
        at = self._at(age)
        return self._register(
            p.interaction(3, data, user=u, guild=guild, channel=ch, message=msg, at=at)
        )

    def _at(self, age: float = 0.0) -> datetime:
        return self.clock() - timedelta(seconds=age)

    def _register(self, payload: Payload) -> Payload:
        """Remember the interaction; in a guild, permissions are the channel's (overwrites)."""
        if "guild_id" in payload:
            cid = int(payload["channel_id"])
            user = int(payload["member"]["user"]["id"])
            payload["app_permissions"] = str(self.permissions_in(cid, int(self.bot["id"])))
            payload["member"]["permissions"] = str(self.permissions_in(cid, user))
        self.interactions[payload["token"]] = payload
        return payload
