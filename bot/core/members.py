"""Groups, their settings and the people in them, as cogs and platforms see them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.clock import Clock
from bot.core.model import Role, User
from bot.core.settings import Setting, SettingsRegistry, SettingValues
from storage.db import Database
from storage.engine import Tx
from storage.groups import GroupRepository, Member


def find_member(typed: str, members: Sequence[Member]) -> Member | None:
    """The member someone means by '@bob', 'Bob' or their id.

    A platform hands a picked member (a Discord member picker) over as the id itself, so
    the core never reads a platform's mention syntax.
    """
    text = typed.strip()
    exact = next((m for m in members if m.user_id == text), None)
    if exact:
        return exact
    name = text.removeprefix("@").casefold()
    return next(
        (m for m in members if name in (m.user_id.casefold(), m.display_name.casefold())), None
    )


@dataclass(frozen=True)
class Group:
    """One Discord server or Matrix room where the bot lives, with its settings."""

    id: str
    name: str
    settings: SettingValues


class Members:
    """The core's one way to groups and members; keeps a cache the writes here keep true."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        registry: SettingsRegistry,
        defaults: Mapping[str, str],
    ) -> None:
        self.db = db
        self.clock = clock
        self.registry = registry
        self.defaults = dict(defaults)
        self.repo = GroupRepository(db.reader)
        self._groups: dict[str, Group] = {}
        self._seen: set[tuple[str, str, str, int]] = set()
        self._names: dict[str, dict[str, str]] = {}  # group -> user id -> name; writes drop it
        self._writes = 0  # a read that a write overtook must not keep what it read
        # Told of each new group once it is stored (the bot emits GroupCreated).
        self.on_created: list[Callable[[str], Awaitable[None]]] = []

    async def group(self, group_id: str, name: str = "") -> Group:
        """The group, created (with the default settings) the first time it is seen."""
        cached = self._groups.get(group_id)
        if cached is not None:
            return cached
        row = await self.repo.get(group_id)
        if row is None:
            async with self.db.transaction() as tx:
                await self.repo.create(tx, group_id, name or group_id, self.clock.now())
            row = await self.repo.get(group_id)
            assert row is not None
            for created in self.on_created:
                await created(group_id)
        stored = await self.repo.settings(group_id)
        group = Group(row.id, row.name, SettingValues(stored, self.defaults))
        # Kept only by a process alone on its database: another process's change of a
        # setting would not show in what this one kept.
        if not self.db.shared:
            self._groups[group_id] = group
        return group

    async def change(self, group_id: str, setting: Setting[Any], raw: str) -> str:
        """Check and store a typed value; returns it as the setting writes it."""
        value = setting.check(raw)
        async with self.db.transaction() as tx:
            await self.repo.set_setting(tx, group_id, setting.name, value)
        self._groups.pop(group_id, None)
        return value

    def default_zone(self) -> str:
        """The zone of a group that changed nothing: for answers that belong to no group."""
        return SettingValues({}, self.defaults).timezone

    async def seen(self, group_id: str, user: User, role: Role | None = None) -> None:
        """Remember that someone is in a group (they count for turnout and nudges).

        A command also records the role it was made with, so organisers can be reached.
        """
        key = (group_id, user.id, user.name, int(role) if role is not None else 0)
        if key in self._seen:
            return
        async with self.db.transaction() as tx:
            await self.repo.add_member(
                tx,
                group_id,
                user.id,
                user.name,
                int(role) if role is not None else None,
                joined_at=self.clock.now(),
            )
        self.names_changed(group_id)

        def remember() -> None:  # only once it is committed: a rolled-back event never was
            self._seen.add(key)
            self.names_changed(group_id)

        self.db.on_commit(remember)

    async def with_role(self, group_id: str, role: Role) -> list[User]:
        """Who last acted in the group with at least `role`: its organisers, say."""
        return [User(m.user_id, m.display_name) for m in await self.repo.with_role(group_id, role)]

    async def remove(self, tx: Tx, group_id: str, user_id: str) -> bool:
        """Forget someone's membership inside the caller's transaction; True if known."""
        removed = await self.repo.remove_member(tx, group_id, user_id)
        self._seen = {m for m in self._seen if m[:2] != (group_id, user_id)}
        self.names_changed(group_id)
        return removed

    async def group_ids(self) -> list[str]:
        """Every group the bot knows (a feature arming work for each at start)."""
        return await self.repo.ids()

    async def groups_of(self, user_id: str) -> list[Group]:
        """Every group someone is in, with its settings."""
        return [await self.group(g.id) for g in await self.repo.groups_of(user_id)]

    async def list(self, group_id: str) -> list[Member]:
        """Everyone known in a group, by name."""
        return await self.repo.members(group_id)

    async def find(self, group_id: str, typed: str) -> Member | None:
        """The member someone means by '@bob', 'Bob' or their id; None if nobody here."""
        return find_member(typed, await self.list(group_id))

    async def names(self, group_id: str) -> dict[str, str]:
        """user id -> the name a group knows them by, for everyone known there (a copy).

        Kept in memory: features ask for it on every message they render, and only
        `seen` and `remove` change who is known and by what name.
        """
        cached = self._names.get(group_id)
        if cached is None:
            writes = self._writes
            cached = {m.user_id: m.display_name for m in await self.repo.members(group_id)}
            if writes == self._writes and not self.db.shared:
                self._names[group_id] = cached
        return dict(cached)

    def names_changed(self, group_id: str) -> None:
        """Drop the names kept for a group.

        A caller whose transaction removed someone calls this again once it has committed:
        a read in between still saw them.
        """
        self._writes += 1
        self._names.pop(group_id, None)

    async def count(self, group_id: str) -> int:
        """How many people the bot knows in a group."""
        return await self.repo.member_count(group_id)

    async def member(self, group_id: str, user_id: str) -> Member | None:
        """One member of a group, if known."""
        return await self.repo.member(group_id, user_id)

    async def is_member(self, group_id: str, user_id: str) -> bool:
        """Whether the bot knows someone in a group."""
        return await self.repo.is_member(group_id, user_id)
