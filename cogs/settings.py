"""Group settings: time zone, who may create polls, reminder lead time, threads."""

from __future__ import annotations

from typing import Annotated, Literal

from bot.core.commands import Arg, Cog, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.model import Field, Reply, Role
from bot.core.timeparse import zone

SettingName = Literal["timezone", "poll_creators", "reminder_hours", "poll_threads", "bot_channel"]
HELP = {
    "timezone": "an IANA zone such as Europe/London",
    "poll_creators": "facilitators or everyone",
    "reminder_hours": "hours before a poll closes to nudge non-voters (0 turns it off)",
    "poll_threads": "on or off: open a discussion thread on each poll",
    "bot_channel": "channel for mentions when someone's DMs are closed (or 'none')",
}


def _check(name: str, raw: str) -> object:
    value = raw.strip()
    if name == "timezone":
        zone(value)
        return value
    if name == "poll_creators":
        if value.lower() not in ("facilitators", "everyone"):
            raise UserError("poll_creators must be facilitators or everyone.")
        return value.lower()
    if name == "reminder_hours":
        if not value.isdigit() or int(value) > 24 * 30:
            raise UserError("reminder_hours must be a whole number of hours from 0 to 720.")
        return int(value)
    if name == "poll_threads":
        if value.lower() not in ("on", "off", "true", "false", "yes", "no"):
            raise UserError("poll_threads must be on or off.")
        return int(value.lower() in ("on", "true", "yes"))
    return None if value.lower() in ("none", "") else value


class Settings(Cog):
    """Shows and changes the group's settings."""

    @command("settings show")
    async def show(self, ctx: Context) -> Reply:
        """Show this group's settings."""
        s = ctx.group.settings
        values = {
            "timezone": s.timezone,
            "poll_creators": s.poll_creators,
            "reminder_hours": str(s.reminder_hours),
            "poll_threads": "on" if s.poll_threads else "off",
            "bot_channel": s.bot_channel or "none",
        }
        return Reply(
            title="Group settings",
            fields=tuple(Field(k, f"{v}  ({HELP[k]})") for k, v in values.items()),
            body="An organiser changes one with `!settings set NAME VALUE`.",
            private=True,
        )

    @command("settings set", role=Role.ORGANISER)
    async def set(
        self,
        ctx: Context,
        name: Annotated[SettingName, Arg("which setting")],
        value: Annotated[str, Arg("its new value")],
    ) -> Reply:
        """Change one of this group's settings."""
        checked = _check(name, value)
        async with self.bot.db.transaction() as tx:
            await self.bot.groups.set_setting(tx, ctx.group.id, name, checked)
        self.bot.forget_group(ctx.group.id)
        return Reply(f"{name} is now {value}.")
