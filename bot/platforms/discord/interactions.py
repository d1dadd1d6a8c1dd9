"""Running slash commands, buttons, menus and forms: who is asking, deferral, and the answer.

Deferral rule: the command runs at once, racing a budget (`defer_after`, 2 s by default, well
inside Discord's 3 s window), counted from when Discord created the interaction, so time spent
on the way here counts too. Nothing talks to Discord before the first response: a member that
must be fetched over HTTP is fetched after deferring, and forms open before any other work.
If it answers in time the answer is the interaction response
itself (ephemeral when the Reply is private or an error). If not, the interaction is deferred
ephemerally ("thinking…", seen only by the person) and the answer follows: a private answer
fills that message; a public one replaces it with a short note and is posted as a followup.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
from collections.abc import Awaitable, Sequence
from typing import Any

import discord
from discord import app_commands

from bot.config import DiscordConfig
from bot.core.bot import Bot
from bot.core.commands import CommandSpec, Param
from bot.core.context import Invocation
from bot.core.i18n import N_, _, speaking
from bot.core.model import Reply, User
from bot.core.outbox import written
from bot.platforms.discord.buttons import (
    ANSWER_INPUT,
    ASK_FORM,
    ORDER_INPUT,
    RANK_FORM,
    AskForm,
    RankForm,
    is_known,
    submitted_text,
)
from bot.platforms.discord.outlet import posted
from bot.platforms.discord.render import Renderer, guild_of
from bot.platforms.discord.roles import role_of

log = logging.getLogger(__name__)

DEFER_AFTER = 2.0
FAILED = N_(
    "Sorry, something went wrong on my side and I could not finish that. Please try again; "
    "if it keeps happening, tell an organiser."
)
USE_IN_SERVER = N_(
    "Please use this in a server: my commands work for a group, so they don't run in "
    "direct messages."
)
STALE = N_(
    "That button no longer works (it may be from an older message). "
    "Use the slash commands instead: /help lists them."
)
NOT_THERE = N_("I am no longer in that server, so this button no longer works there.")
NOT_MEMBER = N_("You are not a member of that server, so you can't use its buttons.")
POSTED = N_("Posted for everyone below.")
THINKING = discord.InteractionResponseType.deferred_channel_message


class Refused(Exception):
    """The interaction cannot run; the message (marked with N_) says why, `values` fill it."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.values = values


def custom_ids(message: discord.Message | None) -> set[str]:
    """The custom ids of a message's components, rows included."""
    found: set[str] = set()
    todo: list[Any] = list(message.components) if message else []
    while todo:
        component = todo.pop()
        if getattr(component, "custom_id", None):
            found.add(component.custom_id)
        todo.extend(getattr(component, "children", []))
    return found


class Interactions:
    """Turns interactions into Invocations, runs them through the Bot, and answers."""

    def __init__(
        self,
        bot: Bot,
        config: DiscordConfig,
        renderer: Renderer,
        *,
        defer_after: float = DEFER_AFTER,
    ) -> None:
        self.bot = bot
        self.config = config
        self.renderer = renderer
        self.defer_after = defer_after

    # -- who is asking ------------------------------------------------------------------

    async def invocation(
        self, interaction: discord.Interaction, guild_id: int | None = None
    ) -> Invocation:
        """The request behind an interaction; `guild_id` names the group of a DM button."""
        gid = interaction.guild_id or guild_id
        if not gid:
            raise self.not_in_server()
        if interaction.guild_id and guild_id and interaction.guild_id != guild_id:
            raise Refused(STALE)
        guild = interaction.client.get_guild(gid)
        member = interaction.user if interaction.guild_id else None
        permissions = interaction.permissions if interaction.guild_id else None
        if not isinstance(member, discord.Member):
            if guild is None:
                raise Refused(NOT_THERE)
            member = guild.get_member(interaction.user.id)
            if member is None:
                # Asking Discord takes time the first response may not have: defer first.
                await self.defer(interaction)
                try:
                    member = await guild.fetch_member(interaction.user.id)
                except discord.NotFound:
                    # They left while the bot could not see it (no members intent).
                    await self.bot.member_left(f"discord:{gid}", str(interaction.user.id))
                    raise Refused(NOT_MEMBER) from None
        return Invocation(
            group_id=f"discord:{gid}",
            group_name=guild.name if guild else f"discord:{gid}",
            channel_id=str(interaction.channel_id),
            user=User(str(member.id), member.display_name),
            role=role_of(member, self.config, permissions),
        )

    # -- what they asked for --------------------------------------------------------------

    async def run_command(
        self,
        interaction: discord.Interaction,
        spec: CommandSpec,
        args: dict[str, Any],
        variadic: tuple[Any, ...],
    ) -> None:
        """A slash command: run it with Discord's already typed options.

        In a direct message with the bot only commands that locate their group (a poll's
        vote and withdraw) run, in the group the poll belongs to, as on Matrix.
        """
        try:
            guild_id = None
            if interaction.guild_id is None:
                guild_id = await self.located(interaction, spec, args)
            inv = await self.invocation(interaction, guild_id)
        except Refused as e:
            await self.refuse(interaction, e.message, **e.values)
            return
        await self.answer(interaction, inv.group_id, self.bot.invoke(spec, args, variadic, inv))

    async def located(
        self, interaction: discord.Interaction, spec: CommandSpec, args: dict[str, Any]
    ) -> int:
        """The server a command used in a DM points at, if the person is a member there."""
        if spec.locate is None:
            raise self.not_in_server()
        param, locate = spec.locate
        value = args.get(param)
        group_id = await locate(value)
        if (
            group_id is None
            or not guild_of(group_id)
            or not await self.bot.members.is_member(group_id, str(interaction.user.id))
        ):
            raise Refused(
                N_(
                    "I can't find {what} {value} in any server of yours. "
                    "Check the number in your server."
                ),
                what=param.upper(),
                value=value,
            )
        return guild_of(group_id)

    def not_in_server(self) -> Refused:
        """What works in a DM with the bot, and that the rest is typed in a server."""
        here = sorted(f"/{name}" for name, spec in self.bot.commands.items() if spec.locate)
        if not here:
            return Refused(USE_IN_SERVER)
        return Refused(
            N_(
                "In a direct message with me you can use {commands}. "
                "Please use my other commands in your server."
            ),
            commands=", ".join(here),
        )

    async def run_text(self, interaction: discord.Interaction, guild_id: int, text: str) -> None:
        """A button: run its command exactly as if the person had typed it."""
        try:
            inv = await self.invocation(interaction, guild_id)
        except Refused as e:
            await self.refuse(interaction, e.message, **e.values)
            return
        await self.answer(interaction, inv.group_id, self.bot.handle_text(text, inv))

    async def run_stored_action(self, interaction: discord.Interaction, action_id: int) -> None:
        """A button whose long command is kept in SQLite."""
        stored = await self.bot.buttons.action(action_id)
        if stored is None or stored[1].ask is not None:
            await self.refuse(interaction, STALE)
            return
        group_id, action = stored
        await self.run_text(interaction, guild_of(group_id), action.as_text().removeprefix("!"))

    async def run_choice(
        self, interaction: discord.Interaction, choice_id: int, picks: Sequence[str]
    ) -> None:
        """A select menu: run the choice's command with the picked numbers, comma-joined."""
        stored = await self.bot.buttons.choice(choice_id)
        if stored is None:
            await self.refuse(interaction, STALE)
            return
        group_id, choice = stored
        words = [*choice.command.split(), *choice.args, ",".join(picks)]
        await self.run_text(interaction, guild_of(group_id), shlex.join(words))

    async def open_ranking(self, interaction: discord.Interaction, choice_id: int) -> None:
        """The rank button: show the form (the vote itself is checked when it is sent)."""
        stored = await self.bot.buttons.choice(choice_id)
        if stored is None:
            await self.refuse(interaction, STALE)
            return
        choice = stored[1]
        # The form must be the first response: who sent it is checked when it comes back.
        await interaction.response.send_modal(RankForm(choice_id, choice.question, choice.options))

    async def submit_ranking(
        self, interaction: discord.Interaction, choice_id: int, order: str
    ) -> None:
        """The rank form was sent: vote with the typed order, e.g. '3,1,2'."""
        stored = await self.bot.buttons.choice(choice_id)
        if stored is None:
            await self.refuse(interaction, STALE)
            return
        group_id, choice = stored
        words = [*choice.command.split(), *choice.args, order.strip()]
        await self.run_text(interaction, guild_of(group_id), shlex.join(words))

    async def open_ask(self, interaction: discord.Interaction, action_id: int) -> None:
        """A button that asks first: show its form (the command is checked when it is sent)."""
        stored = await self.bot.buttons.action(action_id)
        if stored is None or stored[1].ask is None:
            await self.refuse(interaction, STALE)
            return
        action = stored[1]
        assert action.ask is not None
        # The form must be the first response: who sent it is checked when it comes back.
        await interaction.response.send_modal(AskForm(action_id, action.label, action.ask))

    async def submit_answer(
        self, interaction: discord.Interaction, action_id: int, answer: str
    ) -> None:
        """An asking button's form was sent: run its command with the answer filled in."""
        stored = await self.bot.buttons.action(action_id)
        if stored is None or stored[1].ask is None:
            await self.refuse(interaction, STALE)
            return
        group_id, action = stored
        await self.run_text(interaction, guild_of(group_id), action.with_answer(answer))

    async def suggest(
        self, interaction: discord.Interaction, spec: CommandSpec, param: Param, typed: str
    ) -> list[app_commands.Choice[Any]]:
        """Autocomplete: the cog's suggestions, as Discord choices of the option's type."""
        try:
            inv = await self.invocation(interaction)
        except Refused:
            return []
        found: list[app_commands.Choice[Any]] = []
        for label, value in await self.bot.autocomplete(spec, param.name, typed, inv):
            converted: Any = value
            if param.type in (int, float):
                try:
                    converted = param.type(value)
                except ValueError:
                    continue
            found.append(app_commands.Choice(name=label[:100] or value, value=converted))
        return found[:25]

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Every interaction: answer the forms, and components no item will handle."""
        data: Any = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if interaction.type is discord.InteractionType.modal_submit:
            components = data.get("components", [])
            if match := RANK_FORM.fullmatch(custom_id):
                order = submitted_text(components, ORDER_INPUT) or ""
                await self.submit_ranking(interaction, int(match["id"]), order)
            elif match := ASK_FORM.fullmatch(custom_id):
                answer = submitted_text(components, ANSWER_INPUT) or ""
                await self.submit_answer(interaction, int(match["id"]), answer)
            else:
                await self.refuse(interaction, STALE)
        elif interaction.type is discord.InteractionType.component and (
            not is_known(custom_id) or custom_id not in custom_ids(interaction.message)
        ):
            # A malformed id, or a button that an edit has since removed from its message
            # (a closed poll), would otherwise fail silently in Discord's client.
            await self.refuse(interaction, STALE)

    # -- answering ----------------------------------------------------------------------

    async def answer(
        self, interaction: discord.Interaction, group_id: str, work: Awaitable[Reply]
    ) -> None:
        """Run the work, deferring if it takes longer than the budget, then deliver."""
        task = asyncio.ensure_future(self._safely(work, interaction, group_id))
        done, _pending = await asyncio.wait({task}, timeout=self.budget(interaction))
        if not done:
            await self.defer(interaction)
        deferred = interaction.response.type is THINKING
        reply = await task
        try:
            await self.deliver(interaction, group_id, reply, deferred)
        except discord.HTTPException:
            log.exception("could not answer interaction %s", interaction.id)

    def budget(self, interaction: discord.Interaction) -> float:
        """Seconds left before deferring, counted from Discord's creation of the interaction."""
        age = (self.bot.clock.now() - interaction.created_at).total_seconds()
        return max(0.0, self.defer_after - age)

    @staticmethod
    async def defer(interaction: discord.Interaction) -> None:
        """Acknowledge now with a private "thinking…"; the answer replaces it later."""
        if interaction.response.is_done():
            return
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
        except discord.HTTPException:
            log.warning("could not defer interaction %s", interaction.id)

    async def _safely(
        self, work: Awaitable[Reply], interaction: discord.Interaction, group_id: str
    ) -> Reply:
        """The work's reply; a crash is logged and becomes an apology in their language."""
        try:
            return await work
        except Exception:
            log.exception("command failed for interaction %s", interaction.id)
            user_id = str(interaction.user.id)
            with speaking(await self.bot.people.language_of(group_id, user_id)):
                return written(Reply.refusal(_(FAILED)))

    async def deliver(
        self, interaction: discord.Interaction, group_id: str, reply: Reply, deferred: bool
    ) -> None:
        """Send the reply; remember a public living message and open its thread."""
        with speaking(reply.language):  # the renderer's own words in the answer's language
            rendered = await self.renderer.render(
                reply, group_id, file_limit=interaction.filesize_limit
            )
        private = reply.private or reply.error
        kwargs = rendered.send_kwargs()
        message_id: int | None
        if not deferred:
            response = await interaction.response.send_message(ephemeral=private, **kwargs)
            message_id = response.message_id
        elif private:
            # Discord's docs deprecate a followup filling in the "thinking" message: edit it.
            await interaction.edit_original_response(**rendered.edit_kwargs())
            return
        else:
            with speaking(reply.language):
                await interaction.edit_original_response(content=_(POSTED))
            message = await interaction.followup.send(wait=True, **kwargs)
            message_id = message.id
        if private or message_id is None or interaction.channel_id is None:
            return
        handle = await posted(interaction.client, reply, interaction.channel_id, message_id)
        if reply.key:
            await self.bot.posting.answered(group_id, reply.key, handle)

    async def refuse(
        self, interaction: discord.Interaction, text: str, /, **values: object
    ) -> None:
        """An ephemeral answer that says why nothing happened.

        `text` is English marked with N_, said in the person's own language, `values` filling
        its `{names}`.
        """
        with speaking(await self.bot.people.own_language(str(interaction.user.id))):
            text = self.renderer.slashed(_(text, **values))
        try:
            if interaction.response.type is THINKING:
                await interaction.edit_original_response(content=text)
            elif interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.exception("could not refuse interaction %s", interaction.id)
