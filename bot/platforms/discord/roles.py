"""Discord members to the bot's roles: configured role names or ids, and Manage Server."""

from __future__ import annotations

import discord

from bot.config import DiscordConfig
from bot.core.model import Role


def _matches(role: discord.Role, wanted: tuple[str, ...]) -> bool:
    names = {w.strip().casefold() for w in wanted}
    return str(role.id) in names or role.name.casefold() in names


def role_of(
    member: discord.Member, config: DiscordConfig, permissions: discord.Permissions | None = None
) -> Role:
    """The member's role. Manage Server (as owner, Administrator or by a role) makes an organiser.

    `permissions` are those Discord resolved for the member in an interaction; they count too,
    so the answer is right even when the guild's roles are not cached.
    """
    if member.guild_permissions.manage_guild or (permissions and permissions.manage_guild):
        return Role.ORGANISER
    roles = member.roles
    if any(_matches(r, config.organiser_roles) for r in roles):
        return Role.ORGANISER
    if any(_matches(r, config.facilitator_roles) for r in roles):
        return Role.FACILITATOR
    return Role.PARTICIPANT
