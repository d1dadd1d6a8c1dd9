"""The command menu in each Discord member's language: descriptions and choices localised.

Discord shows the command menu in the language of each member's client when a command
carries a localisation for it. Every Discord locale with a catalogue in bot/locale gets one
(matched by language too: es-ES and es-419 both read `es`), made by composing the same text
again in that language, so a new .po file is all a new language needs. Command and option
names stay English: a command is typed the same in every language. Discord has no Welsh
locale, so Welsh speakers see the menu in English (the bot's messages are Welsh all the same).
"""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from bot.core.i18n import languages, speaking

COMPOSE = "compose"  # the extra of a locale_str: how its text is composed, in any language


def localised(text: str, compose: Callable[[], str]) -> app_commands.locale_str:
    """Text for the command menu (composed now, in English) that Discord may localise."""
    return app_commands.locale_str(text, **{COMPOSE: compose})


def catalogue_for(locale: discord.Locale) -> str | None:
    """The catalogue a Discord locale reads ('fr' for fr, 'es' for es-ES); None for English."""
    offered = languages()[1:]
    code = locale.value.replace("-", "_")
    for candidate in (code, code.split("_")[0]):
        if candidate in offered:
            return candidate
    return None


class Localised(app_commands.Translator):
    """Localises what was declared with `localised`, for every locale with a catalogue."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The text in the locale's language; None where it would say the same as English."""
        compose = string.extras.get(COMPOSE)
        code = catalogue_for(locale)
        if compose is None or code is None:
            return None
        with speaking(code):
            said = str(compose())
        return said if said and said != string.message else None
