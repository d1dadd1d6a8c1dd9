"""Group settings: shows and changes what every feature declared (`!settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar

from bot.core.cog import Cog
from bot.core.commands import Arg, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _
from bot.core.limits import LONG
from bot.core.matching import closest
from bot.core.model import Field, Reply, Role
from bot.core.settings import SettingChanged


class Settings(Cog):
    """Shows and changes the group's settings."""

    tasks: ClassVar[Mapping[str, str]] = {"settings": N_("The group's settings")}
    task_order: ClassVar[int] = 90

    async def setting_names(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: declared settings whose name matches what is typed."""
        names = self.services.settings.names()
        return [(n, n) for n in names if typed.strip().lower() in n][:25]

    @command("settings show", menu_role=Role.ORGANISER)
    async def show(self, ctx: Context) -> Reply:
        """Show this group's settings."""
        fields = []
        for feature, setting in self.services.settings.by_feature():
            value = setting.show(ctx.settings[setting])
            fields.append(Field(f"{setting.name} ({feature})", f"{value}  ({_(setting.help)})"))
        return Reply(
            title=_("Group settings"),
            fields=tuple(fields),
            body=_("An organiser changes one with `!settings set NAME VALUE`."),
            private=True,
        )

    @command("settings set", autocomplete={"name": setting_names}, menu_role=Role.ORGANISER)
    async def set(
        self,
        ctx: Context,
        name: Annotated[str, Arg("which setting (see !settings show)")],
        value: Annotated[str, Arg("its new value", max_length=LONG)],
    ) -> Reply:
        """Change one of this group's settings (organisers; a setting may allow others)."""
        names = self.services.settings.names()
        found = closest(name, names)
        setting = self.services.settings.get(found.value or name)
        if setting is None:
            hint = found.did_you_mean().strip() + " " if found.close else ""
            raise UserError(
                _(
                    "There is no setting {name!r}. {hint}The settings are: {names}.",
                    name=name,
                    hint=hint,
                    names=", ".join(names),
                )
            )
        ctx.require(setting.role, _("change {setting_name}", setting_name=setting.name))
        stored = await self.services.members.change(ctx.group.id, setting, value)
        # After the commit: a feature that schedules by a setting (rounds) re-arms on it.
        await self.services.events.emit(SettingChanged(ctx.group.id, setting.name))
        return Reply(_("{setting_name} is now {stored}.", setting_name=setting.name, stored=stored))
