"""Cog: one feature's commands, scheduled jobs, listeners and settings, built on Services."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from bot.core.commands import CommandSpec, JobMark, build_spec
from bot.core.events import Event
from bot.core.parts import Activity, DigestSection, Forgotten
from bot.core.services import Services
from bot.core.settings import Setting
from storage.engine import Tx


class Cog:
    """A feature: a group of commands, scheduled jobs and listeners.

    `feature` names it in the config file (`[groups.polls]`) and in `!settings`;
    `settings` declares what an organiser may change for their group.
    """

    feature: str = ""  # set by each cog; __init_subclass__ fills a missing one
    settings: ClassVar[tuple[Setting[Any], ...]] = ()
    # What each command group (first word) of this cog is for, where the cog's docstring
    # does not say it: the meetings cog also holds `contrib`.
    group_descriptions: ClassVar[Mapping[str, str]] = {}
    # The task each command group (first word) is for, as `!help` heads it ("poll": "Vote
    # and decide"), and where `!help` lists this cog's tasks among the others (lower first).
    tasks: ClassVar[Mapping[str, str]] = {}
    task_order: ClassVar[int] = 50
    # The feature's own schema steps (storage/migrate.py): a `migrations` folder beside
    # the module that defines the cog, found by itself; None if it has none.
    migrations: ClassVar[Path | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("feature"):
            cls.feature = cls.__name__.lower()
        module = sys.modules.get(cls.__module__)
        where = getattr(module, "__file__", None)
        if "migrations" not in cls.__dict__ and where is not None:
            folder = Path(where).parent / "migrations"
            cls.migrations = folder if folder.is_dir() else None

    def __init__(self, services: Services) -> None:
        self.services = services

    async def start(self) -> None:
        """Called once the database is ready and before the platform starts."""

    # -- what a feature contributes about people (see bot/core/parts.py) ------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """Everything this feature keeps about someone in a group, as JSON-ready data."""
        return None

    async def forget_person(self, tx: Tx, group_id: str, user_id: str) -> Forgotten | None:
        """Erase someone from this feature's tables inside the caller's transaction.

        Aggregates stay true (a closed poll keeps its counts); say what was kept and why.
        """
        return None

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """This feature's part of the weekly digest for organisers."""
        return []

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Who took part in this feature, and when (for the digest's participation balance)."""
        return []

    def _marked(self, mark: str) -> list[tuple[Any, Any]]:
        found = []
        for _, method in inspect.getmembers(self, inspect.ismethod):
            value = getattr(method, mark, None)
            if value:
                found.append((value, method))
        return found

    def command_specs(self) -> list[CommandSpec]:
        """Every command this cog declares, its hooks bound to this cog."""
        specs = []
        for (name, role, autocomplete, locate), method in self._marked("__command__"):
            bound = {param: hook.__get__(self, type(self)) for param, hook in autocomplete.items()}
            where = (locate[0], locate[1].__get__(self, type(self))) if locate else None
            task = (self.tasks.get(name.split()[0], ""), self.task_order)
            specs.append(
                build_spec(name, role, bound, method, type(self).__name__, locate=where, task=task)
            )
        return specs

    def jobs(self) -> dict[str, JobMark]:
        """Scheduled-job handlers by kind."""
        return {kind: method for kind, method in self._marked("__job__")}

    def listeners(self) -> dict[type[Event], list[Callable[[Any], Awaitable[None]]]]:
        """Event listeners (bound methods) by event type."""
        marked: dict[type[Event], list[Callable[[Any], Awaitable[None]]]] = {}
        for kind, method in self._marked("__listener__"):
            marked.setdefault(kind, []).append(method)
        return marked
