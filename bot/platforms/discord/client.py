"""The Discord client: intents, the generated command tree, and the gateway events the bot uses."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.config import DiscordConfig
from bot.core.bot import Bot
from bot.core.i18n import N_
from bot.core.model import Role, User
from bot.platforms.discord.buttons import DYNAMIC_ITEMS
from bot.platforms.discord.interactions import DEFER_AFTER, FAILED, Interactions
from bot.platforms.discord.outlet import DiscordOutlet
from bot.platforms.discord.render import Renderer
from bot.platforms.discord.roles import role_of
from bot.platforms.discord.translator import Localised
from bot.platforms.discord.tree import build_commands
from storage.discord import DiscordRepository

GROUP_PREFIX = "discord:"

log = logging.getLogger(__name__)

# What the invite link asks for: read and write in channels, embeds and pictures, threads
# on polls, and meetings under the server's Events. Computed rather than copied, so the
# README is checked against it by a test.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    manage_events=True,
)
INVITE_SCOPES = ("bot", "applications.commands")
UNKNOWN_COMMAND = N_(
    "That command is not known here any more. An organiser can update the commands with "
    "`coprod discord sync`."
)


def intents_for(config: DiscordConfig) -> discord.Intents:
    """Only what the bot needs: guilds (names, channels, roles); members if configured.

    Slash commands and components need no message intents at all. The privileged Server
    Members intent lets turnout and reminders count every member, not only those who have
    used the bot.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = config.members_intent
    return intents


def invite_url(application_id: int) -> str:
    """The OAuth2 link that adds the bot to a server with its commands and permissions."""
    return discord.utils.oauth_url(
        application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES
    )


class CoprodTree(app_commands.CommandTree["CoprodClient"]):
    """The command tree; errors become an ephemeral apology, never silence."""

    localised = Localised()

    @property
    def translator(self) -> app_commands.Translator | None:
        """The catalogues' translator, always: every sync carries the localisations."""
        return self.localised

    async def on_error(
        self, interaction: discord.Interaction[CoprodClient], error: app_commands.AppCommandError
    ) -> None:
        """Log the error and tell the person something went wrong."""
        if isinstance(error, app_commands.CommandNotFound):
            text = UNKNOWN_COMMAND
        else:
            log.error("slash command failed", exc_info=error)
            text = FAILED
        await interaction.client.interactions.refuse(interaction, text)


class CoprodClient(discord.Client):
    """A discord.py Client driving one Bot: its tree is generated from the bot's commands."""

    def __init__(
        self,
        bot: Bot,
        config: DiscordConfig,
        *,
        defer_after: float = DEFER_AFTER,
        **options: Any,
    ) -> None:
        # The bot never joins voice: no warnings about voice libraries at every start.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents_for(config),
            allowed_mentions=discord.AllowedMentions.none(),
            chunk_guilds_at_startup=config.members_intent,
            **options,
        )
        self.bot = bot
        self.config = config
        self.repo = DiscordRepository(bot.db.reader)
        self.renderer = Renderer(bot)
        self.outlet = DiscordOutlet(self, bot, self.renderer, self.repo)
        self.interactions = Interactions(bot, config, self.renderer, defer_after=defer_after)
        self.tree = CoprodTree(
            self, allowed_installs=app_commands.AppInstallationType(guild=True, user=False)
        )
        for command in build_commands(bot, self.interactions):
            self.tree.add_command(command)
        self._started = False

    async def setup_hook(self) -> None:
        """Make every button and menu ever posted work again (their state is in the id)."""
        self.add_dynamic_items(*DYNAMIC_ITEMS)

    async def on_ready(self) -> None:
        """Start the bot once: re-arm timers and run what fell due while it was down."""
        if not self._started:
            self._started = True
            await self.bot.start(self.outlet, keep_time=True)
            log.info("connected as %s to %d servers", self.user, len(self.guilds))

    async def on_guild_available(self, guild: discord.Guild) -> None:
        """Register the group; with the members intent, everyone in it counts."""
        await self.register(guild)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """The bot was added to a server."""
        await self.register(guild)

    async def register(self, guild: discord.Guild) -> None:
        """The group for a guild, its owner, and (members intent only) all its human members.

        Each with the role Discord gives them, so the organisers of a new group are known
        (and get its first digest) before any of them has typed a command.
        """
        group_id = f"discord:{guild.id}"
        await self.bot.group(group_id, guild.name)
        if not self.config.members_intent:
            # The owner is the one member Discord names without it: asked for only if not
            # known as an organiser already, so a restart costs no request per server.
            organisers = await self.bot.members.with_role(group_id, Role.ORGANISER)
            if guild.owner_id and str(guild.owner_id) not in {u.id for u in organisers}:
                await self.seen_by_id(guild, guild.owner_id)
            return
        present = {str(m.id) for m in guild.members if not m.bot}
        for member in guild.members:
            await self.seen(member)
        # Who left while the bot was down sent no event: the full list says who is gone.
        for known in await self.bot.members.list(group_id):
            if known.user_id not in present:
                await self.bot.member_left(group_id, known.user_id)

    async def seen(self, member: discord.Member) -> None:
        """Remember a human member with the role their roles and permissions give them."""
        if not member.bot:
            user = User(str(member.id), member.display_name)
            await self.bot.member_seen(
                f"discord:{member.guild.id}", user, role_of(member, self.config)
            )

    async def seen_by_id(self, guild: discord.Guild, user_id: int) -> None:
        """Like `seen`, for someone the cache may not hold (without the members intent)."""
        member = guild.get_member(user_id)
        if member is None:
            try:
                member = await guild.fetch_member(user_id)
            except discord.HTTPException as e:  # gone, or Discord is down: nothing to change
                log.warning("could not look up member %s of server %s (%s)", user_id, guild.id, e)
                return
        await self.seen(member)

    async def on_guild_update(self, before: discord.Guild, after: discord.Guild) -> None:
        """Ownership passed on: the new owner is an organiser, the old one what their roles say."""
        if before.owner_id != after.owner_id:
            for owner_id in (before.owner_id, after.owner_id):
                if owner_id:
                    await self.seen_by_id(after, owner_id)

    async def on_member_join(self, member: discord.Member) -> None:
        """Someone joined (members intent only): they count for turnout and reminders."""
        if not member.bot:
            user = User(str(member.id), member.display_name)
            await self.bot.member_joined(f"discord:{member.guild.id}", member.guild.name, user)
            await self.seen(member)

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        """Roles or name changed (members intent only): their role follows."""
        await self.seen(after)

    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        """A role was renamed or its permissions changed: everyone holding it is looked at again.

        Only the members intent lists who holds it; without it nobody is cached but the bot.
        """
        for member in after.members:
            await self.seen(member)

    async def on_guild_role_delete(self, role: discord.Role) -> None:
        """A role is gone: those who held it have what their other roles give them."""
        for member in role.guild.members:
            await self.seen(member)

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """Someone left (members intent only): they stop counting for turnout and reminders."""
        await self.bot.member_left(f"discord:{payload.guild_id}", str(payload.user.id))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Forms (rank and asking), and the components no persistent item will answer."""
        await self.interactions.on_interaction(interaction)


class ShardedCoprodClient(CoprodClient, discord.AutoShardedClient):
    """The same client, connected to its own shards of the bot's servers.

    Several processes share one PostgreSQL database, each with its own `shard_ids`: each
    answers its own servers' commands and runs their scheduled work and messages.
    """


def shard_of(group_id: str | None, shard_count: int) -> int | None:
    """The shard a Discord group's server is on (Discord's rule), or None if not a server."""
    if not group_id or not group_id.startswith(GROUP_PREFIX):
        return None
    guild = group_id.removeprefix(GROUP_PREFIX)
    return (int(guild) >> 22) % shard_count if guild.isdigit() else None


def make_client(
    bot: Bot, config: DiscordConfig, *, defer_after: float = DEFER_AFTER
) -> CoprodClient:
    """Build the client and its command tree for a bot (no network until it logs in)."""
    if not config.shard_count:
        return CoprodClient(bot, config, defer_after=defer_after)
    ids = list(config.shard_ids or range(config.shard_count))
    mine = set(ids)
    # This process runs scheduled work and sends messages for its own shards' servers only.
    bot.serve_only(lambda group_id: shard_of(group_id, config.shard_count) in (None, *mine))
    return ShardedCoprodClient(
        bot, config, defer_after=defer_after, shard_ids=ids, shard_count=config.shard_count
    )
