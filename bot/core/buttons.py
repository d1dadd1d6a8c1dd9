"""Buttons: what an Action or a Choice does is stored once, by the core, under a short id.

Platforms put the id in their custom ids (Discord) or event maps (Matrix native polls) and
keep nothing else about it, so a button posted months ago runs the same command today.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from bot.core.model import Action, Ask, Choice
from storage.buttons import ButtonRepository
from storage.db import Database


def action_json(action: Action) -> str:
    """An Action as stored (sorted keys, so the same action keeps one id)."""
    return json.dumps(dataclasses.asdict(action), sort_keys=True)


def action_from(data: Any) -> Action | None:
    """The Action behind stored JSON, or None if it is not one."""
    try:
        ask = data.get("ask")
        return Action(
            label=str(data["label"]),
            command=str(data["command"]),
            args=tuple(str(a) for a in data["args"]),
            style=str(data.get("style") or "primary"),
            ask=Ask(**ask) if ask else None,
        )
    except (KeyError, TypeError, AttributeError):
        return None


def choice_from(data: Any) -> Choice | None:
    """The Choice behind stored JSON, or None if it is not one."""
    try:
        return Choice(
            key=str(data["key"]),
            question=str(data["question"]),
            options=tuple(str(o) for o in data["options"]),
            command=str(data["command"]),
            args=tuple(str(a) for a in data["args"]),
            max_selections=int(data["max_selections"]),
            ordered=bool(data["ordered"]),
            closed=bool(data.get("closed")),
            anonymous=bool(data.get("anonymous")),
            hide_results=bool(data.get("hide_results")),
            withdraw=data.get("withdraw"),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


class Buttons:
    """Stores and finds what buttons do."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.repo = ButtonRepository(db.reader)

    async def save_action(self, group_id: str, action: Action) -> int:
        """The id an action is kept under (the same action keeps the same id)."""
        async with self.db.transaction() as tx:
            return await self.repo.save_action(tx, group_id, action_json(action))

    async def action(self, action_id: int) -> tuple[str, Action] | None:
        """(group id, Action) behind an id, or None (unknown, or not readable)."""
        found = await self.repo.action(action_id)
        if found is None:
            return None
        action = action_from(_loads(found[1]))
        return (found[0], action) if action else None

    async def save_choice(self, group_id: str, choice: Choice) -> int:
        """The id a choice is kept under; a redraw of the same key keeps the id."""
        spec = json.dumps(dataclasses.asdict(choice), sort_keys=True)
        async with self.db.transaction() as tx:
            return await self.repo.save_choice(tx, group_id, choice.key, spec)

    async def choice(self, choice_id: int) -> tuple[str, Choice] | None:
        """(group id, Choice) behind an id, or None."""
        found = await self.repo.choice(choice_id)
        if found is None:
            return None
        choice = choice_from(_loads(found[1]))
        return (found[0], choice) if choice else None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
