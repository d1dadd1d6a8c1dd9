"""Native Discord scheduled events for the core's CalendarEvent (a meeting, on Discord).

External events (a room or a link), visible to the server's members. Creating and changing
them needs Manage Events: without it the bot carries on (the meeting post, reminders and
.ics all work) and says so once per server and run, in the log and to the facilitators.
"""

from __future__ import annotations

import logging

import discord

from bot.core.bot import Bot
from bot.core.i18n import N_, _
from bot.core.model import Reply, Role, User
from bot.core.outlet import CalendarEvent
from bot.platforms.discord.render import cut, guild_of

log = logging.getLogger(__name__)

NO_PERMISSION = N_(
    "I can't add meetings to the server's Events: I am missing the Manage Events "
    "permission. Meetings still work (posts, reminders, calendar files); to see them under "
    "Events too, give me Manage Events in Server Settings > Roles."
)


class NativeEvents:
    """The Discord outlet's `calendar` (declared on bot/core/outlet.py's Outlet)."""

    client: discord.Client
    bot: Bot
    _told_events: set[str]

    async def calendar(
        self, group_id: str, ref: str | None, event: CalendarEvent | None
    ) -> str | None:
        """Create, move, cancel or remove the server's event; the id to keep (None: none)."""
        guild = self.client.get_guild(guild_of(group_id))
        if guild is None:
            return ref
        try:
            existing = await self._existing(guild, ref)
            if event is None:
                if existing is not None:
                    await existing.delete(reason="the meeting is over")
                return None
            if event.cancelled:
                if existing is not None and existing.status is discord.EventStatus.scheduled:
                    await existing.cancel(reason="the meeting is cancelled")
                elif existing is not None:
                    await existing.delete(reason="the meeting is cancelled")
                return None
            name, place = cut(event.title, 100), cut(event.place or "-", 100)
            about = cut(event.description, 1000)
            if existing is not None:
                await existing.edit(
                    name=name, description=about, start_time=event.start, end_time=event.end,
                    location=place, entity_type=discord.EntityType.external,
                    privacy_level=discord.PrivacyLevel.guild_only,
                )  # fmt: skip
                return ref
            made = await guild.create_scheduled_event(
                name=name, description=about, start_time=event.start, end_time=event.end,
                location=place, entity_type=discord.EntityType.external,
                privacy_level=discord.PrivacyLevel.guild_only,
            )  # fmt: skip
            return str(made.id)
        except discord.Forbidden:
            await self._no_permission(group_id)
            return ref

    async def _existing(
        self, guild: discord.Guild, ref: str | None
    ) -> discord.ScheduledEvent | None:
        """The event behind `ref`, unless someone deleted it in Discord (then a new one)."""
        if ref is None:
            return None
        try:
            return await guild.fetch_scheduled_event(int(ref), with_counts=False)
        except discord.NotFound:
            log.info("scheduled event %s in %s was deleted in Discord", ref, guild.id)
            return None

    async def _no_permission(self, group_id: str) -> None:
        if group_id in self._told_events:
            return
        self._told_events.add(group_id)
        log.warning("no Manage Events in %s: meetings are not shown under Events", group_id)
        staff = await self.bot.members.with_role(group_id, Role.FACILITATOR)
        guild = self.client.get_guild(guild_of(group_id))
        owner = [User(str(guild.owner_id), "the owner")] if guild else []
        for person in staff or owner:
            await self.bot.outbox.dm(group_id, person, Reply(_(NO_PERMISSION), private=True))
