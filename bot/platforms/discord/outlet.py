"""Speaking outside a command's own answer: posts, living-message edits, DMs with a fallback.

DM fallback: when Discord refuses a DM (403; code 50007 when someone's DMs are closed), the
person is mentioned with the same message in the group's `bot_channel` setting, else the
server's system channel, else the first text channel where the bot may write; every fallback
is recorded in `discord_dm_fallbacks` (with no channel when none could be used).
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.core.bot import Bot
from bot.core.i18n import _
from bot.core.model import Reply, Role, User
from bot.core.outlet import AnswerTo, Handle, Undeliverable
from bot.platforms.discord.calendar import NativeEvents
from bot.platforms.discord.render import Renderer, cut, guild_of
from storage.discord import DiscordRepository

log = logging.getLogger(__name__)

Writable = discord.TextChannel | discord.Thread


async def open_thread(
    client: discord.Client, channel_id: int, message_id: int, name: str
) -> str | None:
    """Open a discussion thread on a message (only text channels have them); its id."""
    channel = client.get_channel(channel_id)
    if not isinstance(channel, discord.TextChannel):
        log.info("no thread for message %s: channel %s has no threads", message_id, channel_id)
        return None
    try:
        thread = await channel.get_partial_message(message_id).create_thread(
            name=cut(name, 100), auto_archive_duration=1440
        )
    except discord.HTTPException as e:
        log.warning("could not open a thread on message %s: %s", message_id, e)
        return None
    return str(thread.id)


async def posted(client: discord.Client, reply: Reply, channel_id: int, message_id: int) -> Handle:
    """Where a message went, opening the thread it asks for."""
    thread = (
        await open_thread(client, channel_id, message_id, reply.thread) if reply.thread else None
    )
    return Handle(str(channel_id), str(message_id), thread)


class DiscordOutlet(NativeEvents):
    """The core's Outlet on Discord (with native scheduled events for meetings)."""

    live_updates = True

    def __init__(
        self, client: discord.Client, bot: Bot, renderer: Renderer, repo: DiscordRepository
    ) -> None:
        self.client = client
        self.bot = bot
        self.renderer = renderer
        self.repo = repo
        self._told: set[tuple[str, int]] = set()  # (group, channel) the owner heard about
        self._told_events: set[str] = set()  # groups told the bot lacks Manage Events

    async def _channel(self, channel_id: str) -> discord.abc.Messageable:
        cid = int(channel_id)
        found = self.client.get_channel(cid) or await self.client.fetch_channel(cid)
        if not isinstance(found, discord.abc.Messageable):
            raise ValueError(f"channel {channel_id} cannot hold messages")
        return found

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, idem: str) -> Handle:
        """Say something in a channel, opening the thread the reply asks for.

        Where the bot may not write (a slash answer needs no permission, so a poll can live
        there), the message goes to the fallback channel instead and the owner is told.
        The nonce makes a resend after a crash return the message already made.
        """
        try:
            channel = await self._channel(channel_id)
        except discord.NotFound as e:
            raise Undeliverable(f"channel {channel_id} is gone") from e
        rendered = await self.renderer.render(reply, group_id)
        try:
            message = await channel.send(nonce=idem, **rendered.send_kwargs())
        except discord.Forbidden as e:
            await self.cannot_write(group_id, int(channel_id))
            elsewhere = await self.fallback_channel(group_id)
            if elsewhere is None or elsewhere.id == int(channel_id):
                raise Undeliverable(f"may not write in {channel_id}") from e
            message = await elsewhere.send(nonce=idem + "f", **rendered.send_kwargs())
        return await posted(self.client, reply, message.channel.id, message.id)

    async def post_in_thread(
        self, group_id: str, handle: Handle, reply: Reply, *, idem: str
    ) -> Handle:
        """Post in the message's thread; a deleted (or never opened) one: reply in the channel."""
        rendered = await self.renderer.render(reply, group_id)
        if handle.thread_ref is not None:
            thread = self.client.get_partial_messageable(
                int(handle.thread_ref), guild_id=guild_of(group_id) or None
            )
            try:
                message = await thread.send(nonce=idem, **rendered.send_kwargs())
                return Handle(str(message.channel.id), str(message.id), handle.thread_ref)
            except (discord.NotFound, discord.Forbidden) as e:
                log.warning(
                    "thread %s in %s is gone (%s); posting in its channel instead",
                    handle.thread_ref,
                    group_id,
                    e.code,
                )
        channel = await self._channel(handle.channel_id)
        reference = discord.MessageReference(
            message_id=int(handle.message_ref),
            channel_id=int(handle.channel_id),
            fail_if_not_exists=False,
        )
        message = await channel.send(
            reference=reference, nonce=idem + "r", **rendered.send_kwargs()
        )
        return Handle(str(message.channel.id), str(message.id), None)

    async def update(
        self, group_id: str, key: str, handle: Handle, reply: Reply, *, idem: str
    ) -> None:
        """Edit the living message under `key`: new turnout, or results with no buttons."""
        rendered = await self.renderer.render(reply, group_id)
        channel = self.client.get_partial_messageable(
            int(handle.channel_id), guild_id=guild_of(group_id) or None
        )
        try:
            message = channel.get_partial_message(int(handle.message_ref))
            await message.edit(**rendered.edit_kwargs())
        except discord.NotFound:
            log.info("living message %s of %s was deleted; not redrawn", key, group_id)
        except discord.Forbidden:
            # Not raised: what follows an edit (a poll's results) must still be posted.
            log.warning("may not edit %s in channel %s", key, handle.channel_id)
            await self.cannot_write(group_id, int(handle.channel_id))

    async def cannot_write(self, group_id: str, channel_id: int) -> None:
        """Tell the group's facilitators (else the owner), once a channel, what is missing."""
        if (group_id, channel_id) in self._told:
            return
        self._told.add((group_id, channel_id))
        guild = self.client.get_guild(guild_of(group_id))
        channel = guild.get_channel_or_thread(channel_id) if guild else None
        if guild is None or channel is None:
            return
        have = channel.permissions_for(guild.me)
        needed = {
            "View Channel": have.view_channel,
            "Send Messages": have.send_messages_in_threads
            if isinstance(channel, discord.Thread)
            else have.send_messages,
            "Embed Links": have.embed_links,
            "Attach Files": have.attach_files,
        }
        missing = [name for name, ok in needed.items() if not ok] or ["a permission"]
        staff = await self.bot.members.with_role(group_id, Role.FACILITATOR)
        text = (
            f"I can't write in <#{channel_id}>: I am missing {', '.join(missing)} there. "
            "Until I have it, I post what belongs there (such as poll results) in the bot "
            "channel instead. Server Settings > Channels > Permissions gives it to me."
        )
        for person in staff or [User(str(guild.owner_id), "the owner")]:
            await self.bot.outbox.dm(group_id, person, Reply(text, private=True))

    async def dm(self, group_id: str, user: User, reply: Reply, *, idem: str) -> None:
        """A direct message naming the group; a mention in a channel when DMs are closed."""
        group = await self.bot.group(group_id)
        footer = _("From {name}", name=group.name)  # in the reader's language, as the message
        rendered = await self.renderer.render(reply, group_id, footer=footer)
        try:
            uid = int(user.id)
            target = self.client.get_user(uid) or await self.client.fetch_user(uid)
            await target.send(nonce=idem, **rendered.send_kwargs())
        except discord.Forbidden as e:
            # DMs also fail for someone who has left: never mention them in public for that.
            if await self.still_member(group_id, user):
                await self.fall_back(group_id, user, reply, e.code, idem + "f")
        except discord.NotFound as e:
            log.info("no Discord user %s to DM", user.id)
            await self._record(group_id, user, None, e.code)

    async def still_member(self, group_id: str, user: User) -> bool:
        """Whether someone is still in the server; one who is not is forgotten (and recorded)."""
        guild = self.client.get_guild(guild_of(group_id))
        if guild is None or guild.get_member(int(user.id)) is not None:
            return guild is not None
        try:
            await guild.fetch_member(int(user.id))
        except discord.NotFound as e:
            log.info("%s has left %s; forgetting them", user.id, group_id)
            await self._record(group_id, user, None, e.code)
            await self.bot.member_left(group_id, user.id)
            return False
        return True

    async def answer(
        self, group_id: str, to: AnswerTo, reply: Reply, *, idem: str
    ) -> Handle | None:
        """An answer owed outside an interaction: privately, or in the channel it was asked in.

        (Slash commands and buttons are answered in their interaction; this is for an answer
        that outlived one.)
        """
        if reply.private or to.private_chat:
            await self.dm(group_id, to.user, reply, idem=idem)
            return None
        return await self.post(group_id, to.channel_id, reply, idem=idem)

    async def fall_back(
        self, group_id: str, user: User, reply: Reply, code: int, nonce: str
    ) -> None:
        """Mention the person with the message in the group's fallback channel, and record it.

        A confidential reply is never shown there: the mention only says what is waiting.
        """
        where: str | None = None
        channel = await self.fallback_channel(group_id)
        if channel is not None:
            closed = (
                f"<@{user.id}>, I couldn't message you directly (your direct messages are closed)"
            )
            kwargs: dict[str, Any]
            if reply.confidential:
                what = reply.title or "a private message"
                kwargs = {
                    "content": cut(
                        f"{closed}. {what} is for you alone, so it is not shown here: allow "
                        "direct messages from this server's members to get the next one.",
                        2000,
                    )
                }
            else:
                rendered = await self.renderer.render(reply, group_id)
                note = f"{closed}, so here it is:"
                kwargs = rendered.send_kwargs()
                kwargs["content"] = cut(
                    note + "\n\n" + rendered.content if rendered.content else note, 2000
                )
            mention = discord.AllowedMentions(
                everyone=False, roles=False, users=[discord.Object(int(user.id))]
            )
            try:
                await channel.send(allowed_mentions=mention, nonce=nonce, **kwargs)
                where = str(channel.id)
            except discord.HTTPException as e:
                log.warning("could not mention %s in %s: %s", user.id, channel.id, e)
        await self._record(group_id, user, where, code)

    async def _record(self, group_id: str, user: User, where: str | None, code: int) -> None:
        async with self.bot.db.transaction() as tx:
            await self.repo.record_dm_fallback(
                tx,
                group_id=group_id,
                user_id=user.id,
                channel_id=where,
                error_code=code,
                now=self.bot.clock.now(),
            )

    async def fallback_channel(self, group_id: str) -> Writable | None:
        """The group's bot_channel, else the system channel, else the first writable one."""
        group = await self.bot.group(group_id)
        guild = self.client.get_guild(guild_of(group_id))
        if guild is None:
            return None
        candidates: list[discord.abc.GuildChannel | discord.Thread | None] = []
        setting = (group.settings.bot_channel or "").strip().removeprefix("<#").removesuffix(">")
        if setting.isdigit():
            candidates.append(guild.get_channel_or_thread(int(setting)))
        candidates.append(guild.system_channel)
        by_position = sorted(guild.text_channels, key=lambda c: (c.position, c.id))
        candidates.extend(by_position)
        for channel in candidates:
            if isinstance(channel, Writable) and channel.permissions_for(guild.me).send_messages:
                return channel
        return None
