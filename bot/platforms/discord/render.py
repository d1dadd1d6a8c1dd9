"""A Reply as a Discord message: plain text or an embed, attached files, buttons and menus."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import discord

from bot.core.bot import Bot
from bot.core.i18n import _
from bot.core.model import Action, Choice, Field, File, Reply
from bot.platforms.discord.buttons import (
    ActionButton,
    AskButton,
    ChoiceSelect,
    RankButton,
    StoredActionButton,
    action_custom_id,
)

COLOUR = discord.Colour(0x5865F2)
ERROR_COLOUR = discord.Colour(0xD83C3E)
EMBED_TOTAL = 6000  # characters across an embed's title, description, fields and footer
MAX_COMPONENTS = 25  # five rows of five buttons; a select menu fills a row on its own
# What a server without boosts takes in one message; an interaction states its own limit.
FILE_LIMIT = 10 * 1024 * 1024


def fitting_files(reply: Reply, limit: int) -> tuple[tuple[File, ...], str]:
    """The files that fit Discord's limit, and a note naming those that do not."""
    kept: list[File] = []
    total = 0
    too_big = []
    for file in reply.files:
        if total + len(file.data) > limit:
            too_big.append(f"{file.name} ({len(file.data) / 1_048_576:.1f} MB)")
            continue
        kept.append(file)
        total += len(file.data)
    if not too_big:
        return tuple(kept), ""
    note = "\n\n" + _(
        "Not attached, over Discord's limit of {limit:.0f} MB for this message: {files}. "
        "Ask an organiser to fetch it from the bot's host.",
        limit=limit / 1_048_576,
        files=", ".join(too_big),
    )
    return tuple(kept), note


def guild_of(group_id: str) -> int:
    """The guild id behind a group id such as 'discord:123'."""
    tail = group_id.removeprefix("discord:")
    return int(tail) if tail.isdigit() else 0


@functools.lru_cache(maxsize=8)
def _prefix_pattern(groups: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(g) for g in groups) or "(?!)"
    return re.compile(rf"(?<![\w/!])!(?=(?:{names})\b)")


def slashed(text: str, groups: Iterable[str]) -> str:
    """`!poll list` as a Discord user types it, `/poll list`, for the bot's command groups."""
    return _prefix_pattern(tuple(sorted(set(groups)))).sub("/", text)


def cut(text: str, limit: int) -> str:
    """Shorten text to Discord's limit, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Rendered:
    """What to send or edit: keyword arguments for discord.py, built fresh for each call."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    files: tuple[File, ...] = ()

    def _files(self) -> list[discord.File]:
        # A File is read once when sent, so every send gets its own.
        return [
            discord.File(io.BytesIO(f.data), f.name, description=f.alt or None) for f in self.files
        ]

    def send_kwargs(self) -> dict[str, Any]:
        """For `send`, `send_message` and `followup.send`: only what is there."""
        found: dict[str, Any] = {
            "content": self.content,
            "embed": self.embed,
            "files": self._files() or None,
            "view": self.view,
        }
        return {k: v for k, v in found.items() if v is not None}

    def edit_kwargs(self) -> dict[str, Any]:
        """For `edit`: everything, so what the reply no longer has is removed."""
        return {
            "content": self.content,
            "embeds": [self.embed] if self.embed else [],
            "attachments": self._files(),
            "view": self.view,
        }


class Renderer:
    """Turns Replies into Discord messages for one bot (its commands name the `/` groups)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    def slashed(self, text: str) -> str:
        """Typed commands in text as Discord users type them: `!poll list` -> `/poll list`."""
        return slashed(text, (s.group for s in self.bot.commands.values()))

    async def render(
        self,
        reply: Reply,
        group_id: str,
        *,
        footer: str | None = None,
        file_limit: int = FILE_LIMIT,
    ) -> Rendered:
        """The message for a reply in a group; `footer` names the group in DMs."""
        view, overflow = await self._view(reply, group_id)
        fields = list(reply.fields)
        if overflow:
            fields.append(Field(_("More"), "\n".join(f"`{a.as_text()}`" for a in overflow)))
        files, note = fitting_files(reply, file_limit)
        body = self.slashed(reply.body) + note
        plain = not (reply.title or fields or footer)
        if plain and len(body) <= 2000:
            return Rendered(content=body or _("Done."), view=view, files=files)
        embed = discord.Embed(
            title=cut(self.slashed(reply.title), 256) if reply.title else None,
            description=cut(body, 4096) if body else None,
            colour=ERROR_COLOUR if reply.error else COLOUR,
        )
        for f in fields[:25]:
            embed.add_field(
                name=cut(f.name, 256) or "…",
                value=cut(self.slashed(f.value), 1024) or "…",
                inline=f.inline,
            )
        if footer:
            embed.set_footer(text=cut(footer, 2048))
        while len(embed) > EMBED_TOTAL and len(embed.fields) > 1:  # Discord's whole-embed limit
            embed.remove_field(-1)
        if len(embed) > EMBED_TOTAL and embed.description:
            embed.description = cut(
                embed.description, len(embed.description) - len(embed) + EMBED_TOTAL
            )
        return Rendered(embed=embed, view=view, files=files)

    async def _view(
        self, reply: Reply, group_id: str
    ) -> tuple[discord.ui.View | None, list[Action]]:
        guild_id = guild_of(group_id)
        items: list[discord.ui.Item[Any]] = []
        room = MAX_COMPONENTS
        choice = reply.choice
        if (
            choice is not None
            and not choice.closed
            and (choice.ordered or choice.max_selections > 1)
        ):
            choice_id = await self._save_choice(group_id, choice)
            if choice.ordered:
                items.append(RankButton(choice_id))
                room -= 1
            else:
                items.append(ChoiceSelect(choice_id, choice.options, choice.max_selections))
                room -= 5
        shown, overflow = list(reply.actions[:room]), list(reply.actions[room:])
        for action in shown:
            items.append(await self._button(guild_id, group_id, action))
        if not items:
            return None, overflow
        view = discord.ui.View(timeout=None)
        for item in items:
            view.add_item(item)
        return view, overflow

    async def _button(self, guild_id: int, group_id: str, action: Action) -> discord.ui.Item[Any]:
        if action.ask is not None:
            ask_id = await self.bot.buttons.save_action(group_id, action)
            return AskButton(ask_id, action.label, action.style)
        if action_custom_id(guild_id, action) is not None:
            text = action.as_text().removeprefix("!")
            return ActionButton(guild_id, text, action.label, action.style)
        action_id = await self.bot.buttons.save_action(group_id, action)
        return StoredActionButton(action_id, action.label, action.style)

    async def _save_choice(self, group_id: str, choice: Choice) -> int:
        return await self.bot.buttons.save_choice(group_id, choice)
