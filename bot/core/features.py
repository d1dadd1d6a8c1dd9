"""What every feature contributes: its part of `!me export`, `!me forget` and the digest.

Forgetting is one transaction per group: a crash halfway leaves everything or nothing.
A member who leaves the chat space is forgotten by the same path.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from bot.core.events import Events, MemberLeft
from bot.core.i18n import _
from bot.core.members import Members
from bot.core.parts import Activity, DigestSection, Forgotten
from bot.core.people import People
from storage.buttons import ButtonRepository
from storage.db import Database
from storage.engine import Tx
from storage.outbox import OutboxRepository


class Feature(Protocol):
    """The part of a Cog this module uses (a Protocol, so the core needs no cog import)."""

    feature: str

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """What the feature keeps about someone."""
        ...

    async def forget_person(self, tx: Tx, group_id: str, user_id: str) -> Forgotten | None:
        """Erase someone inside the caller's transaction."""
        ...

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """The feature's part of the weekly digest."""
        ...

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Who took part, and when."""
        ...


def core_forgotten() -> Forgotten:
    """What the core erases about someone, in the active language."""
    return Forgotten(
        "membership",
        erased=(
            _("your membership of the group"),
            _("your profile (zone, quiet hours, constituency)"),
            _("reminders and nudges waiting for you, and the record of those sent"),
        ),
    )


class Features:
    """Asks every feature for its part: about a person (export, forget) or a week (digest)."""

    def __init__(
        self,
        db: Database,
        members: Members,
        people: People,
        cogs: Mapping[str, Feature],
        events: Events,
    ) -> None:
        self.db = db
        self.events = events
        self.members = members
        self.people = people
        self.cogs = cogs

    async def export(self, user_id: str, now: datetime) -> dict[str, Any]:
        """Everything stored about someone, in every group they are in."""
        groups = []
        for group in await self.members.groups_of(user_id):
            profile = await self.people.profile(group.id, user_id)
            seen = await self.members.member(group.id, user_id)
            first = seen.joined_at if seen else None
            part: dict[str, Any] = {
                "group": group.name,
                "group_id": group.id,
                # When the bot first saw them here (the digest marks quiet newcomers "new").
                "first_seen": first.isoformat(timespec="seconds") if first else None,
                "profile": {
                    k: v
                    for k, v in dataclasses.asdict(profile).items()
                    if k not in ("group_id", "user_id")
                },
            }
            for cog in self.cogs.values():
                found = await cog.export_person(group.id, user_id)
                if found:
                    part[cog.feature] = found
            groups.append(part)
        return {
            "user_id": user_id,
            "exported_at": now.isoformat(timespec="seconds"),
            "note": (
                _(
                    "Ballots in anonymous polls are not here: they are stored under a key that "
                    "cannot be linked to you, so nobody, this export included, can tell they are "
                    "yours."
                )
            ),
            "groups": groups,
        }

    async def counts(self, group_id: str, user_id: str) -> dict[str, int]:
        """How many records each feature keeps about someone in a group (for `!me`)."""
        found = {}
        for cog in self.cogs.values():
            part = await cog.export_person(group_id, user_id)
            if part:
                found[cog.feature] = sum(
                    len(v) if isinstance(v, list) else 1 for v in part.values()
                )
        return found

    async def forget(self, group_id: str, user_id: str) -> list[Forgotten] | None:
        """Erase someone from a group, every feature in one transaction; None if unknown.

        The one way anyone is forgotten (`!me forget`, a member who left the chat space);
        listeners hear `MemberLeft` once it is done.
        """
        told: list[Forgotten] = []
        async with self.db.transaction() as tx:
            for cog in self.cogs.values():
                result = await cog.forget_person(tx, group_id, user_id)
                if result is not None:
                    told.append(result)
            # Nudges still owed to them go too; the profile goes with the membership (CASCADE).
            known = await self.members.names(group_id)
            await OutboxRepository(self.db.reader).forget(
                tx, group_id, user_id, known.get(user_id, ""), self.members.clock.now()
            )
            if user_id in known:  # buttons and menus that name them
                await ButtonRepository(self.db.reader).unname(tx, group_id, user_id, known[user_id])
            if not await self.members.remove(tx, group_id, user_id):
                return None
            # Once committed (with whatever else the caller's transaction holds), nobody
            # reads their name from memory again.
            self.db.on_commit(lambda: self.members.names_changed(group_id))
        await self.events.emit(MemberLeft(group_id, user_id))
        return [core_forgotten(), *told]

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Every feature's digest sections, in their order.

        The features are asked together: one's reading overlaps another's working.
        """
        parts = await asyncio.gather(
            *(cog.digest(group_id, since, until) for cog in self.cogs.values())
        )
        return sorted((s for part in parts for s in part), key=lambda s: s.order)

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Everything anyone did in the group in the period, from every feature (together)."""
        parts = await asyncio.gather(
            *(cog.activity(group_id, since, until) for cog in self.cogs.values())
        )
        return sorted((a for part in parts for a in part), key=lambda a: a.at)
