"""Cog: one feature's commands, scheduled jobs, listeners and settings, built on Services."""

from __future__ import annotations

import inspect
from typing import Any, ClassVar

from bot.core.commands import CommandSpec, JobMark, ListenerFunc, build_spec
from bot.core.services import Services
from bot.core.settings import Setting


class Cog:
    """A feature: a group of commands, scheduled jobs and listeners.

    `feature` names it in the config file (`[groups.polls]`) and in `!settings`;
    `settings` declares what an organiser may change for their group.
    """

    feature: ClassVar[str] = ""
    settings: ClassVar[tuple[Setting[Any], ...]] = ()

    def __init__(self, services: Services) -> None:
        self.services = services

    async def start(self) -> None:
        """Called once the database is ready and before the platform starts."""

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
            specs.append(build_spec(name, role, bound, method, type(self).__name__, locate=where))
        return specs

    def jobs(self) -> dict[str, JobMark]:
        """Scheduled-job handlers by kind."""
        return {kind: method for kind, method in self._marked("__job__")}

    def listeners(self) -> dict[str, list[ListenerFunc]]:
        """Event listeners by event name."""
        found: dict[str, list[ListenerFunc]] = {}
        for event, method in self._marked("__listener__"):
            found.setdefault(event, []).append(method)
        return found
