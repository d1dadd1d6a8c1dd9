"""`!help` and `!help poll`, generated from the command declarations."""

from __future__ import annotations

from typing import Annotated

from bot.core.cog import Cog
from bot.core.commands import Arg, CommandSpec, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.model import Field, Reply
from bot.core.parser import suggest
from bot.core.timeparse import DATE_EXAMPLES, LENGTH_EXAMPLES, WHEN_EXAMPLES

TYPED_LIKE = {"WHEN": WHEN_EXAMPLES, "DATE": DATE_EXAMPLES, "LENGTH": LENGTH_EXAMPLES}


def describe(spec: CommandSpec) -> str:
    """A command's usage line, description and parameters, for `!help poll create`."""
    lines = [f"`{spec.usage()}`", spec.description]
    if spec.role.value > 1:
        lines.append(f"For {spec.role.a} or above.")
    for p in spec.params:
        shown = p.flag_name if p.kind in ("option", "flag") else p.shown
        extra = f" (one of: {', '.join(p.choices)})" if p.choices else ""
        lines.append(f"- {shown}: {p.description}{extra}")
    kinds = dict.fromkeys(p.shown for p in spec.params if p.shown in TYPED_LIKE)
    # The same examples the refusals give, so help and a refusal never disagree.
    lines += [f"{kind} is typed like {TYPED_LIKE[kind]}." for kind in kinds]
    return "\n".join(line for line in lines if line)


class Help(Cog):
    """Explains every command."""

    @command("help")
    async def help(
        self, ctx: Context, *topic: Annotated[str, Arg("a command or group", 0, 3)]
    ) -> Reply:
        """List the commands, or explain one: !help poll, !help poll create."""
        commands = self.services.commands
        wanted = " ".join(topic).lower().removeprefix("!")
        if not wanted:
            groups: dict[str, list[CommandSpec]] = {}
            for spec in commands.values():
                groups.setdefault(spec.group, []).append(spec)
            fields = tuple(
                Field(name, "\n".join(f"`!{s.name}`: {s.description}" for s in specs))
                for name, specs in sorted(groups.items())
            )
            return Reply(
                title="Commands",
                body="Type `!help GROUP` (e.g. `!help poll`) for details.",
                fields=fields,
                private=True,
            )
        if wanted in commands:
            return Reply(title=f"!{wanted}", body=describe(commands[wanted]), private=True)
        in_group = [s for s in commands.values() if s.group == wanted]
        if in_group:
            return Reply(
                title=f"!{wanted} commands",
                body="\n\n".join(describe(s) for s in in_group),
                fields=self._settings_part() if wanted == "settings" else (),
                private=True,
            )
        close = suggest(wanted, commands)
        hint = " Did you mean " + ", ".join("!help " + c for c in close) + "?" if close else ""
        raise UserError(f"There is no command or group {wanted!r}.{hint} Type !help to see all.")

    def _settings_part(self) -> tuple[Field, ...]:
        """Every declared setting, by the feature that owns it."""
        by_feature: dict[str, list[str]] = {}
        for feature, setting in self.services.settings.by_feature():
            by_feature.setdefault(feature, []).append(f"`{setting.name}`: {setting.help}")
        return tuple(
            Field(f"{feature} settings", "\n".join(lines)) for feature, lines in by_feature.items()
        )
