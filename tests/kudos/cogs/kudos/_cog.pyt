"""The kudos commands, and what kudos contribute to export, forget and the digest."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from bot.core.cog import Cog
from bot.core.commands import Arg, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import _, ngettext
from bot.core.model import Reply
from bot.core.parts import Activity, DigestSection, Forgotten
from bot.core.services import Services
from storage.engine import Tx
from storage.kudos import KudosRepository


class Kudos(Cog):
    """Thank someone in front of the group."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.kudos = KudosRepository(self.services.db.reader)

    @command("kudos")
    async def give(
        self,
        ctx: Context,
        person: Annotated[str, Arg("who you thank", metavar="@NAME", person=True)],
        *words: Annotated[str, Arg("what for", metavar="TEXT")],
    ) -> Reply:
        """Thank someone for something, for the whole group to see."""
        member = await self.services.members.find(ctx.group.id, person)
        if member is None:
            raise UserError(
                _("Nobody called {typed!r} is here. Try `!kudos @sam for the notes`.", typed=person)
            )
        if member.user_id == ctx.user.id:
            raise UserError(_("Thank someone else: `!kudos @sam for the notes`."))
        said = " ".join(words)
        async with self.services.db.transaction() as tx:
            await self.kudos.add(tx, ctx.group.id, ctx.user.id, member.user_id, said, ctx.now())
        return Reply(_("{giver} thanks {taker}: {said}", giver=ctx.user.name,
                       taker=member.display_name, said=said))  # fmt: skip

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """The thanks someone gave and received."""
        given, received = await self.kudos.of_person(group_id, user_id)
        return {"given": given, "received": received} if given or received else None

    async def forget_person(
        self, tx: Tx, group_id: str, user_id: str
    ) -> Forgotten | None:
        """Thanks they gave or received go, both sides."""
        await self.kudos.forget(tx, group_id, user_id)
        return Forgotten(self.feature, erased=(_("thanks you gave and received"),))

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """How many thanks the week saw."""
        count = len(await self.kudos.between(group_id, since, until))
        if not count:
            return []
        line = ngettext("{n} thank-you this week.", "{n} thank-yous this week.", count)
        return [DigestSection(_("Kudos"), lines=(line,))]

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Thanking someone is taking part."""
        return [Activity(giver, at, "thanked someone")
                for giver, at in await self.kudos.between(group_id, since, until)]  # fmt: skip
