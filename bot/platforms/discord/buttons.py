"""Persistent components: buttons, a select menu and a rank form whose custom ids say what to run.

Custom ids (at most 100 characters) survive restarts because they hold all the state:

- ``cp:a:GUILD:TEXT``  a button that runs TEXT (an Action's typed command, without the ``!``)
- ``cp:s:ID``          a button whose command was too long, kept by the core (stored_actions)
- ``cp:c:ID``          a select menu for a multi choice kept by the core (stored_choices)
- ``cp:r:ID``          a button that opens the rank form for a ranked choice
- ``cp:m:ID``          the rank form itself (a modal), with one text input ``order``
- ``cp:q:ID``          a button that asks for text first (an Action with ``ask``, such as a
                       Block that needs a reason), kept by the core (stored_actions)
- ``cp:t:ID``          the form it opens (a modal), with one text input ``answer``
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from bot.core.i18n import _
from bot.core.model import Action, Ask

PREFIX = "cp:"
MAX_CUSTOM_ID = 100
MODAL_TITLE = 45  # the longest form (modal) title Discord takes
ORDER_INPUT = "order"
ANSWER_INPUT = "answer"
ANSWER_LIMIT = 1000  # an asked answer's length when the Ask sets none (Discord allows 4000)

STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}

Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]


class ComponentHandler(Protocol):
    """What a pressed component asks of the platform (see interactions.Interactions)."""

    async def run_text(self, interaction: discord.Interaction, guild_id: int, text: str) -> None:
        """Run a typed command for the person who pressed, as if they had typed it."""
        ...

    async def run_stored_action(self, interaction: discord.Interaction, action_id: int) -> None:
        """Run a stored long command."""
        ...

    async def run_choice(
        self, interaction: discord.Interaction, choice_id: int, picks: Sequence[str]
    ) -> None:
        """Answer a stored choice with the picked option numbers."""
        ...

    async def open_ranking(self, interaction: discord.Interaction, choice_id: int) -> None:
        """Show the rank form for a stored ranked choice."""
        ...

    async def open_ask(self, interaction: discord.Interaction, action_id: int) -> None:
        """Show the form of a button that asks for text first."""
        ...


def handler(interaction: discord.Interaction) -> ComponentHandler:
    """The platform's handler, attached to the client as `interactions`."""
    found: ComponentHandler | None = getattr(interaction.client, "interactions", None)
    if found is None:
        raise RuntimeError("this client has no coproduction-bot interaction handler")
    return found


def label_of(text: str, limit: int = 80) -> str:
    """A component label within Discord's limit, 80 characters by default (never empty)."""
    text = text.strip() or "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def action_custom_id(guild_id: int, action: Action) -> str | None:
    """The inline custom id for an action, or None when it cannot have one.

    An action that asks for text first never has one: its question is kept in storage.
    """
    if action.ask is not None:
        return None
    custom_id = f"{PREFIX}a:{guild_id}:{action.as_text().removeprefix('!')}"
    return custom_id if len(custom_id) <= MAX_CUSTOM_ID else None


class ActionButton(
    discord.ui.DynamicItem[Button], template=r"(?s)cp:a:(?P<guild>\d+):(?P<text>.+)"
):
    """A button that runs the command written in its custom id."""

    def __init__(self, guild_id: int, text: str, label: str = "", style: str = "primary") -> None:
        button: Button = discord.ui.Button(
            label=label_of(label or text),
            style=STYLES.get(style, discord.ButtonStyle.primary),
            custom_id=f"{PREFIX}a:{guild_id}:{text}",
        )
        super().__init__(button)
        self.guild_id, self.text = guild_id, text

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ActionButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["guild"]), match["text"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Run the command for the person who pressed."""
        await handler(interaction).run_text(interaction, self.guild_id, self.text)


class StoredActionButton(discord.ui.DynamicItem[Button], template=r"cp:s:(?P<id>\d+)"):
    """A button whose command is kept in SQLite because it is too long for a custom id."""

    def __init__(self, action_id: int, label: str = "", style: str = "primary") -> None:
        button: Button = discord.ui.Button(
            label=label_of(label),
            style=STYLES.get(style, discord.ButtonStyle.primary),
            custom_id=f"{PREFIX}s:{action_id}",
        )
        super().__init__(button)
        self.action_id = action_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StoredActionButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Run the stored command for the person who pressed."""
        await handler(interaction).run_stored_action(interaction, self.action_id)


class ChoiceSelect(discord.ui.DynamicItem[Select], template=r"cp:c:(?P<id>\d+)"):
    """A select menu answering a multi choice: pick one or more options."""

    def __init__(
        self, choice_id: int, options: Sequence[str] = (), max_selections: int = 1
    ) -> None:
        menu: Select = discord.ui.Select(
            custom_id=f"{PREFIX}c:{choice_id}",
            placeholder=_("Choose one or more options"),
            min_values=1,
            max_values=max(1, min(max_selections, len(options) or 1, 25)),
            options=[
                discord.SelectOption(label=label_of(f"{n}. {label}")[:100], value=str(n))
                for n, label in enumerate(options[:25], start=1)
            ]
            or [discord.SelectOption(label="…", value="0")],
        )
        super().__init__(menu)
        self.choice_id = choice_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ChoiceSelect:
        """Rebuild the menu from its custom id."""
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Vote with the picked option numbers."""
        data: Any = interaction.data or {}
        picks = [str(v) for v in data.get("values", [])]
        await handler(interaction).run_choice(interaction, self.choice_id, picks)


class RankButton(discord.ui.DynamicItem[Button], template=r"cp:r:(?P<id>\d+)"):
    """A button that opens the rank form for a ranked choice."""

    def __init__(self, choice_id: int) -> None:
        button: Button = discord.ui.Button(
            label=_("Rank the options"),
            style=discord.ButtonStyle.primary,
            custom_id=f"{PREFIX}r:{choice_id}",
        )
        super().__init__(button)
        self.choice_id = choice_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RankButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show the rank form."""
        await handler(interaction).open_ranking(interaction, self.choice_id)


class AskButton(discord.ui.DynamicItem[Button], template=r"cp:q:(?P<id>\d+)"):
    """A button that asks for text (a form) before its command runs, e.g. a Block's reason."""

    def __init__(self, action_id: int, label: str = "", style: str = "primary") -> None:
        button: Button = discord.ui.Button(
            label=label_of(label),
            style=STYLES.get(style, discord.ButtonStyle.primary),
            custom_id=f"{PREFIX}q:{action_id}",
        )
        super().__init__(button)
        self.action_id = action_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AskButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Show the form."""
        await handler(interaction).open_ask(interaction, self.action_id)


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    ActionButton,
    StoredActionButton,
    ChoiceSelect,
    RankButton,
    AskButton,
)
RANK_FORM = re.compile(r"cp:m:(?P<id>\d+)")
ASK_FORM = re.compile(r"cp:t:(?P<id>\d+)")


def is_known(custom_id: str) -> bool:
    """Whether a component custom id has one of the shapes this platform writes."""
    return any(item.__discord_ui_compiled_template__.fullmatch(custom_id) for item in DYNAMIC_ITEMS)


class RankForm(discord.ui.Modal):
    """The rank form: the options, numbered, and one line for the order.

    It does nothing itself when submitted: the client reads every `cp:m:` submission (so a
    form opened before a restart still counts), see client.CoprodClient.on_interaction.
    """

    def __init__(self, choice_id: int, question: str, options: Sequence[str]) -> None:
        super().__init__(
            title=label_of(_("Rank: {question}", question=question), MODAL_TITLE),
            custom_id=f"{PREFIX}m:{choice_id}",
            timeout=900,
        )
        listing = "\n".join(f"{n}. {label}" for n, label in enumerate(options, start=1))
        self.add_item(discord.ui.TextDisplay(listing[:4000] or _("No options.")))
        example = ",".join(str(n) for n in range(min(3, len(options)), 0, -1)) or "1"
        self.order: discord.ui.TextInput[RankForm] = discord.ui.TextInput(
            custom_id=ORDER_INPUT, placeholder=_("e.g. {example}", example=example), max_length=100
        )
        self.add_item(
            discord.ui.Label(
                text=_("Your order, best first"),
                description=_(
                    "Option numbers separated by commas, e.g. {example}", example=example
                ),
                component=self.order,
            )
        )


class AskForm(discord.ui.Modal):
    """The form of an asking button: its question, a note, and one text box for the answer.

    Like the rank form it does nothing itself when submitted: every `cp:t:` submission is
    read by the client (so a form opened before a restart still counts).
    """

    def __init__(self, action_id: int, label: str, ask: Ask) -> None:
        super().__init__(
            title=label_of(label, MODAL_TITLE),
            custom_id=f"{PREFIX}t:{action_id}",
            timeout=900,
        )
        note = ask.note.strip()
        if len(note) > 100:  # too long for the label's description: shown above it instead
            self.add_item(discord.ui.TextDisplay(note[:4000]))
        self.answer: discord.ui.TextInput[AskForm] = discord.ui.TextInput(
            custom_id=ANSWER_INPUT,
            style=discord.TextStyle.paragraph,
            required=ask.required,
            max_length=min(ask.max_length or ANSWER_LIMIT, 4000),
        )
        self.add_item(
            discord.ui.Label(
                text=label_of(ask.prompt, 45),
                description=note if 0 < len(note) <= 100 else None,
                component=self.answer,
            )
        )


def submitted_text(components: Sequence[Any], custom_id: str) -> str | None:
    """The value typed into a modal's text input, found in the submission's nested rows."""
    for component in components:
        if component.get("custom_id") == custom_id and "value" in component:
            return str(component["value"])
        nested = list(component.get("components", []))
        if "component" in component:
            nested.append(component["component"])
        found = submitted_text(nested, custom_id)
        if found is not None:
            return found
    return None
